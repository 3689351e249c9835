/// Reads a document in one pass over its UTF-8 bytes. Every structural
/// character of TOML is ASCII, so bytes are all the grammar needs; text
/// outside ASCII only ever appears inside strings and comments, where it is
/// copied through (the input is a `String`, so it is valid UTF-8 already).
struct TOMLParser {
  let bytes: [UInt8]
  var i = 0
  var line = 1
  /// Arrays and inline tables open right now (and the tables dotted keys
  /// make inside them), bounded so that a hostile `[[[[…` is refused
  /// instead of exhausting the stack. Keys and headers have their own bound,
  /// so no table ends up deeper than a few hundred levels.
  var depth = 0
  var document = TOMLDocument()

  /// Deep enough for any real document, shallow enough for a small stack.
  static let maxDepth = 100

  init(_ bytes: [UInt8]) { self.bytes = bytes }

  mutating func parseDocument() throws(TOMLError) -> TOMLTable {
    if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { i = 3 }
    while true {
      skipBlanks()
      guard let c = peek() else { break }
      switch c {
      case UInt8(ascii: "#"), UInt8(ascii: "\n"), UInt8(ascii: "\r"):
        try endOfLine(after: "")
      case UInt8(ascii: "["):
        try header()
      default:
        try keyValue()
        try endOfLine(after: " after a value (one key = value per line)")
      }
    }
    return document.root.build()
  }

  /// The rest of the line is checked before the table is defined, so that a
  /// malformed header is reported as such, not as a clash with another one.
  mutating func header() throws(TOMLError) {
    let headerLine = line
    i += 1
    let isArray = peek() == UInt8(ascii: "[")
    if isArray { i += 1 }
    let path = try key()
    guard peek() == UInt8(ascii: "]") else {
      throw fail(
        isArray
          ? "expected ']]' to close the array-of-tables header, found \(here())"
          : "expected ']' to close the table header, found \(here())")
    }
    i += 1
    if isArray {
      guard peek() == UInt8(ascii: "]") else {
        throw fail("expected ']]' to close the array-of-tables header, found \(here())")
      }
      i += 1
    }
    try endOfLine(after: " after the table header")
    if isArray {
      try document.appendTable(path, line: headerLine)
    } else {
      try document.openTable(path, line: headerLine)
    }
  }

  mutating func keyValue() throws(TOMLError) {
    let keyLine = line
    let path = try key()
    guard peek() == UInt8(ascii: "=") else {
      throw fail("expected '=' after key '\(displayPath(path))', found \(here())")
    }
    i += 1
    skipBlanks()
    let value = try self.value()
    try document.insert(
      path, TOMLNode(value: value, line: keyLine), into: document.current, base: document.currentPath)
  }

  /// Takes the blanks after the key too: every caller looks at what follows
  /// it ('=', ']' or '.') straight away.
  mutating func key() throws(TOMLError) -> [String] {
    var parts: [String] = []
    while true {
      skipBlanks()
      guard let c = peek() else { throw fail("expected a key, found the end of the file") }
      switch c {
      case UInt8(ascii: "\""):
        parts.append(try basicString())
      case UInt8(ascii: "'"):
        parts.append(try literalString())
      default:
        let start = i
        while let d = peek(), isBareKeyByte(d) { i += 1 }
        guard i > start else { throw fail("expected a key, found \(here())") }
        parts.append(String(decoding: bytes[start..<i], as: UTF8.self))
      }
      skipBlanks()
      guard peek() == UInt8(ascii: ".") else { break }
      i += 1
    }
    if parts.count > Self.maxDepth {
      throw fail("key with more than \(Self.maxDepth) parts")
    }
    return parts
  }

  mutating func value() throws(TOMLError) -> TOMLValue {
    guard let c = peek() else { throw fail("expected a value, found the end of the file") }
    switch c {
    case UInt8(ascii: "\""):
      return .string(try isAt("\"\"\"") ? multilineBasicString() : basicString())
    case UInt8(ascii: "'"):
      return .string(try isAt("'''") ? multilineLiteralString() : literalString())
    case UInt8(ascii: "["):
      return try array()
    case UInt8(ascii: "{"):
      return try inlineTable()
    case UInt8(ascii: "t") where isAt("true"):
      i += 4
      return .bool(true)
    case UInt8(ascii: "f") where isAt("false"):
      i += 5
      return .bool(false)
    case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "+"), UInt8(ascii: "-"),
      UInt8(ascii: "i"), UInt8(ascii: "n"):
      return try numberOrDateTime()
    default:
      throw notAValue()
    }
  }

  /// Each element keeps its own line, so that a wrong element of a
  /// multi-line array (`run = [ … ]`) is reported where it is.
  mutating func array() throws(TOMLError) -> TOMLValue {
    let openLine = line
    try enterNesting()
    i += 1
    var items: [TOMLNode] = []
    while true {
      try skipBlanksCommentsAndNewlines()
      if peek() == UInt8(ascii: "]") { break }
      if peek() == nil { throw unterminatedArray(openLine) }
      let itemLine = line
      items.append(TOMLNode(value: try value(), line: itemLine))
      try skipBlanksCommentsAndNewlines()
      if peek() == UInt8(ascii: ",") {
        i += 1
        continue
      }
      if peek() == UInt8(ascii: "]") { break }
      if peek() == nil { throw unterminatedArray(openLine) }
      throw fail("expected ',' or ']' in an array, found \(here())")
    }
    i += 1
    depth -= 1
    return .array(items)
  }

  /// Read into a builder of its own and frozen into a value, because TOML 1.0
  /// lets nothing outside the braces add to it afterwards.
  mutating func inlineTable() throws(TOMLError) -> TOMLValue {
    let table = TableBuilder(.inline, line: line)
    try enterNesting()
    i += 1
    skipBlanks()
    if peek() == UInt8(ascii: "}") {
      i += 1
      depth -= 1
      return .table(table.build())
    }
    while true {
      skipBlanks()
      if peek() == UInt8(ascii: "\n") || peek() == UInt8(ascii: "\r") {
        throw fail("an inline table must be on one line; use a [table] for more")
      }
      let keyLine = line
      let path = try key()
      guard peek() == UInt8(ascii: "=") else {
        throw fail("expected '=' after key '\(displayPath(path))' in an inline table, found \(here())")
      }
      i += 1
      skipBlanks()
      // `{ a.b.c = … }` nests as deep as `{ a = { b = { c = … } } }`.
      try enterNesting(levels: path.count - 1)
      let value = try self.value()
      depth -= path.count - 1
      try document.insert(path, TOMLNode(value: value, line: keyLine), into: table, base: [])
      skipBlanks()
      guard let c = peek() else {
        throw fail("expected ',' or '}' in an inline table, found the end of the file")
      }
      if c == UInt8(ascii: "}") { break }
      guard c == UInt8(ascii: ",") else {
        if c == UInt8(ascii: "\n") || c == UInt8(ascii: "\r") {
          throw fail("an inline table must be on one line; use a [table] for more")
        }
        throw fail("expected ',' or '}' in an inline table, found \(here())")
      }
      i += 1
      skipBlanks()
      if peek() == UInt8(ascii: "}") {
        throw fail("trailing comma in an inline table (not allowed in TOML 1.0)")
      }
    }
    i += 1
    depth -= 1
    return .table(table.build())
  }

  /// Named by the line the array starts on: the end of the file says
  /// nothing of where the ']' should have been.
  func unterminatedArray(_ openLine: Int) -> TOMLError {
    TOMLError(line: openLine, message: "expected ',' or ']' to close the array opened here, found the end of the file")
  }

  mutating func enterNesting(levels: Int = 1) throws(TOMLError) {
    depth += levels
    if depth > Self.maxDepth {
      throw fail("arrays and inline tables nested more than \(Self.maxDepth) deep")
    }
  }

  /// A word where a value should be: most often a string without quotes.
  func notAValue() -> TOMLError {
    var end = i
    while end < bytes.count, isBareKeyByte(bytes[end]) || bytes[end] == UInt8(ascii: ".") { end += 1 }
    if end > i {
      let word = String(decoding: bytes[i..<end], as: UTF8.self)
      return fail("expected a value, found '\(word)' (strings need quotes)")
    }
    return fail("expected a value, found \(here())")
  }
}
