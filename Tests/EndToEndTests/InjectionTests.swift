import Foundation
import Testing

/// Quick fixes and runbooks pass values as argv words, never through a shell:
/// whatever an operator (or an alert label) puts in a value arrives as one
/// literal argument.
@Suite struct InjectionTests {
  static let hostile = [
    "two words", "it's \"quoted\"", "a; touch /tmp/aetherctl-pwned", "$(touch /tmp/aetherctl-pwned)",
    "`id`", "x && y || z", "line1\nline2", "--yes", "{group}", "${HOME}", "*", "'", "",
  ]

  /// `fix record` writes its argv, one NUL-terminated word each, to a file.
  static func home() throws -> URL {
    try scratch([
      "config/aetherctl/config.toml": """
        [fixes.record]
        run = ["sh", "-c", "printf '%s\\\\0' \\"$@\\" > \\"$0\\"", "{out}", "{value}", "fixed"]

        """,
      "config/aetherctl/runbooks/Record.actl": """
        # runbook: Record
        # summary: passes its variable to the fix
        remedy "Record the value" fix record "out=$out" "value=$value"

        """,
    ])
  }

  static func words(_ path: String) throws -> [String] {
    let data = try Data(contentsOf: URL(fileURLWithPath: path))
    return data.split(separator: 0, omittingEmptySubsequences: false).dropLast().map { String(decoding: $0, as: UTF8.self) }
  }

  @Test(arguments: hostile)
  func fixPlaceholderIsOneLiteralArgument(_ value: String) throws {
    try Self.expectOneLiteralArgument(value) { out in ["fix", "record", "out=\(out)", "value=\(value)", "--yes"] }
  }

  @Test(arguments: hostile)
  func runbookVariableIsOneLiteralArgument(_ value: String) throws {
    try Self.expectOneLiteralArgument(value) { out in
      ["runbook", "run", "Record", "--var", "out=\(out)", "--var", "value=\(value)", "--yes"]
    }
  }

  /// Runs `command(out)` with the recording fix configured; the spawned
  /// program must have received `value` as exactly one word, unexpanded.
  static func expectOneLiteralArgument(_ value: String, _ command: (String) -> [String]) throws {
    let home = try home()
    defer { try? FileManager.default.removeItem(at: home) }
    let env = ["XDG_CONFIG_HOME": home.appendingPathComponent("config").path]
    let out = home.appendingPathComponent("argv").path
    let r = try aetherctl(command(out), env: env)
    #expect(r.status == 0, "\(r.stderr)")
    #expect(try words(out) == [value, "fixed"])
    #expect(!FileManager.default.fileExists(atPath: "/tmp/aetherctl-pwned"))
  }
}
