import ShellLanguage

let timeForms =
  "RFC 3339 such as 2025-11-02T00:00:00Z or 2025-11-02T01:00:00.250+01:00, "
  + "epoch milliseconds such as 1730505600000, or relative such as -15m"

/// The body of `@TIME`: RFC 3339, epoch milliseconds, or `-DURATION` before
/// `nowMillis`. The clock is a parameter so callers and tests agree on "now".
public func parseTime(_ text: String, nowMillis: Int64) throws(SpecError) -> Int64 {
  let s = text.trimmedBlanks
  guard !s.isEmpty else {
    throw SpecError(message: "empty time (expected \(timeForms))")
  }
  if s.hasPrefix("-") {
    return try relativeTime(String(s.dropFirst()), original: text, nowMillis: nowMillis)
  }
  if isASCIIDigits(s) {
    guard let ms = Int64(s) else {
      throw SpecError(message: "epoch milliseconds '\(s)' are out of range")
    }
    return ms
  }
  return try parseRFC3339(String(s))
}

/// `nowMillis` minus a duration; refuses durations so long that the result
/// leaves Int64 rather than wrapping around.
func relativeTime(_ duration: String, original: String, nowMillis: Int64) throws(SpecError) -> Int64 {
  let seconds: Double
  do {
    seconds = try Durations.parse(duration)
  } catch {
    throw SpecError(message: "bad relative time '\(original)': \(error.message)")
  }
  let millis = (seconds * 1000).rounded()
  guard millis.isFinite, millis < 9.0e18 else {
    throw SpecError(message: "relative time '\(original)' is too far in the past")
  }
  let (result, overflow) = nowMillis.subtractingReportingOverflow(Int64(millis))
  guard !overflow else {
    throw SpecError(message: "relative time '\(original)' is too far in the past")
  }
  return result
}

/// `YYYY-MM-DDTHH:MM[:SS[.fff…]](Z|±HH:MM)`. Seconds may be left out; the zone
/// may not, because guessing local time or UTC silently moves a seek by hours.
func parseRFC3339(_ text: String) throws(SpecError) -> Int64 {
  var reader = ByteReader(Array(text.utf8))
  func fail(_ why: String) -> SpecError {
    SpecError(message: "bad time '\(text)': \(why) (expected \(timeForms))")
  }
  guard let year = reader.digits(4), reader.take("-"),
    let month = reader.digits(2), reader.take("-"),
    let day = reader.digits(2)
  else { throw fail("not a date of the form YYYY-MM-DD") }
  guard reader.take("T") || reader.take("t") || reader.take(" ") else {
    throw fail(reader.atEnd ? "missing the time of day (e.g. T00:00:00Z)" : "expected 'T' after the date")
  }
  guard let hour = reader.digits(2), reader.take(":"), let minute = reader.digits(2) else {
    throw fail("not a time of the form HH:MM:SS")
  }
  var second: Int64 = 0
  if reader.take(":") {
    guard let s = reader.digits(2) else { throw fail("seconds need two digits") }
    second = s
  }
  var millis: Int64 = 0
  if reader.take(".") || reader.take(",") {
    var count = 0
    while let d = reader.digit() {
      if count < 3 { millis = millis * 10 + d }
      count += 1
    }
    guard count > 0 else { throw fail("missing digits after the decimal point") }
    for _ in count..<max(count, 3) { millis *= 10 }
  }
  var offsetMinutes: Int64 = 0
  if reader.take("Z") || reader.take("z") {
  } else if let sign: Int64 = reader.take("+") ? 1 : (reader.take("-") ? -1 : nil) {
    guard let oh = reader.digits(2) else { throw fail("zone offset needs the form +HH:MM") }
    _ = reader.take(":")
    guard let om = reader.digits(2) else { throw fail("zone offset needs the form +HH:MM") }
    guard oh <= 23, om <= 59 else { throw fail("zone offset out of range") }
    offsetMinutes = sign * (oh * 60 + om)
  } else if reader.atEnd {
    throw fail("missing time zone (add Z for UTC or an offset such as +01:00)")
  } else {
    throw fail("unexpected text after the time")
  }
  guard reader.atEnd else { throw fail("unexpected text after the time zone") }
  guard month >= 1 && month <= 12 else { throw fail("month \(month) is not 01-12") }
  guard day >= 1 && day <= daysInMonth(year: year, month: month) else {
    throw fail("day \(day) does not exist in that month")
  }
  guard hour <= 23 else { throw fail("hour \(hour) is not 00-23") }
  guard minute <= 59 else { throw fail("minute \(minute) is not 00-59") }
  guard second <= 60 else { throw fail("second \(second) is not 00-60") }
  let days = daysFromCivil(year: year, month: month, day: day)
  let secondsOfDay = (hour * 60 + minute) * 60 + second
  return days * millisPerDay + secondsOfDay * 1000 + millis - offsetMinutes * 60_000
}

/// A cursor over ASCII bytes for the small fixed-layout grammars here.
struct ByteReader {
  let bytes: [UInt8]
  var index = 0

  init(_ bytes: [UInt8]) {
    self.bytes = bytes
  }

  var atEnd: Bool { index >= bytes.count }

  mutating func take(_ ascii: Unicode.Scalar) -> Bool {
    guard index < bytes.count, bytes[index] == UInt8(ascii: ascii) else { return false }
    index += 1
    return true
  }

  mutating func digit() -> Int64? {
    guard index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39 else { return nil }
    defer { index += 1 }
    return Int64(bytes[index] - 0x30)
  }

  /// Exactly `count` digits or nothing consumed.
  mutating func digits(_ count: Int) -> Int64? {
    let start = index
    var value: Int64 = 0
    for _ in 0..<count {
      guard let d = digit() else {
        index = start
        return nil
      }
      value = value * 10 + d
    }
    return value
  }
}
