import Testing

@testable import Commands

struct TOMLTests {
  @Test func parsesTheDocumentedConfig() throws {
    let text = """
      profile = "local"                       # the default profile

      [profiles.local]
      brokers = "localhost:9092"
      prometheus = "http://localhost:9090"
      topic = "aetherlink.events"
      group = "crm-events-sse"
      capacity = 5.0
      protected = false
      [profiles.local.kafka]
      "security.protocol" = "plaintext"

      [fixes.scale]
      run = ["docker", "compose", "-f", "{compose_file}", "up", "-d", "--scale", "{service}={replicas}"]
      summary = "Scale a compose service"
      """
    let config = try ConfigFile.parse(text, file: "c.toml")
    #expect(config.defaultProfile == "local")
    let p = try #require(config.profiles["local"])
    #expect(p.brokers == "localhost:9092")
    #expect(p.capacity == 5)
    #expect(p.protected == false)
    #expect(p.kafka.map(\.key) == ["security.protocol"])
    #expect(config.fixes.first?.run.last == "{service}={replicas}")
    #expect(config.fixes.first?.summary == "Scale a compose service")
    #expect(config.warnings.isEmpty)
  }

  @Test(arguments: [
    ("a = 'lit\\eral'", TOMLValue.string("lit\\eral")),
    ("a = \"t\\u00e9\\n\"", .string("té\n")),
    ("a = 1_000", .integer(1000)),
    ("a = -7", .integer(-7)),
    ("a = 0x1f", .integer(31)),
    ("a = 2.5e1", .float(25)),
    ("a = true", .bool(true)),
    ("a = \"\"\"\nline1\nline2\"\"\"", .string("line1\nline2")),
    ("a = '''raw\\n'''", .string("raw\\n")),
  ])
  func scalars(text: String, expected: TOMLValue) throws {
    let t = try TOML.parse(text)
    #expect(t["a"]?.value == expected)
  }

  @Test func arraysInlineTablesAndDottedKeys() throws {
    let t = try TOML.parse("a = [1, 2,\n  3, # c\n]\nb = { x = 1, y.z = \"q\" }\nc.d = 5\n")
    guard case .array(let items) = t["a"]?.value else { Issue.record("no array"); return }
    #expect(items.map(\.value) == [.integer(1), .integer(2), .integer(3)])
    guard case .table(let b) = t["b"]?.value, case .table(let y) = b["y"]?.value else {
      Issue.record("no inline table")
      return
    }
    #expect(y["z"]?.value == .string("q"))
    guard case .table(let c) = t["c"]?.value else { Issue.record("no dotted table"); return }
    #expect(c["d"]?.value == .integer(5))
  }

  @Test(arguments: [
    ("a = 1\na = 2", 2, "defined twice"),
    ("[t]\n[t]", 2, "defined twice"),
    ("a = \"open", 1, "unterminated string"),
    // The line the string starts on, not the next one where the reader stopped.
    ("a = \"x\nb = 2", 1, "unterminated string"),
    ("\na = 'x\nb = 2", 2, "unterminated string"),
    ("a = \"\"\"x\n\ny", 1, "unterminated multi-line string"),
    ("a = bare", 1, "strings need quotes"),
    ("a = 1 2", 1, "after a value"),
    ("a = 1979-05-27", 1, "dates"),
    ("[[items]]", 1, "arrays of tables"),
    ("\n\nkey", 3, "expected '='"),
    ("a = [1, 2", 1, "expected ',' or ']'"),
    ("a = \"\\q\"", 1, "unknown escape"),
    ("x = 1\n[x]", 2, "not a table"),
  ])
  func errorsNameTheLine(text: String, line: Int, message: String) {
    do {
      _ = try TOML.parse(text)
      Issue.record("parsed: \(text)")
    } catch {
      #expect(error.line == line)
      #expect(error.message.contains(message), "got \(error.message)")
    }
  }
}

struct ConfigTests {
  @Test(arguments: [
    ("[profiles.p]\ncapacity = \"fast\"", 2, "key 'profiles.p.capacity' must be a finite number, got a string"),
    ("[profiles.p]\nprotected = 1", 2, "key 'profiles.p.protected' must be true or false, got an integer"),
    ("[profiles.p]\nbrokers = 9092", 2, "key 'profiles.p.brokers' must be a string, got an integer"),
    ("[profiles.p]\ntimeout = \"5x\"", 2, "key 'profiles.p.timeout'"),
    ("[profiles.p]\ncapacity = -1", 2, "must be greater than 0"),
    ("profile = \"prod\"\n[profiles.p]", 1, "names 'prod', which has no [profiles.prod]"),
    ("profiles = 3", 1, "key 'profiles' must be a table"),
    ("[fixes.scale]\nsummary = \"x\"", 1, "needs 'run'"),
    ("[fixes.scale]\nrun = \"docker\"", 2, "must be a non-empty array of strings"),
    ("[fixes.scale]\nrun = [\"a\", 1]", 2, "must be a string"),
    ("[profiles.p.kafka]\n\"a\" = [1]", 2, "librdkafka property"),
    ("[profiles.p.thresholds]\nlag = \"x\"", 2, "thresholds.lag"),
  ])
  func errorsNameFileLineAndKey(text: String, line: Int, message: String) {
    do {
      _ = try ConfigFile.parse(text, file: "/etc/a.toml")
      Issue.record("accepted: \(text)")
    } catch let e as ConfigError {
      #expect(e.description.hasPrefix("/etc/a.toml:\(line): "), "got \(e)")
      #expect(e.message.contains(message), "got \(e.message)")
    } catch {
      Issue.record("unexpected \(error)")
    }
  }

  @Test func unknownKeysWarnWithASuggestion() throws {
    let config = try ConfigFile.parse("[profiles.p]\nbrokerz = \"x\"\n", file: "c.toml")
    #expect(config.warnings == ["c.toml:2: unknown key 'brokerz' in [profiles.p], ignored (did you mean 'brokers'?)"])
  }

  @Test func thresholdsOverride() throws {
    let config = try ConfigFile.parse("[profiles.p.thresholds]\nlag = 100\nskew_critical = 6\n", file: "c")
    #expect(config.profiles["p"]?.thresholds.lagCritical == 100)
    #expect(config.profiles["p"]?.thresholds.skewCritical == 6)
  }

  @Test(arguments: [
    ("sasl.password", true), ("ssl.key.password", true), ("sasl.oauthbearer.client.secret", true),
    ("prometheus_token", true), ("sasl.username", false), ("bootstrap.servers", false),
  ])
  func secretKeys(key: String, secret: Bool) {
    #expect(isSecretKey(key) == secret)
  }
}
