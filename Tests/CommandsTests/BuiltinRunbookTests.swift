import Foundation
import Testing

@testable import Commands
@testable import TOML
@testable import Shell
@testable import Output
@testable import Config
@testable import Host
import ScriptLanguage

/// The compiled-in list and the directory agree, and every header is complete.
@Suite struct BuiltinRunbookTests {
  static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("Sources/Commands/Runbooks/builtin")

  @Test func everyFileIsListedAndEveryListedFileExists() throws {
    let files = try FileManager.default.contentsOfDirectory(atPath: Self.directory.path)
      .filter { $0.hasSuffix(".actl") }.map { String($0.dropLast(5)) }.sorted()
    #expect(BuiltinRunbooks.all.map(\.name).sorted() == files)
    for (name, bytes) in BuiltinRunbooks.all {
      let onDisk = try Data(contentsOf: Self.directory.appendingPathComponent(name + ".actl"))
      #expect(Array(onDisk) == bytes, "\(name) is stale: rebuild")
    }
  }

  @Test func headersNameTheRunbookSeveritySummaryAndAlert() {
    for (name, bytes) in BuiltinRunbooks.all {
      let book = Runbook(name: name, source: String(decoding: bytes, as: UTF8.self), origin: .builtIn)
      #expect(book.source.hasPrefix("# runbook: \(name)\n"), "\(name)")
      #expect(["critical", "warning", "info"].contains(book.severity), "\(name): \(book.severity)")
      #expect(!book.summary.isEmpty && book.summary.count <= 100, "\(name)")
      #expect(!book.alert.isEmpty, "\(name)")
    }
  }

  @Test(arguments: [
    ("# runbook: X\n# severity: critical\n# summary: s: with colon\n# alert: up == 0\nstep a\n", "critical", "s: with colon", "up == 0"),
    ("# runbook: X\n\n# severity: ignored after a blank line\n", "-", "", ""),
    ("echo no header\n", "-", "", ""),
  ])
  func headerParsing(source: String, severity: String, summary: String, alert: String) {
    let b = Runbook(name: "X", source: source, origin: .builtIn)
    #expect(b.severity == severity)
    #expect(b.summary == summary)
    #expect(b.alert == alert)
  }

  @Test(arguments: [
    ("group = setting group | the consumer group", "group", "group", nil, "the consumer group"),
    ("capacity = setting capacity, else measured | events/s", "capacity", "capacity", "measured", "events/s"),
    ("window = 10s | how long", "window", nil, "10s", "how long"),
    ("keys = 1000", "keys", nil, "1000", ""),
  ] as [(String, String, String?, String?, String)])
  func variableDeclarations(text: String, name: String, setting: String?, fallback: String?, help: String) throws {
    let v = try #require(RunbookVariable(declaration: Substring(text)))
    #expect(v.name == name)
    #expect(v.setting == setting)
    #expect(v.fallback == fallback)
    #expect(v.help == help)
  }

  @Test(arguments: ["no equals sign", "bad name = 1", " = 1", "x = "])
  func notADeclaration(text: String) {
    #expect(RunbookVariable(declaration: Substring(text)) == nil)
  }

  /// Every built-in declares what it uses from the session, by settings that exist and are not secret.
  @Test func builtInVariablesNameRealSettings() {
    for (name, bytes) in BuiltinRunbooks.all {
      let book = Runbook(name: name, source: String(decoding: bytes, as: UTF8.self), origin: .builtIn)
      #expect(!book.variables.isEmpty, "\(name)")
      for v in book.variables {
        #expect(v.setting != nil || v.fallback != nil, "\(name): \(v.name)")
        if let s = v.setting {
          let row = SettingsTable.row(named: s)
          #expect(row != nil && row?.secret == false, "\(name): \(v.name) names setting \(s)")
        }
      }
      // The body no longer sets its own defaults: the declarations do.
      #expect(!book.source.contains("${group:-"), "\(name)")
    }
  }

  @Test func outlineListsStepsAndRemediesWithTheirFix() throws {
    let source = """
      step "First $group look"
      if $x == 1
        remedy "Scale to ${n}x" fix scale service=crm-events replicas=$n
      else
        remedy --yes "Silence it" am silence add X --duration 1h --comment c
      end
      step Verdict
      """
    let outline = RunbookOutline(try Parser.parse(source))
    #expect(outline.steps == ["First $group look", "Verdict"])
    #expect(outline.remedies.map(\.summary) == ["Scale to ${n}x", "Silence it"])
    #expect(outline.remedies.map(\.fix) == ["scale", nil])
    #expect(outline.remedies[0].command == "fix scale service=crm-events replicas=$n")
  }
}

