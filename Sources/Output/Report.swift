import Formats
import Vocabulary

/// One value in a human table, with the level that colours it.
public struct Cell: Equatable, Sendable {
  public var text: String
  public var level: Level?
  public var numeric: Bool

  public init(_ text: String, level: Level? = nil, numeric: Bool = false) {
    self.text = text
    self.level = level
    self.numeric = numeric
  }
}

public struct Table: Equatable, Sendable {
  public var title: String?
  public var headers: [String]
  public var rows: [[Cell]]
  public init(title: String? = nil, headers: [String], rows: [[Cell]]) {
    self.title = title
    self.headers = headers
    self.rows = rows
  }

  /// The same table with control characters shown, not sent (a terminal).
  func visible() -> Table {
    var t = self
    t.title = title.map(visibleControls)
    t.headers = headers.map(visibleControls)
    t.rows = rows.map { $0.map { c in
      var c = c
      c.text = visibleControls(c.text)
      return c
    } }
    return t
  }
}

public enum Section: Equatable, Sendable {
  /// Label/value pairs, one per line.
  case fields([(String, Cell)])
  case table(Table)
  /// A sentence for the reader (an explanation, a hint).
  case note(String)
  /// Text aetherctl drew itself (a chart): its escape sequences are its own
  /// colours, so the renderer passes them through; whatever it shows from a
  /// server was made visible (`visibleControls`) when it was drawn.
  case styled(String)

  public static func == (a: Section, b: Section) -> Bool {
    switch (a, b) {
    case (.fields(let x), .fields(let y)): x.map(\.0) == y.map(\.0) && x.map(\.1) == y.map(\.1)
    case (.table(let x), .table(let y)): x == y
    case (.note(let x), .note(let y)): x == y
    case (.styled(let x), .styled(let y)): x == y
    default: false
    }
  }
}

/// What a command produced, before it is rendered. Commands never format for a
/// particular output; the renderer chooses table, json, csv or plain.
public struct Report: Sendable {
  /// The object for `-o json`, fields named as the command surface promises them.
  public var json: JSON
  /// What a person reads.
  public var sections: [Section]
  /// What `$(…)` captures and `-o plain` prints: the headline value(s), no decoration.
  public var plain: String
  /// Rows for `-o csv`; by default the first table, or the JSON object's scalar fields.
  public var csv: Table?
  /// Text printed as-is in every format (echo, help).
  public var verbatim: String?

  public init(json: JSON, sections: [Section], plain: String, csv: Table? = nil) {
    self.json = json
    self.sections = sections
    self.plain = plain
    self.csv = csv
  }

  public static func text(_ s: String) -> Report {
    var r = Report(json: .string(s), sections: [], plain: s)
    r.verbatim = s
    return r
  }

  /// A list of names (labels, metrics, series): one column, a JSON array of
  /// strings, one name per line in plain, and `empty` as a note when there are none.
  public static func names(_ items: [String], header: String, empty: String) -> Report {
    let table = Table(headers: [header], rows: items.map { [Cell($0)] })
    return Report(
      json: .array(items.map { .string($0) }), sections: items.isEmpty ? [.note(empty)] : [.table(table)],
      plain: items.joined(separator: "\n"), csv: table)
  }

  /// Nothing to print (a command that only changes the session).
  public static let empty: Report = {
    var r = Report(json: .null, sections: [], plain: "")
    r.verbatim = ""
    return r
  }()
}
