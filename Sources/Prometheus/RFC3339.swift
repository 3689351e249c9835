import Formats

/// Seconds since the epoch for the RFC 3339 times Prometheus writes
/// (`2024-05-01T12:00:00.123456789Z`, `…+02:00`). Go's zero time
/// (`0001-01-01T00:00:00Z`, "never") and anything malformed give nil.
/// Hand-written because ISO8601DateFormatter refuses nanosecond fractions.
func parseRFC3339(_ text: String) -> Double? {
  let b = Array(text.utf8)
  guard b.count >= 20, b.count <= 64 else { return nil }
  func digits(_ start: Int, _ count: Int) -> Int? {
    guard start >= 0, start + count <= b.count else { return nil }
    var n = 0
    for i in start..<(start + count) {
      let d = Int(b[i]) - 48
      guard d >= 0, d <= 9 else { return nil }
      n = n * 10 + d
    }
    return n
  }
  guard let year = digits(0, 4), b[4] == UInt8(ascii: "-"), let month = digits(5, 2), b[7] == UInt8(ascii: "-"),
    let day = digits(8, 2), b[10] == UInt8(ascii: "T") || b[10] == UInt8(ascii: "t") || b[10] == UInt8(ascii: " "),
    let hour = digits(11, 2), b[13] == UInt8(ascii: ":"), let minute = digits(14, 2), b[16] == UInt8(ascii: ":"),
    let second = digits(17, 2)
  else { return nil }
  guard (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second <= 60 else { return nil }
  if year <= 1 { return nil }
  var i = 19
  var fraction = 0.0
  if i < b.count, b[i] == UInt8(ascii: ".") {
    i += 1
    var scale = 0.1
    let start = i
    while i < b.count, b[i] >= 0x30, b[i] <= 0x39 {
      fraction += Double(b[i] - 0x30) * scale
      scale /= 10
      i += 1
    }
    guard i > start else { return nil }
  }
  guard i < b.count else { return nil }
  var offset = 0
  if b[i] == UInt8(ascii: "Z") || b[i] == UInt8(ascii: "z") {
    i += 1
  } else if b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-") {
    guard let oh = digits(i + 1, 2), i + 3 < b.count, b[i + 3] == UInt8(ascii: ":"), let om = digits(i + 4, 2)
    else { return nil }
    offset = (oh * 60 + om) * 60 * (b[i] == UInt8(ascii: "-") ? -1 : 1)
    i += 6
  } else {
    return nil
  }
  guard i == b.count else { return nil }
  let days = Int(daysFromCivil(year: Int64(year), month: Int64(month), day: Int64(day)))
  let seconds = days * 86400 + hour * 3600 + minute * 60 + second - offset
  return Double(seconds) + fraction
}
