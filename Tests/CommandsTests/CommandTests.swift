import Foundation
import Formats
import Testing
import Vocabulary

@testable import Commands
@testable import TOML
@testable import Shell
@testable import Output
@testable import Config
@testable import Host
@testable import ScriptLanguage

func session(_ flags: GlobalFlags = GlobalFlags(), config: ConfigFile = ConfigFile()) throws -> Session {
  try Session(flags: flags, environment: [:], config: config)
}

/// Runs one command the way a script's `$(…)` does and returns its plain output.
func plain(_ argv: [String]) throws -> CommandOutcome {
  try session().execute(argv, capture: true)
}

struct CommandTests {
  @Test func etaPlainIsTheEtaSeconds() throws {
    let o = try plain(["eta", "--lag", "600", "--consume-rate", "2.7"])
    #expect(o.status == 0)
    #expect(o.output == "222.2\n")
    #expect(try plain(["eta", "--lag", "5", "--consume-rate", "1", "--produce-rate", "2"]).output == "never\n")
  }

  @Test func scaleHintPlainIsTheRecommendation() throws {
    #expect(try plain(["scale-hint", "--rate", "20", "--capacity", "5", "--partitions", "3"]).output == "3\n")
  }

  @Test func scaleHintTakesCapacityFromTheProfile() throws {
    let config = try ConfigFile.parse("[profiles.local]\ncapacity = 2\n", file: "c")
    let s = try session(config: config)
    #expect(s.execute(["scale-hint", "--rate", "5"], capture: true).output == "3\n")
    let none = try plain(["scale-hint", "--rate", "5"])
    #expect(none.status == 2)
    #expect(none.error?.contains("--capacity") == true)
  }

  @Test func skewPlainIsTheRatio() throws {
    #expect(try plain(["skew", "--lags", "0,0,339"]).output == "3\n")
  }

  @Test(arguments: [
    (["eta", "--lag", "5"], "the local form needs --lag and --consume-rate"),
    (["scale-hint", "--lag", "5"], "the live form measures the lag itself"),
    (["eta", "--lag", "x", "--consume-rate", "1"], "'x' is not a whole number"),
    (["eta", "--lag", "5", "--consume-rate", "fast"], "'fast' is not a number"),
    (["eta", "--lag", "5", "--consume-rate", "1", "--window", "5s"], "--window applies to the live form"),
    (["eta", "g", "--lag", "5"], "not both"),
    (["scale-hint", "--rate", "1", "--capacity", "1", "--lag", "5"], "--lag and --target-drain go together"),
    (["scale-hint", "--rate", "1", "--capacity", "1", "--lag", "5", "--target-drain", "soon"], "bad duration 'soon'"),
    (["skew", "--lags", "1,,3"], "lag #2 '' is not a whole number"),
    (["skew", "--lags", "1,-3"], "lag #2 must not be negative"),
    (["sleep", "5x"], "unknown unit 'x'"),
    (["exit", "300"], "exit status must be 0–255"),
    (["eta", "--lagg", "5"], "did you mean '--lag'?"),
    (["nosuch"], "unknown command 'nosuch'"),
    (["skw"], "did you mean 'skew'?"),
  ])
  func usageErrorsExitTwoWithAOneLineMessage(argv: [String], message: String) throws {
    let o = try plain(argv)
    #expect(o.status == 2)
    let error = try #require(o.error)
    #expect(error.contains(message), "got: \(error)")
    #expect(!error.contains("\n"))
  }

  @Test func capacityInputErrorsAreUsageErrors() throws {
    let o = try plain(["scale-hint", "--rate", "1", "--capacity", "0"])
    #expect(o.status == 2)
    #expect(o.error == "scale-hint: capacity must be greater than 0")
  }


  @Test func helpForEveryCommand() throws {
    for name in Registry.names {
      let o = try plain(["help", name])
      #expect(o.status == 0, "help \(name)")
      #expect(o.output.contains("USAGE: aetherctl \(name)"), "help \(name): \(o.output.prefix(80))")
      #expect(try plain([name, "--help"]).output == o.output)
    }
    #expect(try plain(["help", "wait"]).output.contains("--timeout DURATION"))
    #expect(try plain(["help", "config", "show"]).output.contains("USAGE: aetherctl config show"))
  }

  @Test func helpOverviewListsEveryCommandByGroup() throws {
    let text = try plain(["help"]).output
    for name in Registry.names { #expect(text.contains("  \(name) ")) }
    #expect(text.contains("Capacity (local math):"))
  }

  @Test func exitIsAnExitRequest() throws {
    let o = try plain(["exit", "4"])
    #expect(o.status == 4)
    #expect(o.exitRequested)
  }

  @Test func configShowMasksSecrets() throws {
    let config = try ConfigFile.parse(
      "[profiles.local]\nprometheus_token = \"tok-123\"\n[profiles.local.kafka]\n\"sasl.password\" = \"hunter2\"\n", file: "c")
    var flags = GlobalFlags()
    for p in ["ssl.key.password=pem-secret"] { flags.give(SettingsTable.kafkaProperties, p) }
    let s = try Session(flags: flags, environment: ["AETHER_PROMETHEUS_TOKEN": "env-token"], config: config)
    // Each format really rendered (an explicit -o wins over the capture's plain).
    var seen: Set<String> = []
    for format in OutputFormat.allCases {
      let text = s.execute(["config", "show", "-o", format.rawValue], capture: true).output
      seen.insert(text)
      #expect(text.contains("********"), "\(format) shows the mask: \(text)")
      if format == .json { #expect(text.hasPrefix("{") || text.hasPrefix("["), "\(text)") }
      for secret in ["hunter2", "pem-secret", "tok-123", "env-token"] {
        #expect(!text.contains(secret), "\(format) leaks \(secret)")
      }
    }
    #expect(seen.count == OutputFormat.allCases.count, "every format renders differently")
    let shown = s.execute(["config", "show"], capture: true).output
    #expect(shown.contains("kafka.sasl.password=********"))
  }

  @Test func profileUseSwitchesTheSession() throws {
    let config = try ConfigFile.parse("[profiles.a]\nbrokers = \"a:1\"\n[profiles.b]\nbrokers = \"b:2\"\n", file: "c")
    let s = try session(config: config)
    #expect(s.settings.brokers.value == "a:1")
    #expect(s.execute(["profile", "use", "b"], capture: true).status == 0)
    #expect(s.settings.brokers.value == "b:2")
    let bad = s.execute(["profile", "use", "c"], capture: true)
    #expect(bad.status == 2)
    #expect(s.settings.brokers.value == "b:2")
  }

  @Test func registryCheckSeesBadFlagsWithoutRunning() {
    #expect(Registry.check(["eta", "--lag", "5", "--consume-rate", "1"]) == nil)
    #expect(Registry.check(["eta", "--lag", nil]) == nil)
    #expect(Registry.check(["eta", "--bogus", "1"])?.contains("unknown option '--bogus'") == true)
    #expect(Registry.check(["sleep", "forever"])?.contains("bad duration") == true)
    #expect(Registry.check([nil, "x"]) == nil)
  }
}

struct RendererTests {
  let report = Report(
    json: .object([("lag", .int(600)), ("eta", .double(222.5)), ("status", .string("draining")), ("none", .null)]),
    sections: [
      .fields([("lag", Cell("600", level: .critical)), ("status", Cell("draining"))]),
      .table(Table(headers: ["p", "lag"], rows: [[Cell("0"), Cell("1,000", numeric: true)], [Cell("1"), Cell("5", numeric: true)]])),
    ],
    plain: "222.5")

  @Test func jsonIsOneParseableObjectPerCommand() throws {
    let text = Renderer(format: .json, color: false, prettyJSON: false).render(report)
    #expect(text == "{\"lag\":600,\"eta\":222.5,\"status\":\"draining\",\"none\":null}\n")
    let parsed = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
    #expect(parsed?["lag"] as? Int == 600)
  }

  @Test func jsonEscapesAndNonFiniteNumbers() throws {
    let j = JSON.object([
      ("s", .string("a\"b\\c\n\u{1}é")), ("nan", .double(.nan)), ("inf", .double(.infinity)), ("ninf", .double(-.infinity)),
    ])
    let text = j.serialized()
    #expect(text == "{\"s\":\"a\\\"b\\\\c\\n\\u0001é\",\"nan\":\"NaN\",\"inf\":\"+Inf\",\"ninf\":\"-Inf\"}")
    #expect((try? JSONSerialization.jsonObject(with: Data(text.utf8))) != nil)
  }

  @Test func tableAlignsAndOnlyColoursWhenAsked() {
    let plainTable = Renderer(format: .table, color: false, prettyJSON: false).render(report)
    #expect(plainTable == "lag     600\nstatus  draining\n\np    lag\n0  1,000\n1      5\n")
    #expect(!plainTable.contains("\u{1B}["))
    let coloured = Renderer(format: .table, color: true, prettyJSON: false).render(report)
    #expect(coloured.contains("\u{1B}[31;1m600\u{1B}[0m"))
  }

  @Test func csvQuotesAndUsesTheFirstTable() {
    let text = Renderer(format: .csv, color: false, prettyJSON: false).render(report)
    #expect(text == "p,lag\n0,\"1,000\"\n1,5\n")
    let fieldsOnly = Report(json: .object([("a", .string("x,y")), ("b", .int(2))]), sections: [], plain: "")
    #expect(Renderer(format: .csv, color: false, prettyJSON: false).render(fieldsOnly) == "a,b\n\"x,y\",2\n")
  }

  @Test func plainIsTheHeadline() {
    #expect(Renderer(format: .plain, color: false, prettyJSON: false).render(report) == "222.5\n")
  }

  @Test(arguments: [(222.2222, "222.22"), (3.0, "3"), (0.1, "0.1"), (Double.nan, "NaN"), (-Double.infinity, "-Inf")])
  func numbers(value: Double, text: String) {
    #expect(formatNumber(value) == text)
  }

  @Test func counts() {
    #expect(formatCount(1_000_000) == "1,000,000")
    #expect(formatCount(999) == "999")
    #expect(formatCount(-1234) == "-1,234")
  }
}
