import ArgumentParser
import Capacity
import Config
import Formats
import Host
import Output
import Prometheus
import ScriptLanguage
import Vocabulary

struct PromRules: AetherCommand, HasDisplayOptions {
  static let configuration = CommandConfiguration(
    commandName: "rules", abstract: "Recording and alerting rules with their health and last error.")

  @Option(help: "Only this kind of rule.")
  var type: RuleType?

  @OptionGroup var display: DisplayOptions

  enum RuleType: String, Choices {
    case alert, record
  }

  func execute(_ ctx: CommandContext) throws -> Report {
    let groups = try PromAPI(ctx).rules(type: type?.rawValue)
    var rows: [[Cell]] = []
    var json: [JSON] = []
    for g in groups {
      for r in g.rules {
        if let type, (type == .alert) != (r.kind == .alerting) { continue }
        let state = r.state ?? "-"
        rows.append([
          Cell(g.name), Cell(r.kind == .alerting ? "alert" : "record"), Cell(r.name),
          Cell(r.health, level: r.health == "ok" ? .ok : .critical),
          Cell(state, level: state == "firing" ? .critical : state == "pending" ? .warn : nil),
          Cell(r.duration.map { $0 > 0 ? Durations.format($0) : "0s" } ?? "-"),
          Cell(r.lastError.map { firstLine(of: $0, limit: 80) } ?? ""),
        ])
        json.append(
          .object([
            ("group", .string(g.name)), ("type", .string(r.kind == .alerting ? "alert" : "record")),
            ("name", .string(r.name)), ("query", .string(r.query)), ("health", .string(r.health)),
            ("state", .optional(r.state)), ("for", .optional(r.duration)), ("lastError", .optional(r.lastError)),
          ]))
      }
    }
    let table = Table(headers: ["GROUP", "TYPE", "NAME", "HEALTH", "STATE", "FOR", "LAST ERROR"], rows: rows)
    let broken = rows.filter { $0[3].text != "ok" }.count
    var sections: [Section] = rows.isEmpty ? [.note("no rules loaded")] : [.table(table)]
    if broken > 0 { sections.append(.note("\(broken) rule(s) not healthy")) }
    let plain = rows.map { "\($0[2].text) \($0[3].text)" }.joined(separator: "\n")
    return Report(json: .array(json), sections: sections, plain: plain, csv: table)
  }
}
