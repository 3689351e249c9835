import Foundation

/// Reads `JSONSerialization` output without trusting its shape: every accessor
/// either returns the expected type or throws an error naming the JSON path.
enum JSONShape {
  static func object(_ value: Any?, at path: String) throws(PromDecodeError) -> [String: Any] {
    guard let object = value as? [String: Any] else { throw mismatch(value, expected: "an object", at: path) }
    return object
  }

  static func array(_ value: Any?, at path: String) throws(PromDecodeError) -> [Any] {
    guard let array = value as? [Any] else { throw mismatch(value, expected: "an array", at: path) }
    return array
  }

  /// An array that Prometheus may also send as `null` or leave out when empty.
  static func optionalArray(_ value: Any?, at path: String) throws(PromDecodeError) -> [Any] {
    if isAbsent(value) { return [] }
    return try array(value, at: path)
  }

  static func string(_ value: Any?, at path: String) throws(PromDecodeError) -> String {
    guard let string = value as? String else { throw mismatch(value, expected: "a string", at: path) }
    return string
  }

  static func optionalString(_ value: Any?, at path: String) throws(PromDecodeError) -> String? {
    if isAbsent(value) { return nil }
    return try string(value, at: path)
  }

  static func number(_ value: Any?, at path: String) throws(PromDecodeError) -> Double {
    // Booleans arrive as NSNumber too; a `true` where a number belongs is a shape
    // error. `is Bool` cannot tell them apart on Linux (NSNumber(1) bridges to
    // Bool), the Objective-C type code can.
    guard let number = value as? NSNumber, !isBoolean(number) else {
      throw mismatch(value, expected: "a number", at: path)
    }
    return number.doubleValue
  }

  static func optionalNumber(_ value: Any?, at path: String) throws(PromDecodeError) -> Double? {
    if isAbsent(value) { return nil }
    return try number(value, at: path)
  }

  /// A label set: an object whose values are all strings. Absent means empty.
  static func labels(_ value: Any?, at path: String) throws(PromDecodeError) -> [String: String] {
    if isAbsent(value) { return [:] }
    let object = try object(value, at: path)
    var labels: [String: String] = [:]
    labels.reserveCapacity(object.count)
    for (name, raw) in object {
      labels[name] = try string(raw, at: "\(path).\(name)")
    }
    return labels
  }

  static func strings(_ value: Any?, at path: String) throws(PromDecodeError) -> [String] {
    try elements(value, at: path, string)
  }

  /// Every list in the API is read the same way: absent or `null` is empty,
  /// and an element that does not decode is named by its index, `data.result[3]`.
  /// `required`: a list the API always sends; missing or null is a decode
  /// error, never "none" (an empty `data` must not read as "no alerts firing").
  static func elements<T>(
    _ value: Any?, at path: String, required: Bool = false, _ decode: (Any, String) throws(PromDecodeError) -> T
  ) throws(PromDecodeError) -> [T] {
    if required && (value == nil || value is NSNull) {
      throw PromDecodeError("Prometheus response: \(path) is missing (expected a list)")
    }
    let items = try optionalArray(value, at: path)
    var decoded: [T] = []
    decoded.reserveCapacity(items.count)
    for (i, item) in items.enumerated() {
      decoded.append(try decode(item, "\(path)[\(i)]"))
    }
    return decoded
  }

  static func isBoolean(_ n: NSNumber) -> Bool {
    let type = String(cString: n.objCType)
    return type == "c" || type == "B"
  }

  static func isAbsent(_ value: Any?) -> Bool {
    guard let value else { return true }
    return value is NSNull
  }

  static func mismatch(_ value: Any?, expected: String, at path: String) -> PromDecodeError {
    PromDecodeError("Prometheus response: \(path) should be \(expected), found \(describe(value))")
  }

  static func describe(_ value: Any?) -> String {
    guard let value else { return "nothing" }
    switch value {
    case is NSNull: return "null"
    case let n as NSNumber: return isBoolean(n) ? "a boolean" : "a number"
    case is String: return "a string"
    case is [Any]: return "an array"
    case is [String: Any]: return "an object"
    default: return "an unexpected value"
    }
  }
}
