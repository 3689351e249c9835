import ArgumentParser
import Capacity
import Config
import Formats
import Host
import Output
import Prometheus
import ScriptLanguage
import Vocabulary

struct PromAlerts: AetherCommand, HasDisplayOptions {
  static let configuration = CommandConfiguration(
    commandName: "alerts", abstract: "Active alerts: state, since, labels, summary (firing in red).",
    discussion: """
      Matchers filter as am alerts does, in amtool's syntax: an alert name, name=value, \
      name!=value, name=~regex, name!~regex; all must match.
        prom alerts CrmEventsConsumerLagHigh severity=critical
      """)

  @OptionGroup var filter: MatcherArguments

  @Option(help: "Only alerts in this state.")
  var state: AlertState?

  @OptionGroup var display: DisplayOptions

  enum AlertState: String, Choices {
    case firing, pending
  }

  func execute(_ ctx: CommandContext) throws -> Report {
    var alerts = try PromAPI(ctx).alerts()
    if let state { alerts = alerts.filter { $0.state == state.rawValue } }
    let matchers = filter.matchers
    if !matchers.isEmpty { alerts = alerts.filter { a in matchers.allSatisfy { $0.matches(a.labels) } } }
    alerts.sort(by: PromAlert.mostUrgentFirst)
    // Marked when Alertmanager can say which are silenced; claimed neither way when it cannot.
    let silences = AlertStanding.silences(for: alerts, ctx: ctx)
    if silences == nil { ctx.log("prom alerts: Alertmanager not reachable; silences not shown") }
    let rows = alerts.indices.map { i -> [Cell] in
      let a = alerts[i]
      var labels = a.labels
      labels["alertname"] = nil
      var row = [
        Cell(a.name), Cell(a.state, level: a.state == "firing" ? .critical : .warn),
        Cell(PromTime.ago(a.activeAtSeconds)), Cell(labelText(labels)),
        Cell(a.annotations["summary"] ?? a.annotations["description"].map { firstLine(of: $0, limit: 100) } ?? ""),
      ]
      if let s = silences?[i] { row.append(Cell(s.isEmpty ? "" : "silenced (\(s.map { String($0.prefix(8)) }.joined(separator: ", ")))", level: s.isEmpty ? nil : .warn)) }
      return row
    }
    let json = JSON.array(
      alerts.indices.map { i in
        let a = alerts[i]
        var fields: [(String, JSON)] = [
          ("name", .string(a.name)), ("state", .string(a.state)), ("activeAt", .optional(a.activeAt)),
          ("value", .optional(a.value)), ("labels", labelsJSON(a.labels)), ("annotations", labelsJSON(a.annotations)),
        ]
        if let s = silences?[i] { fields.append(("silencedBy", .array(s.map { .string($0) }))) }
        return .object(fields)
      })
    let table = Table(
      headers: ["ALERT", "STATE", "SINCE", "LABELS", "SUMMARY"] + (silences == nil ? [] : ["ALERTMANAGER"]), rows: rows)
    let sections: [Section] =
      alerts.isEmpty
      ? [.note((state == nil ? "no alerts are pending or firing" : "no \(state!.rawValue) alerts") + (matchers.isEmpty ? "" : " matching those matchers"))]
      : [.table(table)]
    let plain = alerts.map { "\($0.name) \($0.state)" }.joined(separator: "\n")
    return Report(json: json, sections: sections, plain: plain, csv: table)
  }
}

func labelsJSON(_ labels: [String: String]) -> JSON {
  .object(labels.keys.sorted().map { ($0, .string(labels[$0]!)) })
}
