import Testing

@testable import ScriptLanguage

/// Issue 29: conditions compare numbers as written, never through a double
/// that cannot tell 2^53 + 1 from 2^53.
struct ExactNumberTests {
  @Test(arguments: [
    ("9007199254740993", "9007199254740992", 1),
    ("9007199254740992", "9007199254740992", 0),
    ("-9223372036854775808", "-9223372036854775807", -1),
    ("99999999999999999999999", "99999999999999999999998", 1),
    ("1.50", "1.5", 0), ("1e3", "1000", 0), ("1E-1", "0.1", 0), ("-0", "0", 0), ("+5", "5", 0),
    ("0.1", "0.10000000000000001", -1), ("-2.5", "-2.4", -1), ("007", "7", 0), ("0.0", "-0.000", 0),
    ("123456789012345678901234567890.5", "123456789012345678901234567890.4", 1),
  ])
  func orders(a: String, b: String, expected: Int) throws {
    let x = try #require(ExactNumber(a))
    let y = try #require(ExactNumber(b))
    #expect(ExactNumber.order(x, y) == expected)
    #expect(ExactNumber.order(y, x) == -expected)
  }

  @Test(arguments: ["", "abc", "1.2.3", "--1", "1e", "1e9999999"])
  func notNumbers(text: String) {
    #expect(ExactNumber(text) == nil)
  }
}
