import Capacity
import Config
import Formats
import Foundation

extension JSON {
  /// A `JSONSerialization` value as-is, so `-o json` can pass through what a
  /// server sent (Prometheus's `data`) without re-shaping it. Keys are sorted
  /// because Foundation's dictionaries have no order to keep.
  package init(foundation value: Any?) {
    switch value {
    case let json as JSON: self = json
    case nil, is NSNull: self = .null
    case let s as String: self = .string(s)
    case let n as NSNumber:
      let type = String(cString: n.objCType)
      if type == "c" || type == "B" {
        self = .bool(n.boolValue)
      } else if type == "d" || type == "f" {
        self = .double(n.doubleValue)
      } else {
        self = .int(n.int64Value)
      }
    case let b as Bool: self = .bool(b)
    case let a as [Any]: self = .array(a.map { JSON(foundation: $0) })
    case let o as [String: Any]:
      self = .object(o.keys.sorted().map { ($0, JSON(foundation: o[$0])) })
    default: self = .string("\(value!)")
    }
  }
}
