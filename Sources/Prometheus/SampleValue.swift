/// Sample values as Prometheus writes them: decimal text (exponents allowed) or
/// the words NaN, +Inf, -Inf. Shared by the JSON API (values are strings there,
/// to carry NaN and infinities) and the text exposition format.
enum SampleValue {
  /// nil for anything that is not a number in Prometheus's sense. Hexadecimal
  /// and Swift-only spellings are refused so junk is reported, not guessed at.
  static func parse<S: StringProtocol>(_ text: S) -> Double? {
    let utf8 = Array(text.utf8)
    guard !utf8.isEmpty, utf8.count <= 400 else { return nil }
    var body = utf8[...]
    var negative = false
    if let sign = body.first, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") {
      negative = sign == UInt8(ascii: "-")
      body = body.dropFirst()
    }
    let word = String(decoding: body, as: UTF8.self).lowercased()
    switch word {
    case "nan": return .nan
    case "inf", "infinity": return negative ? -.infinity : .infinity
    default: break
    }
    guard isDecimal(body) else { return nil }
    guard let magnitude = Double(String(decoding: body, as: UTF8.self)) else { return nil }
    return negative ? -magnitude : magnitude
  }

  /// `digits[.digits][e[+-]digits]` or `.digits…`, without a sign.
  private static func isDecimal(_ bytes: ArraySlice<UInt8>) -> Bool {
    var i = bytes.startIndex
    var mantissaDigits = 0
    func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
    while i < bytes.endIndex, isDigit(bytes[i]) {
      mantissaDigits += 1
      i += 1
    }
    if i < bytes.endIndex, bytes[i] == UInt8(ascii: ".") {
      i += 1
      while i < bytes.endIndex, isDigit(bytes[i]) {
        mantissaDigits += 1
        i += 1
      }
    }
    guard mantissaDigits > 0 else { return false }
    if i < bytes.endIndex, bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E") {
      i += 1
      if i < bytes.endIndex, bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") { i += 1 }
      var exponentDigits = 0
      while i < bytes.endIndex, isDigit(bytes[i]) {
        exponentDigits += 1
        i += 1
      }
      guard exponentDigits > 0 else { return false }
    }
    return i == bytes.endIndex
  }
}

/// A value the way Prometheus prints it: `NaN`, `+Inf`, `-Inf`, integers
/// without a fraction, everything else in the shortest form that reads back
/// to the same Double (`0.1`, `1.5e-07`).
public func formatValue(_ v: Double) -> String {
  if v.isNaN { return "NaN" }
  if v == .infinity { return "+Inf" }
  if v == -.infinity { return "-Inf" }
  if v == 0 { return "0" }
  if v == v.rounded(.towardZero), abs(v) < 1e15 { return String(Int64(v)) }
  return "\(v)"
}
