import Formats
import Foundation
import Vocabulary

/// Axis numbers short enough for a narrow label column: `950`, `1.2k`, `3.4M`,
/// `0.05`, `2e-5`. `significant` grows until neighbouring labels differ.
func compactNumber(_ v: Double, significant: Int) -> String {
  guard v.isFinite else { return formatValue(v) }
  if v == 0 { return "0" }
  let digits = min(max(significant, 1), 12)
  let sign = v < 0 ? "-" : ""
  let a = abs(v)
  if a >= 1e18 || a < 1e-3 { return sign + scientificText(a, significant: digits) }
  let units: [(scale: Double, suffix: String)] = [(1, ""), (1e3, "k"), (1e6, "M"), (1e9, "G"), (1e12, "T"), (1e15, "P")]
  var unit = units.lastIndex(where: { a >= $0.scale }) ?? 0
  var text = decimalText(a / units[unit].scale, significant: digits)
  // Rounding may reach the next unit: 999.96k reads better as 1M.
  if unit > 0, unit + 1 < units.count, (Double(text) ?? 0) >= 1000 {
    unit += 1
    text = decimalText(a / units[unit].scale, significant: digits)
  }
  return sign + text + units[unit].suffix
}

/// At least `significant` digits, never fewer than the integer part, no trailing zeros.
func decimalText(_ a: Double, significant: Int) -> String {
  guard a.isFinite, a > 0 else { return "0" }
  let magnitude = Int(log10(a).rounded(.down))
  let decimals = min(max(0, significant - 1 - magnitude), 15)
  return trimmedFraction(String(format: "%.\(decimals)f", a))
}

/// `1.2e-5` rather than printf's `1.20e-05`.
func scientificText(_ a: Double, significant: Int) -> String {
  let raw = String(format: "%.\(min(max(significant - 1, 0), 15))e", a)
  guard let e = raw.firstIndex(where: { $0 == "e" || $0 == "E" }) else { return raw }
  let mantissa = trimmedFraction(String(raw[..<e]))
  var exponent = raw[raw.index(after: e)...]
  var expSign = ""
  if let first = exponent.first, first == "+" || first == "-" {
    expSign = first == "-" ? "-" : ""
    exponent = exponent.dropFirst()
  }
  let digits = exponent.drop(while: { $0 == "0" })
  return mantissa + "e" + expSign + (digits.isEmpty ? "0" : String(digits))
}

private func trimmedFraction(_ text: String) -> String {
  guard text.contains(".") else { return text }
  var t = Substring(text)
  while t.last == "0" { t = t.dropLast() }
  if t.last == "." { t = t.dropLast() }
  return String(t)
}

/// `HH:MM:SS` in UTC, with `MM-DD ` in front when `withDate`.
func clockText(_ t: Double, withDate: Bool) -> String {
  guard t.isFinite, abs(t) < 1e13 else { return "?" }
  let seconds = Int(t.rounded(.down))
  let days = seconds >= 0 ? seconds / 86400 : -((-seconds + 86399) / 86400)
  let ofDay = seconds - days * 86400
  func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
  let clock = "\(two(ofDay / 3600)):\(two(ofDay % 3600 / 60)):\(two(ofDay % 60))"
  guard withDate else { return clock }
  let (_, m, d) = civilFromDays(Int64(days))
  let month = Int(m), day = Int(d)
  return "\(two(month))-\(two(day)) \(clock)"
}

func utcDay(_ t: Double) -> Int? {
  guard t.isFinite, abs(t) < 1e13 else { return nil }
  return Int((t / 86400).rounded(.down))
}

/// Cuts a line to `width` characters, marking the cut with `…`.
func clipped(_ text: String, to width: Int) -> String {
  guard width > 0 else { return "" }
  guard text.count > width else { return text }
  return String(text.prefix(width - 1)) + "…"
}
