import Foundation
import Testing

@testable import Commands

/// The names file keeps names per place they came from and forgets places
/// not read for a day, so TAB never offers an ended sandbox's names.
struct NamesFileTests {
  func scratch() throws -> (URL, [String: String]) {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("aetherctl-names-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    return (dir, ["XDG_CACHE_HOME": dir.path])
  }

  @Test func eachPlaceKeepsItsOwnNames() throws {
    let (dir, env) = try scratch()
    defer { try? FileManager.default.removeItem(at: dir) }
    let prod = NamesFile.Places(kafka: "kafka-1:9092", prometheus: "http://prom:9090", alertmanager: "http://am:9093")
    let sandbox = NamesFile.Places(kafka: "127.0.0.1:43715", prometheus: "http://127.0.0.1:4", alertmanager: "http://127.0.0.1:5")
    NamesFile.writeKafka(prod, topics: ["orders"], groups: ["billing"], environment: env)
    NamesFile.writeKafka(sandbox, topics: ["aetherlink.events"], groups: ["crm-events-sse"], environment: env)
    NamesFile.writeMetrics(sandbox, ["up"], environment: env)
    var am = AMNames()
    am.matchers = [#"instance="127.0.0.1:43715""#]
    NamesFile.writeAlertmanager(sandbox, am, environment: env)
    let p = NamesFile.read(prod, environment: env)
    #expect(p.topics == ["orders"] && p.groups == ["billing"])
    #expect(p.metrics.isEmpty && p.alertmanager.matchers.isEmpty)
    #expect(p.kafkaAge < 60 && p.prometheusAge == .infinity)
    let s = NamesFile.read(sandbox, environment: env)
    #expect(s.topics == ["aetherlink.events"] && s.metrics == ["up"])
    #expect(s.alertmanager.matchers == [#"instance="127.0.0.1:43715""#])
    // A new look replaces that place's names only.
    NamesFile.writeKafka(prod, topics: ["orders", "refunds"], groups: [], environment: env)
    #expect(NamesFile.read(prod, environment: env).topics == ["orders", "refunds"])
    #expect(NamesFile.read(sandbox, environment: env).topics == ["aetherlink.events"])
  }

  @Test func aPlaceNotReadForADayIsForgotten() throws {
    let (dir, env) = try scratch()
    defer { try? FileManager.default.removeItem(at: dir) }
    let old = Int(Date().timeIntervalSince1970) - 2 * 86_400
    let file = dir.appendingPathComponent("aetherctl/names")
    try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
    try "at\tkafka 127.0.0.1:43715\t\(old)\ntopic\tkafka 127.0.0.1:43715\tgone.topic\n".write(
      to: file, atomically: true, encoding: .utf8)
    let gone = NamesFile.Places(kafka: "127.0.0.1:43715", prometheus: "p", alertmanager: "a")
    #expect(NamesFile.read(gone, environment: env).topics.isEmpty, "too old to offer")
    // The next write anywhere drops it from the file.
    NamesFile.writeKafka(NamesFile.Places(kafka: "b:9092", prometheus: "p", alertmanager: "a"), topics: ["t"], groups: [], environment: env)
    #expect(!(try String(contentsOf: file, encoding: .utf8)).contains("gone.topic"))
  }

  @Test func aURLsPasswordIsNeverWritten() throws {
    let (dir, env) = try scratch()
    defer { try? FileManager.default.removeItem(at: dir) }
    let places = NamesFile.Places(kafka: "b:9092", prometheus: "http://ops:hunter2@prom:9090", alertmanager: "http://am")
    NamesFile.writeMetrics(places, ["up"], environment: env)
    let text = try String(contentsOf: dir.appendingPathComponent("aetherctl/names"), encoding: .utf8)
    #expect(!text.contains("hunter2"), "\(text)")
    #expect(NamesFile.read(places, environment: env).metrics == ["up"])
  }
}

/// What TAB offers after `fix NAME`, as the REPL and the three shells pass
/// the words (bash splits `KEY=VALUE` at the `=`).
struct FixArgumentNamesTests {
  static let names: @Sendable (NameKind) -> [String] = { kind in kind == .topics ? ["aetherlink.events"] : ["crm-events-sse"] }

  @Test(arguments: [
    (["aetherctl", "fix", "scale", ""], ["service=", "replicas="]),
    (["aetherctl", "fix", "scale", "s"], ["service=crm-events", "service=crm-events-sink", "service=kafka-exporter", "service=prometheus", "service=alertmanager"]),
    (["aetherctl", "fix", "scale", "service=crm-events", "r"], ["replicas=1", "replicas=2", "replicas=3", "replicas=4", "replicas=5", "replicas=6"]),
    (["aetherctl", "fix", "scale", "service=crm-events", ""], ["replicas=1", "replicas=2", "replicas=3", "replicas=4", "replicas=5", "replicas=6"]),
    (["fix", "stop", "container=aether-crm"], ["container=aether-crm-events", "container=aether-crm-events-sink"]),
    // bash: `service=crm` arrives as `service`, `=`, `crm`; and `=` alone right after it.
    (["aetherctl", "fix", "scale", "service", "=", "crm"], ["crm-events", "crm-events-sink"]),
    (["aetherctl", "fix", "scale", "service", "=", ""], ["crm-events", "crm-events-sink", "kafka-exporter", "prometheus", "alertmanager"]),
    (["aetherctl", "fix", "scale", "service", "=", "crm-events", ""], ["replicas=1", "replicas=2", "replicas=3", "replicas=4", "replicas=5", "replicas=6"]),
    (["fix", "reset-offsets", "g", "t"], ["to=", "topic="]),
    // A bare value fills the next open placeholder: here the service.
    (["aetherctl", "fix", "scale", "crm-events", ""], ["replicas=1", "replicas=2", "replicas=3", "replicas=4", "replicas=5", "replicas=6"]),
    (["fix", "reset-offsets", "g", "to"], ["to=", "topic="]),
    (["fix", "reset-offsets", "g", "to="], ["to=start", "to=end"]),
    (["fix", "reset-offsets", "g", "top"], ["topic=aetherlink.events"]),
  ])
  func offers(words: [String], expected: [String]) {
    #expect(NameKind.fixName(in: ["aetherctl", "fix", "-o", "json", "scale", ""]) == "scale")
    #expect(NameKind.fixName(in: ["fix", "--yes", "stop", "x"]) == "stop")
    #expect(NameKind.fixName(in: ["fix", "--timeout", "5s", "scale", ""]) == "scale")
    let placeholders = words.contains("reset-offsets") ? ["group", "to", "topic"] : words.contains("stop") ? ["container"] : ["service", "replicas"]
    // Filtered by the word typed, as the declaration's closure filters.
    let got = FixArgumentNames.candidates(placeholders: placeholders, words: words, names: Self.names)
      .filter { $0.hasPrefix(words.last!) }
    #expect(got == expected, "\(words)")
  }
}

@testable import Clients

/// Ctrl-R's search, key by key, without a terminal.
struct HistorySearchTests {
  let entries = ["lag crm-events-sse", "status crm-events-sse", "lag other", "tail t"]

  @Test func typingNarrowsAndCtrlRGoesOlder() {
    var s = HistorySearch(entries: entries)
    #expect(s.match == nil && s.prompt == "(reverse-i-search)`': ")
    s.type("l")
    #expect(s.match == "tail t")
    s.type("a")
    #expect(s.match == "lag other" && s.matchOffset == 0)
    s.older()
    #expect(s.match == "lag crm-events-sse")
    s.older()
    #expect(s.match == "lag crm-events-sse" && s.failed, "no older match: the last one stays, failing")
    #expect(s.prompt == "(failed reverse-i-search)`la': ")
    s.erase()
    #expect(s.pattern == "la" && s.match == "lag crm-events-sse" && !s.failed, "Backspace undoes the failed Ctrl-R")
    s.erase()
    #expect(s.pattern == "la" && s.match == "lag other", "then the Ctrl-R before it, to the newer match")
    s.erase()
    #expect(s.pattern == "l" && s.match == "tail t", "then the key typed")
    s.type("q")
    #expect(s.failed && s.match == "tail t")
    s.erase()
    s.erase()
    s.erase()
    #expect(s.pattern == "" && s.match == nil, "back to where the search began, and no further")
  }

  /// Ctrl-R on an empty pattern searches for the last search's pattern again.
  @Test func ctrlROnNothingRepeatsTheLastSearch() {
    var s = HistorySearch(entries: entries, previous: "lag")
    s.older()
    #expect(s.pattern == "lag" && s.match == "lag other")
    s.older()
    #expect(s.match == "lag crm-events-sse")
    var none = HistorySearch(entries: entries)
    none.older()
    #expect(none.pattern == "" && none.match == nil && !none.failed)
  }

  @Test func theMatchOffsetIsWhereThePatternStarts() {
    var s = HistorySearch(entries: entries)
    for c in "crm" { s.type(c) }
    #expect(s.match == "status crm-events-sse" && s.matchOffset == 7)
  }
}
