import Vocabulary

/// `2025-11-02T00:00:00.000Z`. Years outside 0000–9999 are written with as
/// many digits (and sign) as they need rather than refused: any Int64 renders.
func appendRFC3339(millis: Int64, to buffer: inout [UInt8]) {
  var (days, msOfDay) = millis.quotientAndRemainder(dividingBy: millisPerDay)
  if msOfDay < 0 {
    days -= 1
    msOfDay += millisPerDay
  }
  let date = civilFromDays(days)
  if date.year >= 0 && date.year <= 9999 {
    appendPadded(date.year, width: 4, to: &buffer)
  } else {
    appendDecimal(date.year, to: &buffer)
  }
  buffer.append(UInt8(ascii: "-"))
  appendPadded(date.month, width: 2, to: &buffer)
  buffer.append(UInt8(ascii: "-"))
  appendPadded(date.day, width: 2, to: &buffer)
  buffer.append(UInt8(ascii: "T"))
  appendPadded(msOfDay / 3_600_000, width: 2, to: &buffer)
  buffer.append(UInt8(ascii: ":"))
  appendPadded(msOfDay / 60_000 % 60, width: 2, to: &buffer)
  buffer.append(UInt8(ascii: ":"))
  appendPadded(msOfDay / 1000 % 60, width: 2, to: &buffer)
  buffer.append(UInt8(ascii: "."))
  appendPadded(msOfDay % 1000, width: 3, to: &buffer)
  buffer.append(UInt8(ascii: "Z"))
}

/// RFC 3339 UTC with milliseconds, the one timestamp spelling the app prints.
public func formatTimestamp(_ ms: Int64) -> String {
  var buffer: [UInt8] = []
  buffer.reserveCapacity(24)
  appendRFC3339(millis: ms, to: &buffer)
  return String(decoding: buffer, as: UTF8.self)
}
