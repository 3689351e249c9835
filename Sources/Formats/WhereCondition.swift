import Foundation
import Vocabulary

/// One `FIELD=VALUE` / `FIELD!=VALUE` clause. VALUE is typed once here:
/// numbers compare numerically (`5` matches 5 and 5.0), `true`/`false`/`null`
/// match the JSON literals, and a JSON string matches when its text equals
/// VALUE. Quoting VALUE ("5") forces a text comparison. A message that is not
/// a JSON object, or has no such field, matches neither `=` nor `!=`: "not
/// equal" is a statement about a value that is there. A dot inside a key is
/// written `\.` (`a\.b=x` is the key "a.b").
public struct WhereCondition: Sendable {
  enum Expected: Sendable, Equatable {
    case number(Double, integer: Int64?, unsigned: UInt64?, text: String)
    case bool(Bool)
    case null
    case text(String)
  }

  let path: [String]
  let negated: Bool
  let expected: Expected

  static let forms =
    "expected FIELD=VALUE or FIELD!=VALUE, FIELD a name or dotted path such as order.id (a dot in a key: a\\.b)"

  public init(parsing clause: String) throws(SpecError) {
    guard let equals = clause.firstIndex(of: "=") else {
      throw SpecError(message: "bad where clause '\(clause)' (\(Self.forms))")
    }
    var fieldEnd = equals
    negated = equals > clause.startIndex && clause[clause.index(before: equals)] == "!"
    if negated { fieldEnd = clause.index(before: equals) }
    let field = clause[..<fieldEnd].trimmedBlanks
    let value = String(clause[clause.index(after: equals)...].trimmedBlanks)
    guard !field.isEmpty else {
      throw SpecError(message: "where clause '\(clause)' has no field before '\(negated ? "!=" : "=")' (\(Self.forms))")
    }
    let segments = Self.segments(String(field))
    guard !segments.contains(where: \.isEmpty) else {
      throw SpecError(message: "where clause '\(clause)' has an empty part in field '\(field)' (\(Self.forms))")
    }
    path = segments
    expected = Self.type(value)
  }

  /// The path's keys: split at dots, except a dot after a backslash (`\.`),
  /// which stays in the key; `\\` is a backslash.
  static func segments(_ field: String) -> [String] {
    var out: [String] = []
    var current = ""
    var escaped = false
    for c in field {
      if escaped {
        if c != "." && c != "\\" { current.append("\\") }
        current.append(c)
        escaped = false
      } else if c == "\\" {
        escaped = true
      } else if c == "." {
        out.append(current)
        current = ""
      } else {
        current.append(c)
      }
    }
    if escaped { current.append("\\") }
    out.append(current)
    return out
  }

  static func type(_ value: String) -> Expected {
    switch value {
    case "true": return .bool(true)
    case "false": return .bool(false)
    case "null": return .null
    default: break
    }
    if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") {
      return .text(String(value.dropFirst().dropLast()))
    }
    if isPlainNumber(value), let number = Double(value), number.isFinite {
      return .number(number, integer: Int64(value), unsigned: UInt64(value), text: value)
    }
    return .text(value)
  }

  func holds(in json: Any?) -> Bool {
    // Not an object, or no such field: neither equal nor unequal.
    guard json is [String: Any], let found = lookup(json) else { return false }
    let equal = equals(found)
    return negated ? !equal : equal
  }

  private func lookup(_ json: Any?) -> Any? {
    var current = json
    for segment in path {
      if let object = current as? [String: Any] {
        current = object[segment]
      } else if let array = current as? [Any], let index = Int(segment), index >= 0, index < array.count {
        current = array[index]
      } else {
        return nil
      }
    }
    return current
  }

  private func equals(_ found: Any) -> Bool {
    if found is NSNull { return expected == .null }
    if let text = found as? String {
      switch expected {
      case .text(let s), .number(_, _, _, let s): return text == s
      case .bool(let b): return text == (b ? "true" : "false")
      case .null: return text == "null"
      }
    }
    guard let number = found as? NSNumber else { return false }
    let kind = String(cString: number.objCType)
    if kind == "c" || kind == "B" {
      // Booleans from JSONSerialization are NSNumbers of type char.
      if case .bool(let b) = expected { return number.boolValue == b }
      return false
    }
    guard case .number(let double, let integer, let unsigned, _) = expected else { return false }
    // Integers compare exactly: doubles cannot tell 2^63+1 from 2^63.
    if kind == "Q", let unsigned { return number.uint64Value == unsigned }
    if kind != "Q", kind != "d", kind != "f", let integer { return number.int64Value == integer }
    return number.doubleValue == double
  }
}
