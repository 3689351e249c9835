import Formats
import Vocabulary

/// An object's fields, looked up by name: the last one wins, as in the
/// parsers Prometheus and Alertmanager are read with elsewhere.
struct JSONObject {
  let fields: [(String, JSON)]
  subscript(key: String) -> JSON? { fields.last { $0.0 == key }?.1 }
}

/// Reads a parsed answer without trusting its shape: every accessor either
/// returns the expected type or throws an error naming the JSON path.
enum JSONShape {
  /// A body as JSON (JSONParser: bounded by the body, not by Foundation's object graph).
  static func parse(_ body: [UInt8], notJSON: (String) -> String) throws(PromDecodeError) -> JSON {
    do { return try JSONParser.parse(body) } catch { throw PromDecodeError(notJSON("\(error)")) }
  }

  static func object(_ value: JSON?, at path: String) throws(PromDecodeError) -> JSONObject {
    guard case .object(let fields)? = value else { throw mismatch(value, expected: "an object", at: path) }
    return JSONObject(fields: fields)
  }

  static func array(_ value: JSON?, at path: String) throws(PromDecodeError) -> [JSON] {
    guard case .array(let items)? = value else { throw mismatch(value, expected: "an array", at: path) }
    return items
  }

  /// An array that Prometheus may also send as `null` or leave out when empty.
  static func optionalArray(_ value: JSON?, at path: String) throws(PromDecodeError) -> [JSON] {
    if isAbsent(value) { return [] }
    return try array(value, at: path)
  }

  static func string(_ value: JSON?, at path: String) throws(PromDecodeError) -> String {
    guard case .string(let s)? = value else { throw mismatch(value, expected: "a string", at: path) }
    return s
  }

  static func optionalString(_ value: JSON?, at path: String) throws(PromDecodeError) -> String? {
    if isAbsent(value) { return nil }
    return try string(value, at: path)
  }

  /// A `true` where a number belongs is a shape error.
  static func number(_ value: JSON?, at path: String) throws(PromDecodeError) -> Double {
    switch value {
    case .int(let i)?: return Double(i)
    case .double(let d)?: return d
    default: throw mismatch(value, expected: "a number", at: path)
    }
  }

  static func optionalNumber(_ value: JSON?, at path: String) throws(PromDecodeError) -> Double? {
    if isAbsent(value) { return nil }
    return try number(value, at: path)
  }

  static func bool(_ value: JSON?, at path: String) throws(PromDecodeError) -> Bool {
    guard case .bool(let b)? = value else { throw mismatch(value, expected: "a boolean", at: path) }
    return b
  }

  /// A label set: an object whose values are all strings. Absent means empty.
  static func labels(_ value: JSON?, at path: String) throws(PromDecodeError) -> [String: String] {
    if isAbsent(value) { return [:] }
    let object = try object(value, at: path)
    var labels: [String: String] = [:]
    labels.reserveCapacity(object.fields.count)
    for (name, raw) in object.fields {
      labels[name] = try string(raw, at: "\(path).\(name)")
    }
    return labels
  }

  static func strings(_ value: JSON?, at path: String) throws(PromDecodeError) -> [String] {
    try elements(value, at: path, string)
  }

  /// Every list in the API is read the same way: absent or `null` is empty,
  /// and an element that does not decode is named by its index, `data.result[3]`.
  /// `required`: a list the API always sends; missing or null is a decode
  /// error, never "none" (an empty `data` must not read as "no alerts firing").
  static func elements<T>(
    _ value: JSON?, at path: String, required: Bool = false, _ decode: (JSON, String) throws(PromDecodeError) -> T
  ) throws(PromDecodeError) -> [T] {
    if required && isAbsent(value) {
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

  static func isAbsent(_ value: JSON?) -> Bool {
    guard let value else { return true }
    return value == .null
  }

  static func mismatch(_ value: JSON?, expected: String, at path: String) -> PromDecodeError {
    PromDecodeError("Prometheus response: \(path) should be \(expected), found \(describe(value))")
  }

  static func describe(_ value: JSON?) -> String {
    switch value {
    case nil: "nothing"
    case .null?: "null"
    case .bool?: "a boolean"
    case .int?, .double?: "a number"
    case .string?: "a string"
    case .array?: "an array"
    case .object?: "an object"
    }
  }
}
