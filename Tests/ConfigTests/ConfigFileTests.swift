import Foundation
import Testing

@testable import Config
import TOML

struct ConfigFileTests {
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()
  /// The documented config: one file, read here and by the TOML reader's tests.
  static let documented = root.appendingPathComponent("examples/config.toml")

  /// Every config block of the README is the documented file, as it is.
  @Test func theReadmeShowsTheDocumentedConfig() throws {
    let readme = try String(contentsOf: Self.root.appendingPathComponent("README.md"), encoding: .utf8)
    let file = try String(contentsOf: Self.documented, encoding: .utf8)
    let blocks = readme.components(separatedBy: "```toml\n").dropFirst().map { $0.components(separatedBy: "```")[0] }
    #expect(blocks.count == 2, "the README's config blocks: \(blocks.count)")
    for b in blocks { #expect(file.contains(b), "the README shows config the documented file lacks:\n\(b)") }
    let shown = blocks.joined(separator: "\n")
    for line in file.split(separator: "\n") where !line.hasPrefix("#") && !line.isEmpty {
      #expect(shown.contains(line), "the README does not show '\(line)'")
    }
  }

  @Test func parsesTheDocumentedConfig() throws {
    let text = try String(contentsOf: Self.documented, encoding: .utf8)
    let config = try ConfigFile.parse(text, file: "c.toml")
    #expect(config.defaultProfile == "local")
    let p = try #require(config.profiles["local"])
    #expect(p.brokers == "localhost:9092")
    #expect(p.capacity == 5)
    #expect(p.protected == false)
    #expect(p.kafka.map(\.key) == ["security.protocol"])
    #expect(config.fixes.first?.run.last == "{service}={replicas}")
    #expect(config.fixes.first?.summary == "Scale a service's replicas")
    #expect(p.thresholds.lagCritical == 500)
    #expect(p.commitInterval == 5, "set in the file, not the default")
    #expect(config.warnings.isEmpty)
  }

}

struct ConfigTests {
  @Test(arguments: [
    ("[profiles.p]\ncapacity = \"fast\"", 2, "key 'profiles.p.capacity' must be a finite number, got a string"),
    ("[profiles.p]\nprotected = 1", 2, "key 'profiles.p.protected' must be true or false, got an integer"),
    ("[profiles.p]\nbrokers = 9092", 2, "key 'profiles.p.brokers' must be a string, got an integer"),
    // Dates and arrays of tables are TOML: they load, and the setting that reads one refuses it with its line.
    ("[profiles.p]\n\nbrokers = 1979-05-27", 3, "key 'profiles.p.brokers' must be a string, got a date"),
    ("[profiles.p]\ntimeout = 07:32:00", 2, "key 'profiles.p.timeout' must be a duration such as \"10s\", got a time"),
    ("[[profiles]]\nname = \"p\"", 1, "key 'profiles' must be a table, got an array"),
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

  /// Issue 29: a threshold past what an Int64 holds saturates, never traps.
  @Test func aHugeLagThresholdSaturates() throws {
    let config = try ConfigFile.parse("[profiles.p.thresholds]\nlag = 1e300\n", file: "c")
    #expect(config.profiles["p"]?.thresholds.lagCritical == Int64.max)
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
