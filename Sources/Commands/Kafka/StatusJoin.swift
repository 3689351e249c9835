import Capacity
import Clients
import Config
import Formats
import Foundation
import Host
import Output
import Prometheus
import ShellLanguage

/// What `status` adds to the Kafka verdict: the rates' consequences (drain
/// ETA, scale hint) and this group's alerts. Each part that cannot be had is
/// one line in `missing`, never a silent gap and never a failure of the
/// verdict, which Kafka alone decides.
struct StatusJoin {
  struct Alert {
    var alert: PromAlert
    /// nil when Alertmanager could not say.
    var silencedBy: [String]?
    var runbook: String?
  }

  var eta: DrainEstimate?
  var scale: (hint: Capacity.ScaleHint, capacity: Double, measured: Bool)?
  /// nil when Prometheus could not be asked.
  var alerts: [Alert]?
  var missing: [String] = []

  static func read(group: String, window w: GroupWindow, ctx: CommandContext) -> StatusJoin {
    var j = StatusJoin()
    let last = w.last
    do {
      j.eta = try drainEstimate(
        lag: last.lag.totalLag, consumeRate: w.rates.consumeRate, produceRate: w.rates.produceRate)
    } catch {
      j.missing.append("drain ETA: \(CommandFailure(error).message)")
    }
    j.scale = scaleHint(w, capacity: ctx.settings.capacity?.value, thresholds: ctx.thresholds, missing: &j.missing)
    do {
      let alerts = try PromAPI(ctx).alerts().filter { ($0.labels["consumergroup"] ?? $0.labels["group"]) == group }
        .sorted { ($0.state == "firing" ? 0 : 1, $0.name) < ($1.state == "firing" ? 0 : 1, $1.name) }
      let silences = AlertStanding.silences(for: alerts, ctx: ctx)
      if silences == nil && !alerts.isEmpty {
        j.missing.append("silences: Alertmanager at \(ctx.settings.alertmanager.value) did not answer")
      }
      j.alerts = alerts.indices.map { i in
        Alert(alert: alerts[i], silencedBy: silences?[i], runbook: runbook(for: alerts[i], among: BuiltinRunbooks.names))
      }
    } catch {
      j.missing.append("alerts: unknown, Prometheus did not answer (\(CommandFailure(error).message))")
    }
    return j
  }

  /// The runbook that answers an alert: the one its `runbook` label names (the
  /// shipped rules carry it), else one named for the alert.
  static func runbook(for alert: PromAlert, among runbooks: Set<String>) -> String? {
    [alert.labels["runbook"], alert.name].compactMap { $0 }.first(where: runbooks.contains)
  }

  /// Replicas for the incoming rate, and to clear the backlog within the
  /// drain ETA's green threshold; capacity per replica from the profile, or
  /// what each member consumed in the window.
  static func scaleHint(_ w: GroupWindow, capacity configured: Double?, thresholds: Thresholds, missing: inout [String]) -> (
    hint: Capacity.ScaleHint, capacity: Double, measured: Bool
  )? {
    let last = w.last
    let members = last.members?.count
    var capacity = configured
    var measured = false
    if capacity == nil, let m = members, m > 0, w.rates.consumeRate > 0 {
      capacity = w.rates.consumeRate / Double(m)
      measured = true
    }
    guard let capacity else {
      missing.append("scale hint: no capacity per replica (set 'capacity' in the profile)")
      return nil
    }
    let lag = last.lag.totalLag
    do {
      let hint = try Capacity.scaleHint(
        ScaleInput(
          rate: w.rates.produceRate, capacity: capacity, lag: lag > 0 ? lag : nil,
          targetDrainSeconds: lag > 0 ? thresholds.etaWarn : nil, partitions: last.offsets.count, current: members,
          hottestPartition: w.rates.hottestPartition))
      return (hint, capacity, measured)
    } catch {
      missing.append("scale hint: \(CommandFailure(error).message)")
      return nil
    }
  }
}
