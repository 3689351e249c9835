/// The tables of a document while it is read. TOML lets a later `[header]`
/// reach back into a table made earlier, so the tree is built from reference
/// types that can be extended in place, and turned into values at the end.
///
/// How a table came to exist decides what may still be done to it:
/// - a `[header]` defines a table once; its parents exist implicitly until
///   their own header, if any, comes;
/// - dotted keys (`a.b = 1`) define the tables before the last part; those
///   may still get sub-tables by header, but never a header of their own;
/// - dotted keys only extend tables that dotted keys made in the same
///   section, never one a header made or implied;
/// - inline tables and static arrays are values, complete when read.
final class TableBuilder {
  enum Origin {
    case root, implicit, header, dotted, inline
  }

  var origin: Origin
  var line: Int
  var keys: [String] = []
  var entries: [String: Entry] = [:]

  init(_ origin: Origin, line: Int) {
    self.origin = origin
    self.line = line
  }

  func add(_ key: String, _ entry: Entry) {
    keys.append(key)
    entries[key] = entry
  }

  func build() -> TOMLTable {
    var table = TOMLTable(line: line, capacity: keys.count)
    for key in keys {
      guard let entry = entries[key] else { continue }
      table.append(key, entry.build())
    }
    return table
  }
}

/// `[[name]]`: the line of the first header, and one table per header. A
/// class, so that appending the next element does not copy the others.
final class TableArray {
  let line: Int
  var tables: [TableBuilder]

  init(line: Int, _ first: TableBuilder) {
    self.line = line
    tables = [first]
  }
}

enum Entry {
  /// A scalar, a static array or an inline table: frozen once read.
  case value(TOMLNode)
  case table(TableBuilder)
  case arrayOfTables(TableArray)

  var line: Int {
    switch self {
    case .value(let node): node.line
    case .table(let t): t.line
    case .arrayOfTables(let array): array.line
    }
  }

  var typeName: String {
    switch self {
    case .value(let node):
      if case .table = node.value { return "an inline table" }
      return node.value.typeName
    case .table: return "a table"
    case .arrayOfTables: return "an array of tables"
    }
  }

  func build() -> TOMLNode {
    switch self {
    case .value(let node):
      return node
    case .table(let t):
      return TOMLNode(value: .table(t.build()), line: t.line)
    case .arrayOfTables(let array):
      return TOMLNode(
        value: .array(array.tables.map { TOMLNode(value: .table($0.build()), line: $0.line) }), line: array.line)
    }
  }
}

/// The table-definition rules of TOML 1.0, applied as headers and keys arrive.
struct TOMLDocument {
  let root = TableBuilder(.root, line: 1)
  /// The table the last header opened, where key/value lines go.
  var current: TableBuilder
  var currentPath: [String] = []

  init() { current = root }

  /// Only an implied table may still be defined by its own header.
  mutating func openTable(_ path: [String], line: Int) throws(TOMLError) {
    let parent = try walkToParent(of: path, line: line)
    let name = path[path.count - 1]
    let shown = "[\(displayPath(path))]"
    switch parent.entries[name] {
    case nil:
      let t = TableBuilder(.header, line: line)
      parent.add(name, .table(t))
      current = t
    case .table(let t):
      switch t.origin {
      case .implicit:
        t.origin = .header
        t.line = line
        current = t
      case .dotted:
        throw TOMLError(line: line, message: "table \(shown) already defined by dotted keys on line \(t.line)")
      default:
        throw TOMLError(line: line, message: "table \(shown) defined twice (first on line \(t.line))")
      }
    case .arrayOfTables(let array):
      throw TOMLError(
        line: line, message: "table \(shown) is already an array of tables ([\(shown)] on line \(array.line))")
    case .value(let node):
      if case .table = node.value {
        throw TOMLError(line: line, message: "table \(shown) already defined as an inline table on line \(node.line)")
      }
      throw alreadyDefined(path, .value(node), line: line, wanted: "a table")
    }
    currentPath = path
  }

  /// `[[a]]` only ever extends an array that `[[a]]` started: a static
  /// array or a table of that name is complete already.
  mutating func appendTable(_ path: [String], line: Int) throws(TOMLError) {
    let parent = try walkToParent(of: path, line: line)
    let name = path[path.count - 1]
    let t = TableBuilder(.header, line: line)
    switch parent.entries[name] {
    case nil:
      parent.add(name, .arrayOfTables(TableArray(line: line, t)))
    case .arrayOfTables(let array):
      array.tables.append(t)
    case .table(let existing):
      throw TOMLError(
        line: line,
        message:
          "[[\(displayPath(path))]] cannot add to table [\(displayPath(path))] (line \(existing.line)), which is not an array of tables"
      )
    case .value(let node):
      if case .array = node.value {
        throw TOMLError(
          line: line,
          message:
            "[[\(displayPath(path))]] cannot append to the static array '\(displayPath(path))' (line \(node.line))")
      }
      throw alreadyDefined(path, .value(node), line: line, wanted: "an array of tables")
    }
    current = t
    currentPath = path
  }

  /// A header may pass through any table, implicit, defined or made by
  /// dotted keys, and through an array of tables to its last element.
  private func walkToParent(of path: [String], line: Int) throws(TOMLError) -> TableBuilder {
    var t = root
    for (n, part) in path.dropLast().enumerated() {
      switch t.entries[part] {
      case nil:
        let child = TableBuilder(.implicit, line: line)
        t.add(part, .table(child))
        t = child
      case .table(let child):
        t = child
      case .arrayOfTables(let array):
        t = array.tables[array.tables.count - 1]
      case .value(let node):
        let prefix = Array(path[...n])
        if case .table = node.value {
          throw TOMLError(
            line: line,
            message:
              "[\(displayPath(path))] cannot extend the inline table '\(displayPath(prefix))' (line \(node.line))")
        }
        throw alreadyDefined(prefix, .value(node), line: line, wanted: "a table")
      }
    }
    return t
  }

  /// For a key/value line (`base` being the section's path, for messages)
  /// and for a key inside an inline table (`base` empty), which obey the
  /// same rules.
  func insert(_ key: [String], _ node: TOMLNode, into table: TableBuilder, base: [String]) throws(TOMLError) {
    var t = table
    for (n, part) in key.dropLast().enumerated() {
      var here: [String] { base + key[...n] }
      switch t.entries[part] {
      case nil:
        let child = TableBuilder(.dotted, line: node.line)
        t.add(part, .table(child))
        t = child
      case .table(let child):
        guard child.origin == .dotted else {
          let how = child.origin == .implicit ? "created by the header" : "defined by the header"
          throw TOMLError(
            line: node.line,
            message:
              "dotted key '\(displayPath(base + key))' cannot extend table [\(displayPath(here))], \(how) on line \(child.line)"
          )
        }
        t = child
      case .arrayOfTables(let array):
        throw TOMLError(
          line: node.line,
          message:
            "dotted key '\(displayPath(base + key))' cannot extend the array of tables [[\(displayPath(here))]] (line \(array.line))"
        )
      case .value(let existing):
        if case .table = existing.value {
          throw TOMLError(
            line: node.line,
            message:
              "dotted key '\(displayPath(base + key))' cannot extend the inline table '\(displayPath(here))' (line \(existing.line))"
          )
        }
        throw alreadyDefined(here, .value(existing), line: node.line, wanted: "a table")
      }
    }
    let name = key[key.count - 1]
    if let existing = t.entries[name] {
      throw TOMLError(
        line: node.line, message: "key '\(displayPath(base + key))' is defined twice (first on line \(existing.line))")
    }
    t.add(name, .value(node))
  }

  private func alreadyDefined(_ path: [String], _ entry: Entry, line: Int, wanted: String) -> TOMLError {
    TOMLError(
      line: line,
      message: "key '\(displayPath(path))' is already \(entry.typeName) (line \(entry.line)), not \(wanted)")
  }
}

/// A key path as it could be written back: bare parts as they are, others
/// quoted, so that a message never shows an ambiguous `a.b.c`.
func displayPath(_ path: [String]) -> String {
  var s = ""
  for (n, part) in path.enumerated() {
    if n > 0 { s += "." }
    if !part.isEmpty && part.utf8.allSatisfy(isBareKeyByte) {
      s += part
    } else {
      s += "\"" + part.unicodeScalars.map { $0 == "\"" || $0 == "\\" ? "\\\($0)" : String($0) }.joined() + "\""
    }
  }
  return s
}

func displayPath(_ path: ArraySlice<String>) -> String { displayPath(Array(path)) }

func isBareKeyByte(_ c: UInt8) -> Bool {
  switch c {
  case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
    UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: "-"):
    true
  default: false
  }
}
