import Vocabulary

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

/// An RFC 3339 time typed after `@`, as epoch milliseconds.
func parseRFC3339(_ text: String) throws(SpecError) -> Int64 {
  do {
    return try RFC3339.parse(text).milliseconds
  } catch {
    throw SpecError(message: "bad time '\(text)': \(error.reason) (expected \(timeForms))")
  }
}
