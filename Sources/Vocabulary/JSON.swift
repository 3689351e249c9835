import Foundation

/// JSON with ordered keys: field order is part of what a person reads in
/// `-o json`, and Foundation's encoder does not keep it. Not `indirect`:
/// arrays and objects already hold their elements out of line, so a value
/// is 24 bytes inline and a decoded answer costs a small multiple of its
/// bytes (JSONParser), where a boxed case per value cost several.
public enum JSON: Equatable, Sendable {
  case null
  case bool(Bool)
  case int(Int64)
  case double(Double)
  case string(String)
  case array([JSON])
  case object([(String, JSON)])

  public static func == (a: JSON, b: JSON) -> Bool {
    switch (a, b) {
    case (.null, .null): true
    case (.bool(let x), .bool(let y)): x == y
    case (.int(let x), .int(let y)): x == y
    case (.double(let x), .double(let y)): x == y || (x.isNaN && y.isNaN)
    case (.string(let x), .string(let y)): x == y
    case (.array(let x), .array(let y)): x == y
    case (.object(let x), .object(let y)): x.map(\.0) == y.map(\.0) && x.map(\.1) == y.map(\.1)
    default: false
    }
  }

  /// The last field of that name, as a JSON parser that keeps one would.
  public subscript(key: String) -> JSON? {
    guard case .object(let fields) = self else { return nil }
    return fields.last { $0.0 == key }?.1
  }

  public static func optional(_ v: Double?) -> JSON { v.map { .double($0) } ?? .null }
  public static func optional(_ v: Int?) -> JSON { v.map { .int(Int64($0)) } ?? .null }
  public static func optional(_ v: Int64?) -> JSON { v.map { .int($0) } ?? .null }
  public static func optional(_ v: String?) -> JSON { v.map { .string($0) } ?? .null }

  /// Compact (one line, for pipes and jq) or indented (for a person at a terminal).
  public func serialized(pretty: Bool = false) -> String {
    var out = ""
    write(to: &out, pretty: pretty, indent: 0)
    return out
  }

  private func write(to out: inout String, pretty: Bool, indent: Int) {
    switch self {
    case .null: out += "null"
    case .bool(let b): out += b ? "true" : "false"
    case .int(let i): out += String(i)
    case .double(let d):
      // JSON has no NaN or infinities; Prometheus's own convention is a string.
      if d.isNaN {
        out += "\"NaN\""
      } else if d.isInfinite {
        out += d > 0 ? "\"+Inf\"" : "\"-Inf\""
      } else if d == d.rounded(), abs(d) < 1e15 {
        out += String(Int64(d))
      } else {
        out += "\(d)"
      }
    case .string(let s): JSON.quote(s, into: &out)
    case .array(let items):
      if items.isEmpty {
        out += "[]"
        return
      }
      out += "["
      for (i, item) in items.enumerated() {
        if i > 0 { out += pretty ? "," : "," }
        if pretty { out += "\n" + String(repeating: "  ", count: indent + 1) }
        item.write(to: &out, pretty: pretty, indent: indent + 1)
      }
      if pretty { out += "\n" + String(repeating: "  ", count: indent) }
      out += "]"
    case .object(let fields):
      if fields.isEmpty {
        out += "{}"
        return
      }
      out += "{"
      for (i, (k, v)) in fields.enumerated() {
        if i > 0 { out += "," }
        if pretty { out += "\n" + String(repeating: "  ", count: indent + 1) }
        JSON.quote(k, into: &out)
        out += pretty ? ": " : ":"
        v.write(to: &out, pretty: pretty, indent: indent + 1)
      }
      if pretty { out += "\n" + String(repeating: "  ", count: indent) }
      out += "}"
    }
  }

  public static func quote(_ s: String, into out: inout String) {
    out += "\""
    for u in s.unicodeScalars {
      switch u {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\t": out += "\\t"
      default:
        if u.value < 0x20 || u.value == 0x7f {
          out += String(format: "\\u%04x", u.value)
        } else {
          out.unicodeScalars.append(u)
        }
      }
    }
    out += "\""
  }
}
