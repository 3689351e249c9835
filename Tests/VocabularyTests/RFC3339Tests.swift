import Testing

@testable import Vocabulary

/// The one RFC 3339 reader: what operators type after `@` and what
/// Prometheus and Alertmanager write, to the nanosecond.
@Suite struct RFC3339Tests {
  @Test(arguments: [
    ("2025-11-02T00:00:00Z", Int64(1_762_041_600), Int64(0)),
    ("2025-11-02t00:00:00z", 1_762_041_600, 0),
    ("2025-11-02 01:00:00+01:00", 1_762_041_600, 0),
    ("2025-11-02T01:00:00+0100", 1_762_041_600, 0),
    ("2025-11-01T23:30-00:30", 1_762_041_600, 0),
    // Prometheus's nanoseconds; a comma as the decimal sign; past nine digits truncated.
    ("2024-05-01T12:00:00.123456789Z", 1_714_564_800, 123_456_789),
    ("2024-05-01T12:00:00,25Z", 1_714_564_800, 250_000_000),
    ("2024-05-01T12:00:00.1234567891Z", 1_714_564_800, 123_456_789),
    ("2024-02-29T00:00:00Z", 1_709_164_800, 0),
    ("1969-12-31T23:59:59.5Z", -1, 500_000_000),
  ])
  func reads(text: String, seconds: Int64, nanoseconds: Int64) throws {
    let t = try RFC3339.parse(text)
    #expect(t.seconds == seconds && t.nanoseconds == nanoseconds, "\(t)")
    #expect(t.milliseconds == seconds * 1000 + nanoseconds / 1_000_000)
  }

  @Test(arguments: [
    ("2025-11-02", "missing the time of day (e.g. T00:00:00Z)"),
    ("2025-11-02T00:00:00", "missing time zone (add Z for UTC or an offset such as +01:00)"),
    ("2025-11-02T00:00:00.Z", "missing digits after the decimal point"),
    ("2025-02-29T00:00:00Z", "day 29 does not exist in that month"),
    ("2025-13-01T00:00:00Z", "month 13 is not 01-12"),
    ("2025-11-02T24:00:00Z", "hour 24 is not 00-23"),
    ("2025-11-02T00:00:00+25:00", "zone offset out of range"),
    ("2025-11-02T00:00:00Zjunk", "unexpected text after the time zone"),
    ("yesterday", "not a date of the form YYYY-MM-DD"),
  ])
  func refuses(text: String, reason: String) {
    #expect(throws: RFC3339.Problem(reason: reason)) { try RFC3339.parse(text) }
  }

  /// Go's zero time, Prometheus's "never", is year 1 as written.
  @Test func theWrittenYearIsKept() throws {
    #expect(try RFC3339.parse("0001-01-01T00:00:00Z").writtenYear == 1)
    #expect(try RFC3339.parse("2025-01-01T00:30:00+01:00").writtenYear == 2025)
  }
}

/// The one trim: spaces, tabs, line breaks and Unicode's blanks at both ends.
@Suite struct BlanksTests {
  @Test(arguments: [
    ("  5s\t", "5s"), ("\n5s\r\n", "5s"), ("\u{00A0}a b\u{2003}", "a b"), ("", ""), (" \t ", ""), ("a", "a"),
  ])
  func trims(text: String, trimmed: String) {
    #expect(text.trimmingBlanks() == trimmed)
    #expect(String(text[...].trimmedBlanks) == trimmed)
  }
}
