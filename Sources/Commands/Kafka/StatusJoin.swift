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
  /// The partition whose standing backlog makes the ETA "never", whatever the rates.
  var etaBlockedBy: (name: String, verdict: Verdict)?
  var scale: (hint: Capacity.ScaleHint, capacity: Double, measured: Bool)?
  /// nil when Prometheus could not be asked.
  var alerts: [Alert]?
  var missing: [String] = []

  static func read(group: String, window w: GroupWindow, health: GroupHealth, ctx: CommandContext) -> StatusJoin {
    var j = StatusJoin()
    let last = w.last
    do {
      (j.eta, j.etaBlockedBy) = try drain(w, health: health)
    } catch {
      j.missing.append("drain ETA: \(CommandFailure(error).message)")
    }
    j.scale = scaleHint(
      w, capacity: ctx.settings.capacity?.value, verdicts: health.partitions.map(\.verdict.verdict),
      thresholds: ctx.thresholds, missing: &j.missing)
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

  /// The drain ETA at the window's rates, agreeing with the verdicts beside
  /// it: a backlog on a partition that does not move never drains, whatever
  /// the other partitions' rates say (status and the dashboard alike).
  static func drain(_ w: GroupWindow, health: GroupHealth) throws -> (DrainEstimate, (name: String, verdict: Verdict)?) {
    var e = try drainEstimate(lag: w.last.lag.totalLag, consumeRate: w.rates.consumeRate, produceRate: w.rates.produceRate)
    guard e.status != .drained,
      let blocked = blockingPartition(health.partitions.map { ($0.name, $0.verdict.verdict, $0.lag.lag) })
    else { return (e, nil) }
    e.etaSeconds = nil
    e.status = .stalled
    return (e, blocked)
  }

  /// The runbook that answers an alert: the one its `runbook` label names (the
  /// shipped rules carry it), else one named for the alert.
  static func runbook(for alert: PromAlert, among runbooks: Set<String>) -> String? {
    [alert.labels["runbook"], alert.name].compactMap { $0 }.first(where: runbooks.contains)
  }

  /// Replicas for the incoming rate, and to clear the backlog within the
  /// drain ETA's green threshold; capacity per replica from the profile, or
  /// measured only when the consumers are saturated (`capacitySource`).
  static func scaleHint(
    _ w: GroupWindow, capacity configured: Double?, verdicts: [Verdict], thresholds: Thresholds, missing: inout [String]
  ) -> (hint: Capacity.ScaleHint, capacity: Double, measured: Bool)? {
    let last = w.last
    let members = last.members?.count
    let capacity: Double
    let measured: Bool
    switch capacitySource(configured: configured, verdicts: verdicts, consumeRate: w.rates.consumeRate, members: members) {
    case .configured(let c): (capacity, measured) = (c, false)
    case .saturated(let c): (capacity, measured) = (c, true)
    case .unknown(let why):
      missing.append("scale hint: unknown: \(why)")
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
