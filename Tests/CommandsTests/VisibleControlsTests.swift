import Formats
import Output
import Testing

/// Issue 29: control characters a server supplies (a label value, an alert
/// or topic name, an SSE event, a warning) are shown on a terminal, never
/// sent: a server cannot clear the screen, retitle the window or write the
/// clipboard. JSON escapes them itself; off a terminal they pass unchanged.
struct VisibleControlsTests {
  @Test(arguments: [
    ("plain text", "plain text"),
    ("two\nlines\tand a tab", "two\nlines\tand a tab"),
    ("\u{1B}[2J\u{1B}[H", "\\x1B[2J\\x1B[H"),
    ("\u{1B}]0;pwned\u{07}", "\\x1B]0;pwned\\x07"),
    ("\u{1B}]52;c;ZXZpbA==\u{1B}\\", "\\x1B]52;c;ZXZpbA==\\x1B\\"),
    ("bell\u{07}del\u{7F}c1\u{9B}", "bell\\x07del\\x7Fc1\\x9B"),
    ("café ✓ 日本", "café ✓ 日本"),
    ("cr\rback", "cr\\x0Dback"),
  ])
  func shown(text: String, expected: String) {
    #expect(visibleControls(text) == expected)
  }

  @Test func aTerminalRendererShowsThemEverywhereAndKeepsItsOwnColours() {
    let hostile = "CrmEvents\u{1B}]52;c;eA==\u{07}Down"
    let report = Report(
      json: .object([("alert", .string(hostile))]),
      sections: [
        .fields([("alert", Cell(hostile, level: .critical))]),
        .table(Table(title: hostile, headers: ["topic"], rows: [[Cell(hostile)]])),
        .note("warning: " + hostile),
        .styled("\u{1B}[32mchart\u{1B}[0m"),
      ], plain: hostile)
    let terminal = Renderer(format: .table, color: true, prettyJSON: false, visible: true).render(report)
    #expect(!terminal.contains("\u{1B}]52"), "\(terminal.debugDescription)")
    #expect(terminal.contains("CrmEvents\\x1B]52;c;eA==\\x07Down"))
    // Its own colours (the critical level, the chart) stay escape sequences.
    #expect(terminal.contains("\u{1B}[31;1m"))
    #expect(terminal.contains("\u{1B}[32mchart\u{1B}[0m"))
    let plain = Renderer(format: .plain, color: false, prettyJSON: false, visible: true).render(report)
    #expect(plain == "CrmEvents\\x1B]52;c;eA==\\x07Down\n")
    // JSON escapes control characters as JSON does.
    let json = Renderer(format: .json, color: false, prettyJSON: false, visible: true).render(report)
    #expect(json.contains(#"\u001b]52"#) || json.contains(#"\u001B]52"#), "\(json)")
    // Not a terminal (a pipe, a file): the bytes as they came.
    let piped = Renderer(format: .plain, color: false, prettyJSON: false).render(report)
    #expect(piped == hostile + "\n")
  }
}
