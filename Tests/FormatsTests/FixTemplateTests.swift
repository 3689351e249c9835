import Testing

@testable import Formats

@Suite struct FixTemplateTests {
  static let scale = FixTemplate(argv: [
    "docker", "compose", "-f", "{compose_file}", "up", "-d", "--scale", "{service}={replicas}",
  ])

  @Test func placeholdersInOrderOfAppearance() {
    #expect(Self.scale.placeholders == ["compose_file", "service", "replicas"])
    #expect(FixTemplate(argv: ["echo", "{a}{b}", "{a}", "{not a name}", "{}"]).placeholders == ["a", "b"])
  }

  @Test(arguments: [
    // key=value, bare in order, profile defaults for the rest
    (["replicas=3", "service=crm-events", "compose_file=dc.yml"], [:], "docker compose -f dc.yml up -d --scale crm-events=3"),
    (["dc.yml", "crm-events", "3"], [:], "docker compose -f dc.yml up -d --scale crm-events=3"),
    (["replicas=4", "dc.yml"], ["service": "crm-events"], "docker compose -f dc.yml up -d --scale crm-events=4"),
    (["service=a=b", "x.yml", "2"], [:], "docker compose -f x.yml up -d --scale a=b=2"),
    // an argument overrides the profile; a value holding {x} is not re-expanded
    (["compose_file={service}", "svc", "1"], ["service": "ignored"], "docker compose -f {service} up -d --scale svc=1"),
  ] as [([String], [String: String], String)])
  func fills(arguments: [String], defaults: [String: String], expected: String) throws {
    #expect(try Self.scale.fill(arguments: arguments, defaults: defaults).joined(separator: " ") == expected)
  }

  @Test(arguments: [
    (["replica=3"], "'replica' is not a placeholder of this fix (its placeholders: compose_file, service, replicas)"),
    (["a", "b", "c", "d"], "too many arguments: 'd' has no placeholder left to fill"),
    (["dc.yml"], "no value for {service}, {replicas}: give service=VALUE replicas=VALUE"),
  ])
  func refusesBeforeRunning(arguments: [String], message: String) {
    #expect(throws: FixTemplate.FillError(message: message)) {
      try Self.scale.fill(arguments: arguments, defaults: [:])
    }
  }

  @Test func aFixWithoutPlaceholders() throws {
    let t = FixTemplate(argv: ["systemctl", "restart", "crm-events"])
    #expect(try t.fill(arguments: [], defaults: ["group": "g"]) == ["systemctl", "restart", "crm-events"])
    #expect(throws: FixTemplate.FillError.self) { try t.fill(arguments: ["extra"], defaults: [:]) }
  }
}
