import Formats
import Foundation
import Vocabulary

/// Turns a report into text for one output format. Colour only when asked for
/// (a terminal, no NO_COLOR, no --no-color); data goes to stdout, diagnostics
/// never pass through here.
public struct Renderer {
  public var format: OutputFormat
  public var color: Bool
  /// Indented JSON for a person at a terminal; one line per object otherwise.
  public var prettyJSON: Bool
  /// Bound for a terminal: control characters in any text (much of it from
  /// servers: label values, alert and topic names) are shown, not sent.
  public var visible: Bool

  public init(format: OutputFormat, color: Bool, prettyJSON: Bool, visible: Bool = false) {
    self.format = format
    self.color = color
    self.prettyJSON = prettyJSON
    self.visible = visible
  }

  private func shown(_ s: String) -> String { visible ? visibleControls(s) : s }

  public func render(_ report: Report) -> String {
    if let v = report.verbatim { return v.isEmpty || v.hasSuffix("\n") ? v : v + "\n" }
    switch format {
    case .json: return report.json.serialized(pretty: prettyJSON) + "\n"
    case .plain:
      let plain = shown(report.plain)
      return plain.isEmpty || plain.hasSuffix("\n") ? plain : plain + "\n"
    case .csv: return csv(report)
    case .table: return human(report)
    }
  }

  // MARK: table

  func human(_ report: Report) -> String {
    var blocks: [String] = []
    for section in report.sections {
      switch section {
      case .fields(let pairs):
        // Measured as shown: an escaped label is longer than the one given.
        let labels = pairs.map { shown($0.0) }
        let width = labels.map(\.count).max() ?? 0
        blocks.append(
          zip(labels, pairs).map { label, pair in
            label.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + paint(shown(pair.1.text), pair.1.level)
          }.joined(separator: "\n"))
      case .table(let t):
        blocks.append(table(visible ? t.visible() : t))
      case .note(let s):
        blocks.append(shown(s))
      case .styled(let s):
        blocks.append(s)
      }
    }
    let text = blocks.joined(separator: "\n\n")
    return text.isEmpty ? "" : text + "\n"
  }

  func table(_ t: Table) -> String {
    var widths = t.headers.map(\.count)
    for row in t.rows {
      for (i, c) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], c.text.count) }
    }
    var lines: [String] = []
    if let title = t.title { lines.append(color ? "\u{1B}[1m\(title)\u{1B}[0m" : title) }
    let header = t.headers.enumerated().map { i, h in
      pad(h, widths[i], right: t.rows.first.map { i < $0.count && $0[i].numeric } ?? false)
    }.joined(separator: "  ")
    lines.append(color ? "\u{1B}[2m\(trimEnd(header))\u{1B}[0m" : trimEnd(header))
    for row in t.rows {
      let line = row.enumerated().map { i, c in
        paint(pad(c.text, i < widths.count ? widths[i] : c.text.count, right: c.numeric), c.level)
      }.joined(separator: "  ")
      lines.append(trimEnd(line))
    }
    if t.rows.isEmpty { lines.append("(none)") }
    return lines.joined(separator: "\n")
  }

  private func pad(_ s: String, _ width: Int, right: Bool) -> String {
    let n = max(0, width - s.count)
    return right ? String(repeating: " ", count: n) + s : s + String(repeating: " ", count: n)
  }

  private func trimEnd(_ s: String) -> String {
    var s = s
    while s.last == " " { s.removeLast() }
    return s
  }

  func paint(_ s: String, _ level: Level?) -> String { Output.paint(s, level, color: color) }

  // MARK: csv

  func csv(_ report: Report) -> String {
    let table: Table
    if let t = report.csv {
      table = t
    } else if let t = report.sections.lazy.compactMap({ s -> Table? in
      if case .table(let t) = s { return t } else { return nil }
    }).first {
      table = t
    } else if case .object(let fields) = report.json {
      let scalars = fields.filter { if case .object = $0.1 { false } else if case .array = $0.1 { false } else { true } }
      table = Table(headers: scalars.map(\.0), rows: [scalars.map { Cell(Renderer.scalarText($0.1)) }])
    } else {
      return report.plain.isEmpty ? "" : report.plain + "\n"
    }
    var out = ""
    out += table.headers.map(Renderer.csvField).joined(separator: ",") + "\n"
    for row in table.rows { out += row.map { Renderer.csvField($0.text) }.joined(separator: ",") + "\n" }
    return out
  }

  package static func csvField(_ s: String) -> String {
    guard s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return s }
    return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
  }

  static func scalarText(_ j: JSON) -> String {
    switch j {
    case .null: return ""
    case .string(let s): return s
    default: return j.serialized()
    }
  }
}

/// A level's colour, as tables and the dashboard show it (green, yellow, bold red).
public func paint(_ s: String, _ level: Level?, color: Bool) -> String {
  guard color, let level else { return s }
  let code: String
  switch level {
  case .ok: code = "32"
  case .warn: code = "33"
  case .critical: code = "31;1"
  }
  return "\u{1B}[\(code)m\(s)\u{1B}[0m"
}
