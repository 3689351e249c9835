import Formats
import ArgumentParser
import Config
import Foundation
import Host
import Output
import Prometheus
import ScriptLanguage

struct AMAlerts: AetherCommand, HasDisplayOptions {
  static let configuration = CommandConfiguration(
    commandName: "alerts",
    abstract: "Alerts as Alertmanager holds them: state, since, summary, and what mutes the muted ones.")

  enum State: String, Choices {
    case active, silenced, inhibited, unprocessed
  }

  @Option(help: "Only alerts in this state.")
  var state: State?

  @Option(help: "Only alerts routed to a receiver matching this regex.")
  var receiver: String?

  @OptionGroup var filter: MatcherArguments

  @OptionGroup var display: DisplayOptions

  func execute(_ ctx: CommandContext) throws -> Report {
    let api = AMAPI(ctx: ctx)
    let (alerts, raw) = try api.alerts(
      filter: filter.matchers, receiver: receiver, states: state.map { [$0.rawValue] })
    // Active first, then the longest-standing.
    let order = alerts.indices.sorted {
      let (a, b) = (alerts[$0], alerts[$1])
      return (a.displayState == "active" ? 0 : 1, a.startsAt ?? .infinity, a.name)
        < (b.displayState == "active" ? 0 : 1, b.startsAt ?? .infinity, b.name)
    }
    let rows = order.map { i -> [Cell] in
      let a = alerts[i]
      let muted = a.silencedBy.map { "silence \($0.prefix(8))" } + a.inhibitedBy.map { "alert \($0.prefix(8))" }
      return [
        Cell(a.name), Cell(a.labels["severity"] ?? "-"),
        Cell(a.displayState, level: a.displayState == "active" ? .critical : .warn),
        Cell(relative(a.startsAt)), Cell(a.annotations["summary"].map { firstLine(of: $0, limit: 100) } ?? ""),
        Cell(muted.joined(separator: ", ")),
      ]
    }
    let table = Table(headers: ["ALERT", "SEVERITY", "STATE", "SINCE", "SUMMARY", "MUTED BY"], rows: rows)
    let what = state.map { "no \($0.rawValue) alerts" } ?? "Alertmanager holds no alerts"
    return Report(
      json: .array(order.map { raw[$0] }),
      sections: alerts.isEmpty ? [.note(filter.matchers.isEmpty ? what : what + " matching those matchers")] : [.table(table)],
      plain: order.map { "\(alerts[$0].name) \(alerts[$0].displayState)" }.joined(separator: "\n"), csv: table)
  }
}
