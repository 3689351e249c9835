/// A TOML document as aetherctl's config needs it, with the line of every value
/// so that a wrong type can be reported as `config.toml:12: key …`. Supports
/// tables, dotted and quoted keys, strings (basic, literal, multi-line),
/// integers, floats, booleans, arrays and inline tables; refuses dates and
/// arrays of tables with a clear message rather than misreading them.
public struct TOMLError: Error, Equatable, CustomStringConvertible {
  public var line: Int
  public var message: String
  public var description: String { "line \(line): \(message)" }
}

public indirect enum TOMLValue: Equatable {
  case string(String)
  case integer(Int64)
  case float(Double)
  case bool(Bool)
  case array([TOMLNode])
  case table(TOMLTable)

  public var typeName: String {
    switch self {
    case .string: "a string"
    case .integer: "an integer"
    case .float: "a float"
    case .bool: "a boolean"
    case .array: "an array"
    case .table: "a table"
    }
  }
}

public struct TOMLNode: Equatable {
  public var value: TOMLValue
  public var line: Int
}

public struct TOMLTable: Equatable {
  public private(set) var keys: [String] = []
  public private(set) var entries: [String: TOMLNode] = [:]
  public var line: Int
  /// Defined by a `[header]` (may not be defined twice) rather than implied by a dotted key.
  var explicit = false

  public init(line: Int) { self.line = line }

  public subscript(key: String) -> TOMLNode? { entries[key] }

  mutating func set(_ key: String, _ node: TOMLNode) {
    if entries[key] == nil { keys.append(key) }
    entries[key] = node
  }
}

public enum TOML {
  public static func parse(_ text: String) throws(TOMLError) -> TOMLTable {
    var p = TOMLParser(Array(text.unicodeScalars))
    return try p.document()
  }
}

struct TOMLParser {
  let s: [Unicode.Scalar]
  var i = 0
  var line = 1
  var root = TOMLTable(line: 1)
  var currentPath: [String] = []

  init(_ s: [Unicode.Scalar]) { self.s = s }

  func peek(_ k: Int = 0) -> Unicode.Scalar? { i + k < s.count ? s[i + k] : nil }
  mutating func next() -> Unicode.Scalar? {
    guard i < s.count else { return nil }
    let c = s[i]
    i += 1
    if c == "\n" { line += 1 }
    return c
  }
  func fail(_ m: String) -> TOMLError { TOMLError(line: line, message: m) }

  mutating func skipBlanks() {
    while let c = peek(), c == " " || c == "\t" { i += 1 }
  }
  mutating func skipComment() {
    if peek() == "#" { while let c = peek(), c != "\n" { i += 1 } }
  }
  /// Blanks, comments and newlines (inside arrays).
  mutating func skipAll() {
    while true {
      skipBlanks()
      skipComment()
      if peek() == "\n" || (peek() == "\r" && peek(1) == "\n") {
        if peek() == "\r" { i += 1 }
        _ = next()
      } else {
        return
      }
    }
  }
  mutating func endOfLine() throws(TOMLError) {
    skipBlanks()
    skipComment()
    if peek() == "\r" { i += 1 }
    guard peek() == nil || peek() == "\n" else {
      throw fail("unexpected '\(peek().map { String($0) } ?? "")' after a value (one key = value per line)")
    }
    _ = next()
  }

  mutating func document() throws(TOMLError) -> TOMLTable {
    while true {
      skipAll()
      guard let c = peek() else { break }
      if c == "[" {
        if peek(1) == "[" { throw fail("arrays of tables ([[…]]) are not supported in this config") }
        _ = next()
        skipBlanks()
        let path = try key()
        skipBlanks()
        // Peek first: consuming a newline would blame the next line.
        guard peek() == "]" else { throw fail("expected ']' to close the table header") }
        _ = next()
        try defineTable(path)
        currentPath = path
        try endOfLine()
      } else {
        let keyLine = line
        let path = try key()
        skipBlanks()
        guard next() == "=" else { throw fail("expected '=' after key '\(path.joined(separator: "."))'") }
        skipBlanks()
        let v = try value()
        try insert(currentPath + path, TOMLNode(value: v, line: keyLine))
        try endOfLine()
      }
    }
    return root
  }

  mutating func key() throws(TOMLError) -> [String] {
    var parts: [String] = []
    while true {
      skipBlanks()
      guard let c = peek() else { throw fail("expected a key") }
      if c == "\"" {
        _ = next()
        parts.append(try basicString())
      } else if c == "'" {
        _ = next()
        parts.append(try literalString())
      } else {
        var k = ""
        while let d = peek(), isBareKeyChar(d) {
          k.unicodeScalars.append(d)
          i += 1
        }
        guard !k.isEmpty else { throw fail("expected a key, found '\(c)'") }
        parts.append(k)
      }
      skipBlanks()
      if peek() == "." {
        i += 1
      } else {
        return parts
      }
    }
  }

  func isBareKeyChar(_ c: Unicode.Scalar) -> Bool {
    (c >= "a" && c <= "z") || (c >= "A" && c <= "Z") || (c >= "0" && c <= "9") || c == "_" || c == "-"
  }

  mutating func defineTable(_ path: [String]) throws(TOMLError) {
    let l = line
    try withTable(path, create: true) { (t: inout TOMLTable) throws(TOMLError) in
      if t.explicit { throw TOMLError(line: l, message: "table [\(path.joined(separator: "."))] is defined twice") }
      t.explicit = true
      t.line = l
    }
  }

  mutating func insert(_ path: [String], _ node: TOMLNode) throws(TOMLError) {
    let parent = Array(path.dropLast())
    let name = path[path.count - 1]
    let l = node.line
    try withTable(parent, create: true) { (t: inout TOMLTable) throws(TOMLError) in
      if t[name] != nil {
        throw TOMLError(line: l, message: "key '\(path.joined(separator: "."))' is defined twice")
      }
      t.set(name, node)
    }
  }

  mutating func withTable(
    _ path: [String], create: Bool, _ body: (inout TOMLTable) throws(TOMLError) -> Void
  ) throws(TOMLError) {
    try Self.descend(&root, path[...], line: line, body)
  }

  static func descend(
    _ t: inout TOMLTable, _ path: ArraySlice<String>, line: Int, _ body: (inout TOMLTable) throws(TOMLError) -> Void
  ) throws(TOMLError) {
    guard let head = path.first else {
      try body(&t)
      return
    }
    var child: TOMLTable
    if let existing = t[head] {
      guard case .table(let table) = existing.value else {
        throw TOMLError(line: line, message: "key '\(head)' is already \(existing.value.typeName), not a table")
      }
      child = table
    } else {
      child = TOMLTable(line: line)
    }
    try descend(&child, path.dropFirst(), line: line, body)
    t.set(head, TOMLNode(value: .table(child), line: t[head]?.line ?? line))
  }

  mutating func value() throws(TOMLError) -> TOMLValue {
    guard let c = peek() else { throw fail("expected a value") }
    switch c {
    case "\"":
      if peek(1) == "\"" && peek(2) == "\"" {
        i += 3
        return .string(try multilineBasic())
      }
      _ = next()
      return .string(try basicString())
    case "'":
      if peek(1) == "'" && peek(2) == "'" {
        i += 3
        return .string(try multilineLiteral())
      }
      _ = next()
      return .string(try literalString())
    case "[":
      _ = next()
      var items: [TOMLNode] = []
      while true {
        skipAll()
        if peek() == "]" {
          _ = next()
          return .array(items)
        }
        let l = line
        items.append(TOMLNode(value: try value(), line: l))
        skipAll()
        if peek() == "," {
          _ = next()
        } else if peek() == "]" {
          continue
        } else {
          throw fail("expected ',' or ']' in array")
        }
      }
    case "{":
      _ = next()
      var table = TOMLTable(line: line)
      skipBlanks()
      if peek() == "}" {
        _ = next()
        return .table(table)
      }
      while true {
        skipBlanks()
        let path = try key()
        skipBlanks()
        guard next() == "=" else { throw fail("expected '=' in inline table") }
        skipBlanks()
        let node = TOMLNode(value: try value(), line: line)
        let name = path[path.count - 1]
        let l = line
        try Self.descend(&table, path.dropLast()[...], line: l) { (t: inout TOMLTable) throws(TOMLError) in
          if t[name] != nil { throw TOMLError(line: l, message: "key '\(name)' is defined twice") }
          t.set(name, node)
        }
        skipBlanks()
        let d = next()
        if d == "}" { return .table(table) }
        guard d == "," else { throw fail("expected ',' or '}' in inline table") }
      }
    case "t", "f":
      if match("true") { return .bool(true) }
      if match("false") { return .bool(false) }
      throw fail("expected a value (strings need quotes)")
    default:
      return try number()
    }
  }

  mutating func match(_ word: String) -> Bool {
    let w = Array(word.unicodeScalars)
    guard i + w.count <= s.count, Array(s[i..<(i + w.count)]) == w else { return false }
    i += w.count
    return true
  }

  mutating func number() throws(TOMLError) -> TOMLValue {
    var text = ""
    while let c = peek(), !(c == " " || c == "\t" || c == "\n" || c == "\r" || c == "," || c == "]" || c == "}" || c == "#") {
      text.unicodeScalars.append(c)
      i += 1
    }
    guard !text.isEmpty else { throw fail("expected a value") }
    if text.contains(":") || (text.count >= 10 && text.dropFirst(4).first == "-" && text.first?.isNumber == true) {
      throw fail("dates and times are not supported here; write them as strings")
    }
    switch text {
    case "inf", "+inf": return .float(.infinity)
    case "-inf": return .float(-.infinity)
    case "nan", "+nan", "-nan": return .float(.nan)
    default: break
    }
    let clean = text.replacingUnderscores()
    if let v = Int64(clean) { return .integer(v) }
    if clean.hasPrefix("0x"), let v = Int64(clean.dropFirst(2), radix: 16) { return .integer(v) }
    if clean.hasPrefix("0o"), let v = Int64(clean.dropFirst(2), radix: 8) { return .integer(v) }
    if clean.hasPrefix("0b"), let v = Int64(clean.dropFirst(2), radix: 2) { return .integer(v) }
    if clean.contains(where: { $0 == "." || $0 == "e" || $0 == "E" }), let v = Double(clean), v.isFinite {
      return .float(v)
    }
    throw fail("'\(text)' is not a value (strings need quotes)")
  }

  mutating func basicString() throws(TOMLError) -> String {
    var out = ""
    // Errors name the line the string starts on, not where the reader stopped.
    let start = line
    while let c = next() {
      if c == "\"" { return out }
      if c == "\n" { throw TOMLError(line: start, message: "unterminated string (use \"\"\" for multi-line strings)") }
      if c == "\\" { try escape(into: &out) } else { out.unicodeScalars.append(c) }
    }
    throw TOMLError(line: start, message: "unterminated string")
  }

  mutating func literalString() throws(TOMLError) -> String {
    var out = ""
    // Errors name the line the string starts on, not where the reader stopped.
    let start = line
    while let c = next() {
      if c == "'" { return out }
      if c == "\n" { throw TOMLError(line: start, message: "unterminated string (use \'\'\' for multi-line literal strings)") }
      out.unicodeScalars.append(c)
    }
    throw TOMLError(line: start, message: "unterminated string")
  }

  mutating func multilineBasic() throws(TOMLError) -> String {
    var out = ""
    // Errors name the line the string starts on, not where the reader stopped.
    let start = line
    if peek() == "\n" { _ = next() }
    while let c = next() {
      if c == "\"" && peek() == "\"" && peek(1) == "\"" {
        i += 2
        return out
      }
      if c == "\\" {
        if let n = peek(), n == "\n" || n == " " || n == "\t" || n == "\r" {
          while let d = peek(), d == "\n" || d == " " || d == "\t" || d == "\r" { _ = next() }
        } else {
          try escape(into: &out)
        }
      } else {
        out.unicodeScalars.append(c)
      }
    }
    throw TOMLError(line: start, message: "unterminated multi-line string")
  }

  mutating func multilineLiteral() throws(TOMLError) -> String {
    var out = ""
    // Errors name the line the string starts on, not where the reader stopped.
    let start = line
    if peek() == "\n" { _ = next() }
    while let c = next() {
      if c == "'" && peek() == "'" && peek(1) == "'" {
        i += 2
        return out
      }
      out.unicodeScalars.append(c)
    }
    throw TOMLError(line: start, message: "unterminated multi-line string")
  }

  mutating func escape(into out: inout String) throws(TOMLError) {
    guard let e = next() else { throw fail("unterminated string") }
    switch e {
    case "n": out += "\n"
    case "t": out += "\t"
    case "r": out += "\r"
    case "b": out += "\u{8}"
    case "f": out += "\u{c}"
    case "\"": out += "\""
    case "\\": out += "\\"
    case "u", "U":
      let n = e == "u" ? 4 : 8
      var hex = ""
      for _ in 0..<n {
        guard let h = next() else { throw fail("short unicode escape") }
        hex.unicodeScalars.append(h)
      }
      guard let v = UInt32(hex, radix: 16), let scalar = Unicode.Scalar(v) else {
        throw fail("bad unicode escape \\\(e)\(hex)")
      }
      out.unicodeScalars.append(scalar)
    default:
      throw fail("unknown escape '\\\(e)' in string")
    }
  }
}

extension String {
  fileprivate func replacingUnderscores() -> String { String(unicodeScalars.filter { $0 != "_" }.map(Character.init)) }
}
