import Foundation
import Testing

@testable import ScriptLanguage

/// A script read a statement at a time gives exactly the statements, and
/// the syntax errors, of the whole-script parser.
struct StatementStreamTests {
  static func streamed(_ source: String) throws(ParseError) -> [Statement] {
    var stream = StatementStream(source)
    var out: [Statement] = []
    while let s = try stream.next() { out.append(s) }
    return out
  }

  static let examples: [String] = {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    let dirs = ["examples", "Sources/Commands/Runbooks/builtin", "Tests/Fuzz/corpus/script"]
    return dirs.flatMap { dir -> [String] in
      let url = root.appendingPathComponent(dir)
      let names = (try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []
      return names.filter { $0.hasSuffix(".actl") }.sorted().compactMap {
        try? String(contentsOf: url.appendingPathComponent($0), encoding: .utf8)
      }
    }
  }()

  @Test func theShippedScriptsReadTheSame() throws {
    #expect(Self.examples.count > 10)
    for source in Self.examples {
      guard let whole = try? Parser.parse(source) else { continue }
      #expect(try Self.streamed(source) == whole.statements)
    }
  }

  @Test(arguments: [
    "echo a; echo b\necho c",
    "if true\n  echo a\nelse\n  echo b\nend\necho after",
    "for i in 1..3; echo $i; end; echo done",
    "x = $(echo a; echo b)\necho $x",
    "set x 1 \\\n  # comment\necho $x",
    "! echo shell; echo after",
    "echo a\nend",
    "echo a\nelse",
    "if true\necho a",
    "for i in 1..2\nif false\nend",
    "echo \"unterminated",
    "echo $(echo a",
    "set 1x 2\necho \"unterminated",
    "",
    "\n\n;;\n",
  ])
  func sameStatementsAndErrors(_ source: String) {
    let whole = Result { () throws(ParseError) in try Parser.parse(source).statements }
    let streamed = Result { () throws(ParseError) in try Self.streamed(source) }
    switch (whole, streamed) {
    case (.success(let a), .success(let b)): #expect(a == b)
    case (.failure(let a), .failure(let b)):
      // The whole parser lexes everything first: a lexical error later on
      // may be reported by it before an earlier syntax error, which the
      // stream reports first. Both refuse the script; never a later one.
      #expect(b.position.line < a.position.line || (b.position.line == a.position.line && b.position.column <= a.position.column))
      if a.position == b.position { #expect(a.message == b.message) }
    default: Issue.record("whole: \(whole), streamed: \(streamed)")
    }
  }
}
