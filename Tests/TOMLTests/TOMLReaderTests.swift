import Foundation
import TOML
import Testing

/// The documented config (examples/config.toml, shown in the README).
let documentedConfig = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
  .deletingLastPathComponent().appendingPathComponent("examples/config.toml")

/// The reader as the config loader uses it: values, and above all the lines
/// a config author is sent to by `config.toml:LINE: …`.
struct TOMLReaderTests {
  @Test func readsTheDocumentedConfig() throws {
    let text = try String(contentsOf: documentedConfig, encoding: .utf8)
    let t = try TOML.parse(text)
    #expect(t.keys == ["profile", "profiles", "fixes"])
    #expect(t["profile"]?.value == .string("local"))
    let local = try #require(Self.node(t, "profiles.local"))
    guard case .table(let p) = local.value else {
      Issue.record("no profile table")
      return
    }
    #expect(
      p.keys == [
        "brokers", "prometheus", "topic", "group", "capacity", "commit_interval", "protected", "kafka", "thresholds",
      ])
    #expect(p["brokers"]?.value == .string("localhost:9092"))
    #expect(p["capacity"]?.value == .float(5))
    #expect(p["protected"]?.value == .bool(false))
    #expect(Self.node(t, "profiles.local.kafka.security.protocol") == nil)
    guard case .table(let kafka) = p["kafka"]?.value else {
      Issue.record("no kafka table")
      return
    }
    #expect(kafka.keys == ["security.protocol"])
    guard case .array(let run) = Self.node(t, "fixes.scale.run")?.value else {
      Issue.record("no run")
      return
    }
    #expect(run.last?.value == .string("{service}={replicas}"))
    #expect(Self.node(t, "fixes.scale.summary")?.value == .string("Scale a service's replicas"))
    #expect(Self.node(t, "profiles.local.thresholds.lag")?.value == .integer(500))
  }

  @Test(arguments: [
    ("a = 'lit\\eral'", TOMLValue.string("lit\\eral")),
    ("a = \"t\\u00e9\\n\"", .string("té\n")),
    ("a = 1_000", .integer(1000)),
    ("a = -7", .integer(-7)),
    ("a = 0x1f", .integer(31)),
    ("a = 2.5e1", .float(25)),
    ("a = true", .bool(true)),
    ("a = \"\"\"\nline1\nline2\"\"\"", .string("line1\nline2")),
    ("a = '''raw\\n'''", .string("raw\\n")),
    // Refused by the reader this one replaces; TOML 1.0 values.
    ("a = 1979-05-27", .dateTime(TOMLDateTime(date: .init(year: 1979, month: 5, day: 27), time: nil))),
    ("a = \"\"\"say \"hi\"\"\"\"", .string("say \"hi\"")),
    ("a = \"\"\"\\\n   joined\"\"\"", .string("joined")),
    ("a = 0o17", .integer(15)),
    ("a = 0b101", .integer(5)),
    ("a = -9223372036854775808", .integer(.min)),
    ("a = 9_223_372_036_854_775_807", .integer(.max)),
    ("a = -inf", .float(-.infinity)),
    ("a = 6.626e-34", .float(6.626e-34)),
    ("a = \"\\U0001F600\"", .string("😀")),
    ("\"\" = 1\na = 2", .integer(2)),
  ])
  func scalars(text: String, expected: TOMLValue) throws {
    let t = try TOML.parse(text)
    #expect(t["a"]?.value == expected)
  }

  @Test func arraysInlineTablesAndDottedKeys() throws {
    let t = try TOML.parse("a = [1, 2,\n  3, # c\n]\nb = { x = 1, y.z = \"q\" }\nc.d = 5\n")
    guard case .array(let items) = t["a"]?.value else {
      Issue.record("no array")
      return
    }
    #expect(items.map(\.value) == [.integer(1), .integer(2), .integer(3)])
    guard case .table(let b) = t["b"]?.value, case .table(let y) = b["y"]?.value else {
      Issue.record("no inline table")
      return
    }
    #expect(y["z"]?.value == .string("q"))
    guard case .table(let c) = t["c"]?.value else {
      Issue.record("no dotted table")
      return
    }
    #expect(c["d"]?.value == .integer(5))
  }

  @Test func arraysOfTablesLoadAsArraysOfTableNodes() throws {
    let t = try TOML.parse("[[fix]]\nname = \"a\"\n[fix.env]\nK = 1\n[[fix]]\nname = \"b\"\n")
    guard case .array(let fixes) = t["fix"]?.value else {
      Issue.record("no array")
      return
    }
    #expect(fixes.count == 2)
    guard case .table(let first) = fixes[0].value, case .table(let second) = fixes[1].value else {
      Issue.record("elements are not tables")
      return
    }
    #expect(first.keys == ["name", "env"])
    #expect(second["name"]?.value == .string("b"))
    #expect(second["env"] == nil)
  }

  @Test func dateTimesKeepTheirKindAndDigits() throws {
    let t = try TOML.parse(
      """
      odt = 1979-05-27T00:32:00.999999999999-07:00
      utc = 1979-05-27 07:32:00z
      ldt = 1979-05-27t07:32:00
      ld = 1979-05-27
      lt = 07:32:00.5
      """)
    guard case .dateTime(let odt) = t["odt"]?.value, case .dateTime(let utc) = t["utc"]?.value,
      case .dateTime(let ldt) = t["ldt"]?.value, case .dateTime(let ld) = t["ld"]?.value,
      case .dateTime(let lt) = t["lt"]?.value
    else {
      Issue.record("not date-times")
      return
    }
    #expect(odt.kind == .offsetDateTime)
    #expect(odt.offsetMinutes == -420)
    #expect(odt.time?.fraction == "999999999999")
    #expect(odt.time?.nanosecond == 999_999_999)
    #expect(odt.description == "1979-05-27T00:32:00.999999999999-07:00")
    #expect(utc.description == "1979-05-27T07:32:00Z")
    #expect(ldt.kind == .localDateTime)
    #expect(ldt.description == "1979-05-27T07:32:00")
    #expect(ld.kind == .localDate)
    #expect(ld.date == TOMLDateTime.Date(year: 1979, month: 5, day: 27))
    #expect(lt.kind == .localTime)
    #expect(lt.time?.nanosecond == 500_000_000)
    #expect(lt == TOMLDateTime(date: nil, time: .init(hour: 7, minute: 32, second: 0, fraction: "500")))
    #expect(t["odt"]?.value.typeName == "a date-time")
    #expect(t["ldt"]?.value.typeName == "a date-time")
    #expect(t["ld"]?.value.typeName == "a date")
    #expect(t["lt"]?.value.typeName == "a time")
  }

  @Test(arguments: [
    ("a = 1\na = 2", 2, "defined twice"),
    ("[t]\n[t]", 2, "defined twice"),
    ("a = \"open", 1, "unterminated string"),
    // The line the string starts on, not the next one where the reader stopped.
    ("a = \"x\nb = 2", 1, "unterminated string"),
    ("\na = 'x\nb = 2", 2, "unterminated string"),
    ("a = \"\"\"x\n\ny", 1, "unterminated multi-line string"),
    ("a = bare", 1, "strings need quotes"),
    ("a = 1 2", 1, "after a value"),
    // Dates and arrays of tables are read now; what is still refused about them:
    ("a = 1979-05-27T07:32", 1, "seconds are required"),
    ("[[items]]\n[items]", 2, "array of tables"),
    ("\n\nkey", 3, "expected '='"),
    ("a = [1, 2", 1, "expected ',' or ']'"),
    ("a = \"\\q\"", 1, "unknown escape"),
    ("x = 1\n[x]", 2, "not a table"),
  ])
  func errorsNameTheLine(text: String, line: Int, message: String) {
    do {
      _ = try TOML.parse(text)
      Issue.record("parsed: \(text)")
    } catch {
      #expect(error.line == line)
      #expect(error.message.contains(message), "got \(error.message)")
    }
  }

  static let layout = """
    # comment
    title = "x"

    [server]
    host = \"\"\"
    a
    b\"\"\"
    port = 80
    list = [
      1,
      2,
    ]
    after = true
    [server.tls]
    cert.path = "/c"
    [[fix]]
    run = ["a"]
    [[fix]]
    run = [
      "b",
    ]
    [a.b.c]
    [a]
    inline = { x = 1, y = [
      2 ] }
    """

  /// Each the line a config author would be sent to for that value.
  @Test(arguments: [
    ("title", 2),
    ("server", 4),
    ("server.host", 5),
    ("server.port", 8),
    ("server.list", 9),
    ("server.list[0]", 10),
    ("server.list[1]", 11),
    ("server.after", 13),
    ("server.tls", 14),
    ("server.tls.cert", 15),
    ("server.tls.cert.path", 15),
    ("fix", 16),
    ("fix[0]", 16),
    ("fix[0].run", 17),
    ("fix[1]", 18),
    ("fix[1].run", 19),
    ("fix[1].run[0]", 20),
    // Implied by [a.b.c] on line 22, then defined by [a] on line 23.
    ("a", 23),
    ("a.b", 22),
    ("a.b.c", 22),
    ("a.inline", 24),
    ("a.inline.y", 24),
    ("a.inline.y[0]", 25),
  ])
  func valuesKnowTheirLine(path: String, line: Int) throws {
    for newline in ["\n", "\r\n"] {
      let t = try TOML.parse(Self.layout.replacingNewlines(with: newline))
      let node = try #require(Self.node(t, path), "\(path)")
      #expect(node.line == line, "\(path) with \(newline.debugDescription)")
      if case .table(let table) = node.value, !path.hasSuffix("inline") {
        #expect(table.line == line, "\(path): the table's own line")
      }
    }
  }

  /// Problems inside multi-line strings, arrays and later sections are
  /// reported on the line where they are.
  @Test(arguments: [
    ("a = \"\"\"\nok\nbad \\q\n\"\"\"", 3, "unknown escape '\\q'"),
    ("a = '''\nx\u{7}\n'''", 2, "control character U+0007 in a string"),
    ("a = \"\"\"\n\n  \\   x\"\"\"", 3, "a backslash followed by a space"),
    ("x = 1\na = \"\"\"\nabc\n", 2, "unterminated multi-line string"),
    ("a = \"\"\"\n\n\"\"\"\"\"\"\"\n", 3, "too many quotes"),
    ("a = [\n  1,\n  2\n  3,\n]", 4, "expected ',' or ']' in an array, found '3'"),
    ("a = [\n  1,\n  nope,\n]", 3, "strings need quotes"),
    ("a = [\n  1,\n", 1, "close the array opened here"),
    ("a = [\n  { x = 1 },\n  { x = 1, x = 2 },\n]", 3, "key 'x' is defined twice (first on line 3)"),
    ("a = [ # note\n  1, # bell \u{7}\n]", 2, "control character U+0007 in a comment"),
    ("a = { x = 1,\n y = 2 }", 1, "inline table must be on one line"),
    ("a = { x = 1, }", 1, "trailing comma"),
    ("[a]\nx = 1\n[b]\nx = 1\n[a]\n", 5, "table [a] defined twice (first on line 1)"),
    ("[a]\nx = 1\ny = 2\nx = 3", 4, "key 'a.x' is defined twice (first on line 2)"),
    ("a = \"\"\"\n\n\"\"\"\na = 1", 4, "key 'a' is defined twice (first on line 1)"),
    ("a = 1\n\n# bell \u{7}\n", 3, "control character U+0007 in a comment"),
    ("a = 1\nb = 2\rc = 3", 2, "carriage return without a line feed"),
    ("a = 1\nb = 012", 2, "leading zero in an integer"),
    ("a = 1\nb = 1__0", 2, "underscore"),
    ("a = 0x8000_0000_0000_0000", 1, "does not fit in 64 bits"),
    ("a = 9223372036854775808", 1, "does not fit in 64 bits"),
    ("a = +0x10", 1, "a sign is not allowed"),
    ("a = 1.", 1, "digits after the '.'"),
    ("a = 1e400", 1, "out of range"),
    ("\nd = 2023-02-29", 2, "day 29 is out of range for February 2023"),
    ("d = 2023-13-01", 1, "month 13 is out of range"),
    ("d = 07:32:00Z", 1, "a time without a date cannot have an offset"),
    ("[a.b]\nx = 1\n[a]\nb.y = 2", 4, "cannot extend table [a.b]"),
    // Not even a table a header only implied: its keys belong to one section.
    ("[a.b.c]\n[a]\nb.d = 1", 3, "cannot extend table [a.b], created by the header on line 1"),
    ("[a]\nb.c = 1\n[a.b]", 3, "table [a.b] already defined by dotted keys on line 2"),
    ("a = { b = 1 }\n[a.c]", 2, "cannot extend the inline table 'a'"),
    ("a = { b = 1 }\na.c = 2", 2, "cannot extend the inline table 'a'"),
    ("a = [1]\n[[a]]", 2, "static array"),
    ("[a]\n[[a]]", 2, "not an array of tables"),
    ("a = \"\\uD800\"", 1, "\\uD800 is not a Unicode scalar value"),
    ("a = \"\"\"\n\\U0000D800\"\"\"", 2, "\\U0000D800 is not a Unicode scalar value"),
    ("a = \"\\x41\"", 1, "unknown escape '\\x'"),
    ("a = \"\\e\"", 1, "unknown escape '\\e'"),
    ("a = \"ok\"\nb = \"bell \u{7}\"", 2, "control character U+0007 in a string"),
    ("a = \"del \u{7F}\"", 1, "control character U+007F in a string"),
    ("a = 1\n\u{FEFF}b = 2", 2, "expected a key"),
  ])
  func problemsAreReportedWhereTheyAre(text: String, line: Int, message: String) {
    do {
      _ = try TOML.parse(text)
      Issue.record("parsed: \(text.debugDescription)")
    } catch {
      #expect(error.line == line, "\(error)")
      #expect(error.message.contains(message), "got \(error.message)")
      #expect(error.description == "line \(error.line): \(error.message)")
    }
  }

  /// The table rules' permitted cases, next to the refused ones above.
  @Test(arguments: [
    "[a]\nb.c = 1\n[a.b.d]\ne = 2",  // a sub-table under a table dotted keys made
    "[x.y.z]\n[x]\nk = 1",  // a super-table defined after
    "[a.b.c]\n[a.b]\nk = 1",
    "a.b = 1\na.c = 2\n[d]",  // dotted keys sharing a table in one section
    "[[a]]\nb.c = 1\n[[a]]\nb.c = 2",  // each element its own section
    "[[a]]\n[a.b]\n[[a]]\n[a.b]",  // a sub-table per element
    "[[a.b]]\n[a]\nc = 1",  // the parent of an array of tables, defined after
    "a = [{ b = 1 }, { b = 1 }]",
    "t = { a.b = 1, a.c = 2 }",
    "\"\" = 1\n\"a\" . 'b' . c = 2",  // the empty key, quoted parts, blanks around dots
  ])
  func tableRulesAllow(text: String) {
    #expect(throws: Never.self) { _ = try TOML.parse(text) }
  }

  @Test func aByteOrderMarkAtTheStartIsSkipped() throws {
    let t = try TOML.parse("\u{FEFF}a = 1\n")
    #expect(t["a"] == TOMLNode(value: .integer(1), line: 1))
  }

  @Test(arguments: [
    // Nesting at the limit is read; past it, and far past it, refused without
    // exhausting the stack.
    (100, true), (101, false), (128, false), (100_000, false),
  ])
  func nestingIsBounded(depth: Int, accepted: Bool) {
    let arrays = "a = " + String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
    let tables = "a = " + String(repeating: "{b = ", count: depth) + "1" + String(repeating: "}", count: depth)
    for text in [arrays, tables] {
      do {
        _ = try TOML.parse(text)
        #expect(accepted, "depth \(depth) parsed")
      } catch {
        #expect(!accepted, "depth \(depth): \(error)")
        #expect(error.message.contains("nested more than 100 deep"), "\(error)")
      }
    }
  }

  @Test func longKeysAreBounded() {
    let parts = Array(repeating: "k", count: 100_000)
    for text in ["[" + parts.joined(separator: ".") + "]", parts.joined(separator: ".") + " = 1"] {
      #expect(throws: TOMLError.self) { _ = try TOML.parse(text) }
    }
    // Dotted keys inside inline tables nest too: 50 tables of 50-part keys.
    let key = Array(repeating: "k", count: 50).joined(separator: ".")
    let nested = "a = " + String(repeating: "{\(key) = ", count: 50) + "1" + String(repeating: "}", count: 50)
    #expect(throws: TOMLError.self) { _ = try TOML.parse(nested) }
    // The bounds still let a long, real key through.
    let fine = Array(repeating: "k", count: 100).joined(separator: ".")
    #expect(throws: Never.self) { _ = try TOML.parse("[\(fine)]\n\(fine) = { \(fine) = 1 }") }
  }

  /// Finds `a.b[1].c` in a parsed table, for the line tables above.
  static func node(_ root: TOMLTable, _ path: String) -> TOMLNode? {
    var current = TOMLNode(value: .table(root), line: root.line)
    for part in path.split(separator: ".") {
      var name = Substring(part)
      var index: Int?
      if let open = part.firstIndex(of: "[") {
        name = part[..<open]
        index = Int(part[part.index(after: open)...].dropLast())
      }
      guard case .table(let t) = current.value, let next = t[String(name)] else { return nil }
      current = next
      if let index {
        guard case .array(let items) = current.value, items.indices.contains(index) else { return nil }
        current = items[index]
      }
    }
    return current
  }
}

/// The comparator the conformance tests rely on must notice a difference,
/// or the valid cases would pass whatever the reader returned.
struct TaggedJSONTests {
  @Test func noticesDifferences() {
    func tag(_ type: String, _ value: String) -> [String: Any] { ["type": type, "value": value] }
    #expect(TaggedJSON.difference(.integer(1), tag("integer", "2")) != nil)
    #expect(TaggedJSON.difference(.integer(1), tag("float", "1")) != nil)
    #expect(TaggedJSON.difference(.float(.nan), tag("float", "nan")) == nil)
    #expect(TaggedJSON.difference(.float(-.infinity), tag("float", "inf")) != nil)
    #expect(TaggedJSON.difference(.string("e\u{301}"), tag("string", "\u{E9}")) != nil)
    let local = TOMLDateTime(date: .init(year: 1979, month: 5, day: 27), time: .init(hour: 7, minute: 32, second: 0))
    #expect(TaggedJSON.difference(.dateTime(local), tag("datetime-local", "1979-05-27T07:32:00.000")) == nil)
    #expect(TaggedJSON.difference(.dateTime(local), tag("datetime", "1979-05-27T07:32:00Z")) != nil)
    #expect(TaggedJSON.difference(.dateTime(local), tag("datetime-local", "1979-05-27T07:32:01")) != nil)
    var utc = local
    utc.offsetMinutes = 0
    #expect(TaggedJSON.difference(.dateTime(utc), tag("datetime", "1979-05-27 07:32:00+00:00")) == nil)
    #expect(TaggedJSON.difference(.array([]), [tag("integer", "1")]) != nil)
    #expect(TaggedJSON.difference(.table(TOMLTable()), ["a": tag("integer", "1")]) != nil)
  }
}

extension String {
  fileprivate func replacingNewlines(with newline: String) -> String {
    split(separator: "\n", omittingEmptySubsequences: false).joined(separator: newline)
  }
}
