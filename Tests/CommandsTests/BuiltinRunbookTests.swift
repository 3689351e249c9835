import Foundation
import Testing

@testable import Commands
@testable import TOML
@testable import Shell
@testable import Output
@testable import Config
@testable import Host

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
}
