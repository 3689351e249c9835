/// A rejected document. The line is the one a config author should look at:
/// where the offending character, key or header is, or where an unterminated
/// string or array starts, so that `config.toml:12: …` points at the mistake.
public struct TOMLError: Error, Equatable, CustomStringConvertible {
  public var line: Int
  public var message: String

  public init(line: Int, message: String) {
    self.line = line
    self.message = message
  }

  public var description: String { "line \(line): \(message)" }
}

/// A TOML value. Tables and arrays hold nodes rather than bare values so that
/// every value, however deep, still knows the line it came from.
public indirect enum TOMLValue: Equatable, Sendable {
  case string(String)
  case integer(Int64)
  case float(Double)
  case bool(Bool)
  case array([TOMLNode])
  case table(TOMLTable)
  case dateTime(TOMLDateTime)

  /// Worded to complete "must be a string, got …" in the config's messages.
  public var typeName: String {
    switch self {
    case .string: "a string"
    case .integer: "an integer"
    case .float: "a float"
    case .bool: "a boolean"
    case .array: "an array"
    case .table: "a table"
    case .dateTime(let d):
      switch d.kind {
      case .offsetDateTime, .localDateTime: "a date-time"
      case .localDate: "a date"
      case .localTime: "a time"
      }
    }
  }
}

/// A value with the line a config author would look for it on: the line of
/// the key that defined it, of the `[header]` for a table, of the element
/// itself inside an array, of the `[[header]]` for an array-of-tables element.
public struct TOMLNode: Equatable, Sendable {
  public var value: TOMLValue
  public var line: Int

  public init(value: TOMLValue, line: Int) {
    self.value = value
    self.line = line
  }
}

/// A table in document order: the config loader reports unknown keys and
/// passes librdkafka properties on in the order the author wrote them.
public struct TOMLTable: Equatable, Sendable {
  public private(set) var keys: [String] = []
  public private(set) var entries: [String: TOMLNode] = [:]
  public var line: Int

  public init(line: Int = 1) { self.line = line }

  init(line: Int, capacity: Int) {
    self.line = line
    keys.reserveCapacity(capacity)
    entries.reserveCapacity(capacity)
  }

  public subscript(key: String) -> TOMLNode? { entries[key] }

  /// Only the reader builds tables, and it has already refused duplicates,
  /// so a key is never appended twice.
  mutating func append(_ key: String, _ node: TOMLNode) {
    keys.append(key)
    entries[key] = node
  }
}

public enum TOML {
  /// Reads a whole document. The text is a `String`, so it is valid UTF-8
  /// already: callers refuse undecodable files before they get here.
  public static func parse(_ text: String) throws(TOMLError) -> TOMLTable {
    var parser = TOMLParser(Array(text.utf8))
    return try parser.parseDocument()
  }
}
