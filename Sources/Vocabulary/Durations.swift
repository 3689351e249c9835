public struct DurationError: Error, Equatable, Sendable, CustomStringConvertible {
  public var message: String
  public var description: String { message }
}

/// Durations as operators write them: `500ms`, `5s`, `2m`, `1h`, `1d`, compounds
/// such as `1h30m`, decimals such as `1.5s`. A bare number is seconds.
public enum Durations {
  static let centurySeconds = 100 * 365.25 * 86400
  /// The longest duration anything takes: ten years. Past it a duration is a
  /// typo, and seconds × 10⁹ would no longer fit the integer clocks take.
  public static let maximumSeconds = 3650.0 * 86400
  /// The shortest interval anything repeats at (watch, --watch, --every,
  /// wait --every): shorter ones only hammer the servers.
  public static let minimumInterval = 0.1
  /// The longest network timeout: librdkafka takes milliseconds as a 32-bit int.
  public static let maximumTimeout = 24.0 * 86400

  /// A repeat interval: a duration no shorter than `minimumInterval`.
  public static func parseInterval(_ text: String, what: String) throws(DurationError) -> Double {
    let v = try parse(text)
    guard v >= minimumInterval else {
      throw DurationError(message: "\(what) must be at least \(format(minimumInterval)), got \(text)")
    }
    return v
  }

  /// A network timeout: longer than 0, at most `maximumTimeout`.
  public static func parseTimeout(_ text: String, what: String) throws(DurationError) -> Double {
    try checkTimeout(try parse(text), what: what, text: text)
  }

  public static func checkTimeout(_ v: Double, what: String, text: String) throws(DurationError) -> Double {
    guard v > 0 else { throw DurationError(message: "\(what) must be longer than 0s, got \(text)") }
    guard v <= maximumTimeout else {
      throw DurationError(message: "\(what) must be at most \(format(maximumTimeout)), got \(text)")
    }
    return v
  }

  public static func parse(_ text: String) throws(DurationError) -> Double {
    let s = text.trimmingBlanks()
    guard !s.isEmpty else { throw DurationError(message: "empty duration (e.g. 5s, 2m, 1h)") }
    if s.hasPrefix("-") {
      throw DurationError(message: "duration '\(text)' must not be negative")
    }
    if let bare = Double(s), isPlainNumber(s) {
      guard bare.isFinite else { throw DurationError(message: "bad duration '\(text)'") }
      return try bounded(bare, text)
    }
    var total = 0.0
    var scalars = Substring(s).unicodeScalars[...]
    var sawComponent = false
    while !scalars.isEmpty {
      var number = ""
      while let c = scalars.first, (c >= "0" && c <= "9") || c == "." {
        number.unicodeScalars.append(c)
        scalars.removeFirst()
      }
      var unit = ""
      while let c = scalars.first, c >= "a" && c <= "z" {
        unit.unicodeScalars.append(c)
        scalars.removeFirst()
      }
      guard !number.isEmpty, let value = Double(number) else {
        throw DurationError(message: "bad duration '\(text)' (e.g. 500ms, 5s, 2m, 1h, 1d)")
      }
      let factor: Double
      switch unit {
      case "ms": factor = 0.001
      case "s": factor = 1
      case "m": factor = 60
      case "h": factor = 3600
      case "d": factor = 86400
      case "": throw DurationError(message: "duration '\(text)' is missing a unit after \(number)")
      default: throw DurationError(message: "unknown unit '\(unit)' in duration '\(text)' (ms, s, m, h, d)")
      }
      total += value * factor
      sawComponent = true
    }
    guard sawComponent, total.isFinite else { throw DurationError(message: "bad duration '\(text)'") }
    return try bounded(total, text)
  }

  private static func bounded(_ v: Double, _ text: String) throws(DurationError) -> Double {
    guard v <= maximumSeconds else {
      throw DurationError(message: "duration '\(text)' is longer than the longest allowed, \(format(maximumSeconds))")
    }
    return v
  }

  /// Seconds as people read them: `850ms`, `42s`, `3m42s`, `2h5m`, `1d3h`.
  public static func format(_ seconds: Double) -> String {
    guard seconds.isFinite else { return seconds.isNaN ? "NaN" : "∞" }
    if seconds < 0 { return "-" + format(-seconds) }
    if seconds < 1 { return seconds == 0 ? "0s" : "\(Int((seconds * 1000).rounded()))ms" }
    if seconds < 60 {
      let r = (seconds * 10).rounded() / 10
      return r == r.rounded() ? "\(Int(r))s" : "\(r)s"
    }
    // A drain ETA over a near-zero rate can be 1e300 s; past a century the
    // figure means "never", and Int(seconds) would trap.
    if seconds >= centurySeconds { return ">100y" }
    let total = Int(seconds.rounded())
    let (d, h, m, s) = (total / 86400, total % 86400 / 3600, total % 3600 / 60, total % 60)
    if d > 0 { return h > 0 ? "\(d)d\(h)h" : "\(d)d" }
    if h > 0 { return m > 0 ? "\(h)h\(m)m" : "\(h)h" }
    return s > 0 ? "\(m)m\(s)s" : "\(m)m"
  }
}

/// A decimal number as a person types it (no `nan`, `inf` or hex), so that words
/// such as "NaN" compare as strings.
public func isPlainNumber(_ s: String) -> Bool {
  var it = s.unicodeScalars[...]
  if let f = it.first, f == "-" || f == "+" { it.removeFirst() }
  var digits = 0
  var dot = false
  while let c = it.first {
    if c >= "0" && c <= "9" {
      digits += 1
    } else if c == "." && !dot {
      dot = true
    } else {
      break
    }
    it.removeFirst()
  }
  guard digits > 0 else { return false }
  if let e = it.first, e == "e" || e == "E" {
    it.removeFirst()
    if let f = it.first, f == "-" || f == "+" { it.removeFirst() }
    var expDigits = 0
    while let c = it.first, c >= "0" && c <= "9" {
      expDigits += 1
      it.removeFirst()
    }
    guard expDigits > 0 else { return false }
  }
  return it.isEmpty
}

extension DurationError: StatusError {
  /// A duration is typed by a person: a wrong one is usage.
  public var exitStatus: Int32 { ExitStatus.usage }
}
