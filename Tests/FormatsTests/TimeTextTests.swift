import Testing
import Vocabulary

@testable import Formats

let now: Int64 = 1_762_041_600_000  // 2025-11-02T00:00:00.000Z

@Suite struct TimeText {
  @Test(arguments: [
    ("2025-11-02T00:00:00Z", Int64(1_762_041_600_000)),
    ("2025-11-02t00:00:00z", 1_762_041_600_000),
    ("2025-11-02 00:00:00Z", 1_762_041_600_000),
    ("  2025-11-02T00:00:00Z  ", 1_762_041_600_000),
    ("2025-11-02T00:00Z", 1_762_041_600_000),
    ("2025-11-02T00:00:00.5Z", 1_762_041_600_500),
    ("2025-11-02T00:00:00.25Z", 1_762_041_600_250),
    ("2025-11-02T00:00:00.123456789Z", 1_762_041_600_123),
    ("2025-11-02T01:00:00+01:00", 1_762_041_600_000),
    ("2025-11-02T01:00:00.250+01:00", 1_762_041_600_250),
    ("2025-11-01T19:00:00-05:00", 1_762_041_600_000),
    ("2025-11-02T05:30:00+0530", 1_762_041_600_000),
    ("2024-02-29T12:00:00Z", 1_709_208_000_000),
    ("1970-01-01T00:00:00Z", 0),
    ("1969-12-31T23:59:59.999Z", -1),
    ("1730505600000", 1_730_505_600_000),
    ("0", 0),
    ("-15m", now - 900_000),
    ("-1h30m", now - 5_400_000),
    ("-500ms", now - 500),
    ("-10", now - 10_000),
  ])
  func parses(text: String, expected: Int64) throws {
    #expect(try parseTime(text, nowMillis: now) == expected)
  }

  @Test(arguments: [
    ("", "empty time"),
    ("yesterday", "not a date"),
    ("2025-11-02", "missing the time of day"),
    ("2025-11-02T00:00:00", "missing time zone"),
    ("2025-13-02T00:00:00Z", "month 13"),
    ("2025-02-29T00:00:00Z", "day 29 does not exist"),
    ("2025-04-31T00:00:00Z", "day 31"),
    ("2025-11-00T00:00:00Z", "day 0"),
    ("2025-11-02T24:00:00Z", "hour 24"),
    ("2025-11-02T10:60:00Z", "minute 60"),
    ("2025-11-02T10:00:61Z", "second 61"),
    ("2025-11-02T10:00:00.Z", "missing digits after the decimal point"),
    ("2025-11-02T10:00:00+25:00", "zone offset out of range"),
    ("2025-11-02T10:00:00+1", "zone offset needs the form"),
    ("2025-11-02T10:00:00Zjunk", "unexpected text after the time zone"),
    ("2025-11-02T10:00:00 UTC", "unexpected text"),
    ("99999999999999999999", "out of range"),
    ("-15x", "unknown unit 'x'"),
    ("--5m", "bad relative time"),
    ("-", "bad relative time"),
    ("-99999999999999999d", "longer than the longest allowed"),
  ])
  func rejects(text: String, fragment: String) {
    #expect {
      _ = try parseTime(text, nowMillis: now)
    } throws: { error in
      (error as? SpecError)?.message.contains(fragment) == true
    }
  }

  @Test func errorsListTheAcceptedForms() {
    #expect(throws: SpecError.self) { try parseTime("soon", nowMillis: now) }
    do {
      _ = try parseTime("soon", nowMillis: now)
    } catch {
      #expect(error.message.contains("RFC 3339"))
      #expect(error.message.contains("epoch milliseconds"))
      #expect(error.message.contains("-15m"))
    }
  }

  @Test func formatAndParseRoundTrip() throws {
    var rng = TemplateRandom(seed: 4)
    for _ in 0..<2000 {
      // Years 0000–9999.
      let ms = Int64(bitPattern: rng.next() % 315_537_897_600_000) - 62_167_219_200_000
      #expect(try parseTime(formatTimestamp(ms), nowMillis: 0) == ms)
    }
  }

  @Test func civilDaysRoundTrip() {
    for days in stride(from: Int64(-800_000), through: 800_000, by: 997) {
      let date = civilFromDays(days)
      #expect(daysFromCivil(year: date.year, month: date.month, day: date.day) == days)
    }
  }
}
