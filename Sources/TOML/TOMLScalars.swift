/// Numbers and date-times. Both start with a digit or a sign, so the token is
/// taken whole first and then checked against the exact grammar: a lenient
/// conversion such as `Int64(_:)` or `Double(_:)` on its own would accept
/// forms TOML refuses (`+0x1`, `1.`, `.5`, `1__0`, `01`).
extension TOMLParser {
  mutating func numberOrDateTime() throws(TOMLError) -> TOMLValue {
    let start = i
    while let c = peek(), isTokenByte(c) { i += 1 }
    // `1979-05-27 07:32:00`: a space may stand for the T, when a time follows.
    if i - start == 10, bytes[start + 4] == UInt8(ascii: "-"), peek() == UInt8(ascii: " "),
      let a = peek(1), isDigit(a), let b = peek(2), isDigit(b), peek(3) == UInt8(ascii: ":")
    {
      i += 1
      while let c = peek(), isTokenByte(c) { i += 1 }
    }
    let token = bytes[start..<i]
    // A '-' after a digit cannot be part of a number (an exponent's sign
    // follows an 'e'), so the token was meant as a date.
    if token.contains(UInt8(ascii: ":"))
      || zip(token, token.dropFirst()).contains(where: { isDigit($0) && $1 == UInt8(ascii: "-") })
    {
      return .dateTime(try dateTime(token))
    }
    return try number(token)
  }

  private func text(_ token: ArraySlice<UInt8>) -> String { String(decoding: token, as: UTF8.self) }

  // MARK: Numbers

  func number(_ token: ArraySlice<UInt8>) throws(TOMLError) -> TOMLValue {
    var k = token.startIndex
    let end = token.endIndex
    var negative = false
    let signed = token[k] == UInt8(ascii: "+") || token[k] == UInt8(ascii: "-")
    if signed {
      negative = token[k] == UInt8(ascii: "-")
      k += 1
    }
    let rest = token[k...]
    if rest.elementsEqual("inf".utf8) { return .float(negative ? -.infinity : .infinity) }
    if rest.elementsEqual("nan".utf8) { return .float(negative ? -.nan : .nan) }
    guard k < end, isDigit(token[k]) else {
      if !signed, let c = token.first, !isDigit(c) {
        throw fail("expected a value, found '\(text(token))' (strings need quotes)")
      }
      throw fail("'\(text(token))' is not a number")
    }

    if token[k] == UInt8(ascii: "0"), k + 1 < end {
      let radix: UInt64? =
        switch token[k + 1] {
        case UInt8(ascii: "x"): 16
        case UInt8(ascii: "o"): 8
        case UInt8(ascii: "b"): 2
        default: nil
        }
      if let radix {
        if signed { throw fail("'\(text(token))': a sign is not allowed on a hex, octal or binary integer") }
        return .integer(try prefixedInteger(token, digitsFrom: k + 2, radix: radix))
      }
    }

    let intEnd = try digits(token, from: k, what: "number")
    if token[k] == UInt8(ascii: "0") && intEnd - k > 1 {
      let isFloat = token[intEnd...].contains {
        $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E")
      }
      throw fail("leading zero in \(isFloat ? "a float" : "an integer") '\(text(token))'")
    }
    if intEnd == end { return .integer(try decimalInteger(token, from: k, negative: negative)) }

    var j = intEnd
    if token[j] == UInt8(ascii: ".") {
      guard j + 1 < end, isDigit(token[j + 1]) else {
        throw fail("'\(text(token))': a float needs digits after the '.'")
      }
      j = try digits(token, from: j + 1, what: "float")
    }
    if j < end, token[j] == UInt8(ascii: "e") || token[j] == UInt8(ascii: "E") {
      j += 1
      if j < end, token[j] == UInt8(ascii: "+") || token[j] == UInt8(ascii: "-") { j += 1 }
      guard j < end, isDigit(token[j]) else { throw fail("'\(text(token))': an exponent needs digits") }
      j = try digits(token, from: j, what: "float")
    }
    guard j == end else { throw fail("'\(text(token))' is not a number") }
    var clean = ""
    clean.reserveCapacity(token.count)
    for c in token where c != UInt8(ascii: "_") { clean.unicodeScalars.append(Unicode.Scalar(c)) }
    guard let d = Double(clean), d.isFinite else { throw fail("float '\(text(token))' is out of range") }
    return .float(d)
  }

  /// Underscores are only ever separators: one at a time, between digits.
  private func digits(
    _ token: ArraySlice<UInt8>, from start: Int, what: String, isValid: (UInt8) -> Bool = isDigit
  ) throws(TOMLError) -> Int {
    var k = start
    let end = token.endIndex
    while k < end {
      let c = token[k]
      if isValid(c) {
        k += 1
      } else if c == UInt8(ascii: "_") {
        guard k > start, isValid(token[k - 1]), k + 1 < end, isValid(token[k + 1]) else {
          throw fail("'\(text(token))': an underscore in a \(what) must stand between two digits")
        }
        k += 1
      } else {
        break
      }
    }
    return k
  }

  private func decimalInteger(_ token: ArraySlice<UInt8>, from start: Int, negative: Bool) throws(TOMLError) -> Int64 {
    // Accumulated as a negative number, whose range includes Int64.min.
    var v: Int64 = 0
    for c in token[start...] where c != UInt8(ascii: "_") {
      let (m, o1) = v.multipliedReportingOverflow(by: 10)
      let (s, o2) = m.subtractingReportingOverflow(Int64(c - UInt8(ascii: "0")))
      if o1 || o2 { throw fail("integer '\(text(token))' does not fit in 64 bits") }
      v = s
    }
    if negative { return v }
    guard v != .min else { throw fail("integer '\(text(token))' does not fit in 64 bits") }
    return -v
  }

  private func prefixedInteger(_ token: ArraySlice<UInt8>, digitsFrom start: Int, radix: UInt64) throws(TOMLError)
    -> Int64
  {
    let isValid: (UInt8) -> Bool =
      switch radix {
      case 16: { hexDigit($0) != nil }
      case 8: { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "7") }
      default: { $0 == UInt8(ascii: "0") || $0 == UInt8(ascii: "1") }
      }
    guard start < token.endIndex, isValid(token[start]) else {
      throw fail("'\(text(token))': no digits after the prefix, or a digit the base does not have")
    }
    let end = try digits(token, from: start, what: "number", isValid: isValid)
    guard end == token.endIndex else {
      throw fail("'\(text(token))' is not a number (a digit the base does not have?)")
    }
    var v: UInt64 = 0
    for c in token[start..<end] where c != UInt8(ascii: "_") {
      let (m, o1) = v.multipliedReportingOverflow(by: radix)
      let (s, o2) = m.addingReportingOverflow(UInt64(hexDigit(c) ?? 0))
      if o1 || o2 || s > UInt64(Int64.max) { throw fail("integer '\(text(token))' does not fit in 64 bits") }
      v = s
    }
    return Int64(v)
  }

  // MARK: Date-times

  /// Fields are checked against the calendar (February 29 only in leap
  /// years) so that a date that cannot exist is refused where it is written,
  /// not wherever it is used. Seconds are required in TOML 1.0.
  func dateTime(_ token: ArraySlice<UInt8>) throws(TOMLError) -> TOMLDateTime {
    var k = token.startIndex
    let end = token.endIndex
    let shown = text(token)
    let invalid = fail("'\(shown)' is not a valid date or time (expected YYYY-MM-DD, HH:MM:SS or YYYY-MM-DDTHH:MM:SS)")

    func field(_ width: Int) -> Int? {
      guard k + width <= end else { return nil }
      var v = 0
      for c in token[k..<(k + width)] {
        guard isDigit(c) else { return nil }
        v = v * 10 + Int(c - UInt8(ascii: "0"))
      }
      k += width
      return v
    }
    func skip(_ c: UInt8) -> Bool {
      guard k < end, token[k] == c else { return false }
      k += 1
      return true
    }

    var date: TOMLDateTime.Date?
    if k + 4 < end, token[k + 4] == UInt8(ascii: "-") {
      guard let y = field(4), skip(UInt8(ascii: "-")), let m = field(2), skip(UInt8(ascii: "-")), let d = field(2)
      else { throw invalid }
      guard (1...12).contains(m) else { throw fail("month \(m) is out of range in '\(shown)'") }
      guard d >= 1, d <= TOMLDateTime.daysIn(month: m, year: y) else {
        throw fail("day \(d) is out of range for \(TOMLDateTime.monthNames[m - 1]) \(y) in '\(shown)'")
      }
      date = TOMLDateTime.Date(year: y, month: m, day: d)
      if k == end { return TOMLDateTime(date: date, time: nil) }
      guard skip(UInt8(ascii: "T")) || skip(UInt8(ascii: "t")) || skip(UInt8(ascii: " ")) else { throw invalid }
    }

    guard let h = field(2), skip(UInt8(ascii: ":")), let mi = field(2) else { throw invalid }
    guard skip(UInt8(ascii: ":")) else { throw fail("'\(shown)': seconds are required (HH:MM:SS) in TOML 1.0") }
    guard let s = field(2) else { throw invalid }
    guard h <= 23 else { throw fail("hour \(h) is out of range in '\(shown)'") }
    guard mi <= 59 else { throw fail("minute \(mi) is out of range in '\(shown)'") }
    guard s <= 60 else { throw fail("second \(s) is out of range in '\(shown)'") }
    var fraction = ""
    if skip(UInt8(ascii: ".")) {
      let from = k
      while k < end, isDigit(token[k]) { k += 1 }
      guard k > from else { throw fail("'\(shown)': digits must follow the '.' of the seconds") }
      fraction = text(token[from..<k])
    }
    let time = TOMLDateTime.Time(hour: h, minute: mi, second: s, fraction: fraction)
    if k == end { return TOMLDateTime(date: date, time: time) }

    guard date != nil else { throw fail("'\(shown)': a time without a date cannot have an offset") }
    var offset = 0
    if skip(UInt8(ascii: "Z")) || skip(UInt8(ascii: "z")) {
      offset = 0
    } else if k < end, token[k] == UInt8(ascii: "+") || token[k] == UInt8(ascii: "-") {
      let sign = token[k] == UInt8(ascii: "-") ? -1 : 1
      k += 1
      guard let oh = field(2), skip(UInt8(ascii: ":")), let om = field(2) else {
        throw fail("'\(shown)': the offset must be Z or ±HH:MM")
      }
      guard oh <= 23, om <= 59 else { throw fail("offset out of range in '\(shown)'") }
      offset = sign * (oh * 60 + om)
    } else {
      throw invalid
    }
    guard k == end else { throw invalid }
    return TOMLDateTime(date: date, time: time, offsetMinutes: offset)
  }
}

func isDigit(_ c: UInt8) -> Bool { c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") }

/// The characters a number or date-time can be made of; anything else ends it.
func isTokenByte(_ c: UInt8) -> Bool {
  isBareKeyByte(c) || c == UInt8(ascii: "+") || c == UInt8(ascii: ".") || c == UInt8(ascii: ":")
}
