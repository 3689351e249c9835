import Foundation
import Host
import Prometheus
import ScriptLanguage

/// Where an alert stands, for the top of `runbook run`: firing in Prometheus
/// or not, and in Alertmanager silenced or not (by whom, until when). A
/// source that cannot be reached says so in one line; nothing here fails the
/// runbook, whose own steps look for themselves.
enum AlertStanding {
  static func lines(alert: String, ctx: CommandContext) -> [String] {
    var out: [String] = []
    do {
      let alerts = try PromAPI(ctx).alerts().filter { $0.name == alert }
      if let a = alerts.first(where: { $0.state == "firing" }) {
        out.append("Prometheus: \(alert) is firing (since \(PromTime.ago(a.activeAtSeconds)))")
      } else if let a = alerts.first {
        out.append("Prometheus: \(alert) is pending (since \(PromTime.ago(a.activeAtSeconds)))")
      } else {
        out.append("Prometheus: \(alert) is not firing")
      }
    } catch {
      out.append("Prometheus: whether \(alert) fires is unknown (\(CommandFailure(error).message))")
    }
    do {
      let api = AMAPI(ctx: ctx, timeout: ctx.deadlines.background.seconds)
      let held = try api.alerts(filter: [Matcher(name: "alertname", value: alert)], receiver: nil).alerts
      let ids = Array(Set(held.flatMap(\.silencedBy))).sorted()
      if held.isEmpty {
        out.append("Alertmanager: holds no \(alert) alert")
      } else if ids.isEmpty {
        out.append("Alertmanager: \(alert) is \(held[0].displayState), not silenced")
      }
      for id in ids {
        if let s = try? api.silence(id: id).silence {
          out.append(
            "Alertmanager: \(alert) is silenced by \(s.createdBy) until \(rfc3339(s.endsAt ?? 0)) (\(relative(s.endsAt))), silence \(id): \(firstLine(of: s.comment, limit: 80))"
          )
        } else {
          out.append("Alertmanager: \(alert) is silenced (silence \(id))")
        }
      }
    } catch {
      out.append("Alertmanager: whether \(alert) is silenced is unknown (\(CommandFailure(error).message))")
    }
    return out
  }

  /// For `prom alerts`: the silences muting each alert Prometheus evaluates,
  /// matched on its labels (Alertmanager may add external labels); nil when
  /// Alertmanager cannot be asked, and then nothing is claimed either way.
  static func silences(for alerts: [PromAlert], ctx: CommandContext) -> [[String]]? {
    guard !alerts.isEmpty,
      let held = try? AMAPI(ctx: ctx, timeout: ctx.deadlines.background.seconds).alerts(filter: [], receiver: nil).alerts
    else { return nil }
    return alerts.map { $0.silences(in: held) }
  }
}
