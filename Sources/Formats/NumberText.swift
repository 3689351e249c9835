import Foundation

/// Numbers as an operator reads them: no float noise, at most `digits` decimals.
public func formatNumber(_ d: Double, digits: Int = 2) -> String {
  if d.isNaN { return "NaN" }
  if d.isInfinite { return d > 0 ? "+Inf" : "-Inf" }
  if d == d.rounded(), abs(d) < 1e15 { return String(Int64(d)) }
  var s = String(format: "%.\(digits)f", d)
  while s.hasSuffix("0") { s.removeLast() }
  if s.hasSuffix(".") { s.removeLast() }
  return s
}

/// Integers with thin grouping for tables: 1,000,000 reads faster than 1000000.
public func formatCount(_ n: Int64) -> String {
  let digits = String(n.magnitude)
  var out = ""
  for (i, ch) in digits.enumerated() {
    if i > 0 && (digits.count - i) % 3 == 0 { out += "," }
    out.append(ch)
  }
  return n < 0 ? "-" + out : out
}
