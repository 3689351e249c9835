import Foundation
import TOML

/// toml-test's expected output: tables and arrays as plain JSON, every other
/// value as `{"type": …, "value": "…"}` with the value written as text.
/// Compared by meaning, not by spelling: `0x10` and `16` are the same integer,
/// `1979-05-27 07:32:00Z` and `1979-05-27T07:32:00z` the same date-time.
enum TaggedJSON {
  /// nil when they agree; otherwise where and how they differ.
  static func difference(_ actual: TOMLValue, _ expected: Any, at path: String = "") -> String? {
    let here = path.isEmpty ? "<root>" : path
    if let object = expected as? [String: Any], let tag = scalarTag(object) {
      return scalarDifference(actual, type: tag.type, text: tag.value, at: here)
    }
    if let object = expected as? [String: Any] {
      guard case .table(let table) = actual else { return "\(here): expected a table, got \(actual.typeName)" }
      let want = Set(object.keys)
      let got = Set(table.keys)
      if want != got {
        return
          "\(here): keys differ: missing \(want.subtracting(got).sorted()), unexpected \(got.subtracting(want).sorted())"
      }
      if table.keys.count != got.count { return "\(here): a key listed twice in \(table.keys)" }
      for key in table.keys.sorted() {
        guard let node = table[key], let sub = object[key] else { return "\(here): no value for '\(key)'" }
        if let d = difference(node.value, sub, at: path.isEmpty ? key : "\(path).\(key)") { return d }
      }
      return nil
    }
    if let array = expected as? [Any] {
      guard case .array(let items) = actual else { return "\(here): expected an array, got \(actual.typeName)" }
      guard items.count == array.count else { return "\(here): \(items.count) elements, expected \(array.count)" }
      for (n, (item, want)) in zip(items, array).enumerated() {
        if let d = difference(item.value, want, at: "\(here)[\(n)]") { return d }
      }
      return nil
    }
    return "\(here): unexpected JSON \(expected)"
  }

  /// A table may have keys named "type" and "value" too, but then they hold
  /// tagged objects, not strings.
  private static func scalarTag(_ object: [String: Any]) -> (type: String, value: String)? {
    guard object.count == 2, let type = object["type"] as? String, let value = object["value"] as? String else {
      return nil
    }
    return (type, value)
  }

  private static func scalarDifference(_ actual: TOMLValue, type: String, text: String, at here: String) -> String? {
    let mismatch = "\(here): expected \(type) \(text.debugDescription), got \(actual)"
    switch (type, actual) {
    case ("string", .string(let s)):
      // Scalar by scalar: String's == would let a decomposed é equal a precomposed one.
      return Array(s.unicodeScalars) == Array(text.unicodeScalars) ? nil : mismatch
    case ("integer", .integer(let i)):
      return Int64(text) == i ? nil : mismatch
    case ("float", .float(let d)):
      guard let want = parseFloat(text) else { return "\(here): cannot read expected float \(text)" }
      if want.isNaN { return d.isNaN ? nil : mismatch }
      return want == d ? nil : mismatch
    case ("bool", .bool(let b)):
      return (text == "true") == b && (text == "true" || text == "false") ? nil : mismatch
    case ("datetime", .dateTime(let dt)) where dt.kind == .offsetDateTime,
      ("datetime-local", .dateTime(let dt)) where dt.kind == .localDateTime,
      ("date-local", .dateTime(let dt)) where dt.kind == .localDate,
      ("time-local", .dateTime(let dt)) where dt.kind == .localTime:
      return canonicalDateTime(text) == canonicalDateTime(dt.description) ? nil : mismatch
    default:
      return mismatch
    }
  }

  private static func parseFloat(_ text: String) -> Double? {
    switch text.lowercased() {
    case "inf", "+inf": return .infinity
    case "-inf": return -.infinity
    case "nan", "+nan", "-nan": return .nan
    default: return Double(text)
    }
  }

  /// One spelling per date-time value: `T` and `Z` in capitals, a zero
  /// offset as `Z`, the fraction without trailing zeros. Written apart from
  /// the reader so that the test does not grade the reader by itself.
  static func canonicalDateTime(_ text: String) -> String {
    var s = Array(text.uppercased())
    if s.count > 10, s[4] == "-", s[10] == " " { s[10] = "T" }
    var out = String(s)
    for zero in ["+00:00", "-00:00"] where out.hasSuffix(zero) {
      out = String(out.dropLast(zero.count)) + "Z"
    }
    guard let dot = out.firstIndex(of: ".") else { return out }
    let digitsEnd = out[out.index(after: dot)...].firstIndex { !$0.isNumber } ?? out.endIndex
    var digits = out[out.index(after: dot)..<digitsEnd]
    while digits.last == "0" { digits = digits.dropLast() }
    return String(out[..<dot]) + (digits.isEmpty ? "" : "." + digits) + out[digitsEnd...]
  }
}
