/// One of TOML's four date-time forms, kept as written rather than converted
/// to an instant: a local date or time has no time zone to convert with, and
/// the fractional seconds are kept as their digits so that no precision is
/// lost to a binary type.
public struct TOMLDateTime: Equatable, Sendable, CustomStringConvertible {
  public enum Kind: Equatable, Sendable {
    /// `1979-05-27T07:32:00Z`, `1979-05-27T00:32:00-07:00`
    case offsetDateTime
    /// `1979-05-27T07:32:00`
    case localDateTime
    /// `1979-05-27`
    case localDate
    /// `07:32:00`
    case localTime
  }

  public struct Date: Equatable, Sendable {
    public var year: Int
    public var month: Int
    public var day: Int

    public init(year: Int, month: Int, day: Int) {
      self.year = year
      self.month = month
      self.day = day
    }
  }

  public struct Time: Equatable, Sendable {
    public var hour: Int
    public var minute: Int
    public var second: Int
    /// The digits after the decimal point, as written ("" for none). A
    /// `String` because TOML sets no limit on their number.
    public var fraction: String

    public init(hour: Int, minute: Int, second: Int, fraction: String = "") {
      self.hour = hour
      self.minute = minute
      self.second = second
      self.fraction = fraction
    }

    /// The fraction truncated (not rounded) to nanoseconds, as the toml-test
    /// suite asks of implementations that keep less precision.
    public var nanosecond: Int {
      var n = 0
      var digits = 0
      for c in fraction.utf8 where digits < 9 {
        n = n * 10 + Int(c &- UInt8(ascii: "0"))
        digits += 1
      }
      for _ in digits..<9 { n *= 10 }
      return n
    }

    /// `.5` and `.500` are the same time: trailing zeros carry no value.
    public static func == (a: Time, b: Time) -> Bool {
      a.hour == b.hour && a.minute == b.minute && a.second == b.second
        && a.fraction.trimmingTrailingZeros == b.fraction.trimmingTrailingZeros
    }
  }

  public var date: Date?
  public var time: Time?
  /// Minutes east of UTC; nil for a local date-time, date or time.
  public var offsetMinutes: Int?

  /// The reader only builds the four valid shapes; a time zone without a
  /// date is not one of them.
  public init(date: Date?, time: Time?, offsetMinutes: Int? = nil) {
    self.date = date
    self.time = time
    self.offsetMinutes = offsetMinutes
  }

  public var kind: Kind {
    switch (date, time) {
    case (.some, .some): offsetMinutes == nil ? .localDateTime : .offsetDateTime
    case (.some, nil): .localDate
    default: .localTime
    }
  }

  /// RFC 3339 style: `T` between date and time, `Z` for a zero offset, the
  /// fraction with the digits it was written with.
  public var description: String {
    var s = ""
    if let d = date {
      s += Self.padded(d.year, 4) + "-" + Self.padded(d.month, 2) + "-" + Self.padded(d.day, 2)
    }
    if let t = time {
      if date != nil { s += "T" }
      s += Self.padded(t.hour, 2) + ":" + Self.padded(t.minute, 2) + ":" + Self.padded(t.second, 2)
      if !t.fraction.isEmpty { s += "." + t.fraction }
    }
    if let offset = offsetMinutes {
      if offset == 0 {
        s += "Z"
      } else {
        let m = abs(offset)
        s += (offset < 0 ? "-" : "+") + Self.padded(m / 60, 2) + ":" + Self.padded(m % 60, 2)
      }
    }
    return s
  }

  private static func padded(_ n: Int, _ width: Int) -> String {
    let digits = String(n)
    return String(repeating: "0", count: max(0, width - digits.count)) + digits
  }

  static func isLeapYear(_ y: Int) -> Bool { y % 4 == 0 && (y % 100 != 0 || y % 400 == 0) }

  static func daysIn(month: Int, year: Int) -> Int {
    switch month {
    case 2: isLeapYear(year) ? 29 : 28
    case 4, 6, 9, 11: 30
    default: 31
    }
  }

  static let monthNames = [
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
  ]
}

extension String {
  fileprivate var trimmingTrailingZeros: Substring {
    var s = self[...]
    while s.last == "0" { s = s.dropLast() }
    return s
  }
}
