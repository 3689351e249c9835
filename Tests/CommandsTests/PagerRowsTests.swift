import Testing

@testable import Clients

/// Whether output is long enough to page is counted in terminal rows: a
/// line wider than the terminal takes several.
struct PagerRowsTests {
  @Test(arguments: [
    ("", 80, 0),
    ("one\n", 80, 1),
    ("one\ntwo", 80, 2),
    (String(repeating: "x", count: 80) + "\n", 80, 1),
    (String(repeating: "x", count: 81) + "\n", 80, 2),
    (String(repeating: "x", count: 200) + "\n", 80, 3),
    ("\n\n\n", 80, 3),
    // Colour codes take no room; a tab runs to the next multiple of 8.
    ("\u{1B}[1;31m" + String(repeating: "x", count: 80) + "\u{1B}[0m\n", 80, 1),
    ("\t" + String(repeating: "x", count: 73) + "\n", 80, 2),
    ("café\n", 4, 1),
  ])
  func rowsOfText(text: String, columns: Int, rows: Int) {
    #expect(Pager.rows(of: text, columns: columns, upTo: 1000) == rows)
  }

  @Test func countingStopsAtTheLimit() {
    let long = String(repeating: "line\n", count: 100_000)
    #expect(Pager.rows(of: long, columns: 80, upTo: 23) == 23)
  }
}
