/// The one reader of RFC 3339 times, for what operators type (`--to
/// @2025-11-02T01:00+01:00`) and what servers write (Prometheus's and
/// Alertmanager's `2024-05-01T12:00:00.123456789Z`). Seconds may be left
/// out; the zone may not, because guessing local time or UTC silently moves
/// a seek by hours. Hand-written: ISO8601DateFormatter refuses nanosecond
/// fractions, and a million `@TIME` lookups want no formatter.
public enum RFC3339 {
  /// A point in time to the nanosecond, as whole seconds since the epoch
  /// and the nanoseconds after them (never negative).
  public struct Instant: Equatable, Sendable {
    public var seconds: Int64
    public var nanoseconds: Int64
    public var milliseconds: Int64 { seconds * 1000 + nanoseconds / 1_000_000 }
    public var secondsSinceEpoch: Double { Double(seconds) + Double(nanoseconds) / 1e9 }
    /// The date part as written, before the zone is applied (Go's zero time is year 1).
    public var writtenYear: Int64
  }

  /// Why a text is not a time, without the text: the caller names it.
  public struct Problem: Error, Equatable, Sendable, CustomStringConvertible {
    public var reason: String
    public var description: String { reason }
  }

  public static func parse(_ text: String) throws(Problem) -> Instant {
    var r = Reader(Array(text.utf8))
    func fail(_ why: String) -> Problem { Problem(reason: why) }
    guard let year = r.digits(4), r.take("-"), let month = r.digits(2), r.take("-"), let day = r.digits(2) else {
      throw fail("not a date of the form YYYY-MM-DD")
    }
    guard r.take("T") || r.take("t") || r.take(" ") else {
      throw fail(r.atEnd ? "missing the time of day (e.g. T00:00:00Z)" : "expected 'T' after the date")
    }
    guard let hour = r.digits(2), r.take(":"), let minute = r.digits(2) else {
      throw fail("not a time of the form HH:MM:SS")
    }
    var second: Int64 = 0
    if r.take(":") {
      guard let s = r.digits(2) else { throw fail("seconds need two digits") }
      second = s
    }
    var nanos: Int64 = 0
    if r.take(".") || r.take(",") {
      var count = 0
      while let d = r.digit() {
        if count < 9 { nanos = nanos * 10 + d }
        count += 1
      }
      guard count > 0 else { throw fail("missing digits after the decimal point") }
      for _ in count..<max(count, 9) { nanos *= 10 }
    }
    var offsetMinutes: Int64 = 0
    if r.take("Z") || r.take("z") {
    } else if let sign: Int64 = r.take("+") ? 1 : (r.take("-") ? -1 : nil) {
      guard let oh = r.digits(2) else { throw fail("zone offset needs the form +HH:MM") }
      _ = r.take(":")
      guard let om = r.digits(2) else { throw fail("zone offset needs the form +HH:MM") }
      guard oh <= 23, om <= 59 else { throw fail("zone offset out of range") }
      offsetMinutes = sign * (oh * 60 + om)
    } else if r.atEnd {
      throw fail("missing time zone (add Z for UTC or an offset such as +01:00)")
    } else {
      throw fail("unexpected text after the time")
    }
    guard r.atEnd else { throw fail("unexpected text after the time zone") }
    guard month >= 1 && month <= 12 else { throw fail("month \(month) is not 01-12") }
    guard day >= 1 && day <= daysInMonth(year: year, month: month) else {
      throw fail("day \(day) does not exist in that month")
    }
    guard hour <= 23 else { throw fail("hour \(hour) is not 00-23") }
    guard minute <= 59 else { throw fail("minute \(minute) is not 00-59") }
    guard second <= 60 else { throw fail("second \(second) is not 00-60") }
    let days = daysFromCivil(year: year, month: month, day: day)
    let seconds = days * 86_400 + (hour * 60 + minute) * 60 + second - offsetMinutes * 60
    return Instant(seconds: seconds, nanoseconds: nanos, writtenYear: year)
  }

  /// A cursor over ASCII bytes for the fixed layout.
  private struct Reader {
    let bytes: [UInt8]
    var index = 0
    init(_ bytes: [UInt8]) { self.bytes = bytes }
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
}
