import Capacity
import Config
import Formats
import Foundation
import Host
import Output
import Prometheus
import ScriptLanguage
import Vocabulary

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
    /// What ties it to the group: its label, its rule's selector, or its runbook.
    var tiedBy = "label"
  }

  /// Firing alerts that nothing ties to any group (neither label, rule nor runbook).
  var untiedFiring = 0

  var eta: DrainEstimate?
  /// The partition whose standing backlog makes the ETA "never", whatever the rates.
  var etaBlockedBy: (name: String, verdict: Verdict)?
  var scale: (hint: ScaleHint, capacity: Double, measured: Bool)?
  /// nil when Prometheus could not be asked.
  var alerts: [Alert]?
  var missing: [String] = []
  /// What limits the answer without anything being missing (a short window).
  var caveats: [String] = []

  static func read(group: String, window w: GroupWindow, health: GroupHealth, ctx: CommandContext) -> StatusJoin {
    var j = StatusJoin()
    let last = w.last
    j.missing += last.topicErrors.map(GroupReport.topicErrorNote)
    // Half the window is the grace before a standing commit is stuck: under
    // two commit intervals, a consumer between two commits may read stalled.
    if w.seconds < 2 * ctx.thresholds.commitInterval {
      j.caveats.append(
        "window: \(Durations.format(w.seconds)) is under twice the commit interval (\(Durations.format(ctx.thresholds.commitInterval))): "
          + "a consumer between two commits may read stalled; use --window \(Durations.format(2 * ctx.thresholds.commitInterval)) or more")
    }
    do {
      (j.eta, j.etaBlockedBy) = try drain(w, health: health, thresholds: ctx.thresholds)
    } catch {
      j.missing.append("drain ETA: \(CommandFailure(error).message)")
    }
    j.scale = scaleHint(
      w, capacity: ctx.settings.capacity?.value, health: health, drain: j.eta?.status, thresholds: ctx.thresholds,
      missing: &j.missing)
    do {
      let api = PromAPI(ctx)
      let all = try api.alerts()
      // The rules' expressions tie alerts whose labels do not name the group;
      // without them, labels and runbooks still do.
      // One name may be defined in several groups (one per consumer group): all its expressions count.
      var queries: [String: [String]] = [:]
      if all.contains(where: { a in !AlertScope.groupLabels.contains { a.labels[$0] != nil } }) {
        do {
          for g in try api.rules(type: "alert") { for r in g.rules { queries[r.name, default: []].append(r.query) } }
        } catch {
          j.missing.append("alert rules: unknown (\(CommandFailure(error).message)); alerts tied by label and runbook only")
        }
      }
      let books = RunbookCatalog.all(ctx)
      var tied: [(PromAlert, String)] = []
      for a in all {
        let book = runbook(for: a, among: Set(books.map(\.name)))
        let runbookGroup = book.flatMap { name in books.first { $0.name == name } }.flatMap { b in
          b.variables.first { $0.name == "group" }?.resolve(ctx.settings, given: [:])?.value
        }
        let query = queries[a.name].map { $0.joined(separator: " or ") }
        switch AlertScope.of(labels: a.labels, query: query, runbookGroup: runbookGroup, group: group) {
        case .tied(let how): tied.append((a, how))
        case .untied: if a.state == "firing" { j.untiedFiring += 1 }
        case .otherGroup: break
        }
      }
      tied.sort { ($0.0.state == "firing" ? 0 : 1, $0.0.name) < ($1.0.state == "firing" ? 0 : 1, $1.0.name) }
      let alerts = tied.map(\.0)
      let silences = AlertStanding.silences(for: alerts, ctx: ctx)
      if silences == nil && !alerts.isEmpty {
        j.missing.append("silences: Alertmanager at \(ctx.settings.alertmanager.value) did not answer")
      }
      let names = Set(books.map(\.name))
      j.alerts = tied.indices.map { i in
        Alert(alert: alerts[i], silencedBy: silences?[i], runbook: runbook(for: alerts[i], among: names), tiedBy: tied[i].1)
      }
    } catch {
      j.missing.append("alerts: unknown, Prometheus did not answer (\(CommandFailure(error).message))")
    }
    return j
  }

  /// The drain ETA at the window's rates, agreeing with the verdicts beside
  /// it: a backlog on a partition that does not move never drains, whatever
  /// the other partitions' rates say (status and the dashboard alike).
  /// A lag within what the commit interval explains, at rates equal within
  /// the window's noise, is caught up: never "holding" or "growing" beside
  /// a verdict that says the group keeps up.
  static func drain(_ w: GroupWindow, health: GroupHealth, thresholds: Thresholds) throws -> (
    DrainEstimate, (name: String, verdict: Verdict)?
  ) {
    var e = try drainEstimate(
      lag: readableLag(w.last.lag, health: health), consumeRate: w.rates.consumeRate, produceRate: w.rates.produceRate,
      noise: DrainNoise(
        windowSeconds: w.seconds, commitIntervalSeconds: thresholds.commitInterval, observedCommitGap: commitGap(w)))
    guard e.status != .drained,
      let blocked = blockingPartition(health.partitions.map { ($0.name, $0.verdict.verdict, $0.lag.lag) })
    else { return (e, nil) }
    e.etaSeconds = nil
    e.status = .stalled
    return (e, blocked)
  }

  /// The longest time between two looks at which some commit had moved,
  /// when the window saw at least two such looks.
  /// Per partition (members out of phase would shrink a group-wide gap to
  /// one sampling step), the largest over the partitions that showed two.
  static func commitGap(_ w: GroupWindow) -> Double? {
    var moves: [TopicPartition: [Double]] = [:]
    for (a, b) in zip(w.snapshots, w.snapshots.dropFirst()) {
      let before = Dictionary(a.offsets.map { (TopicPartition($0.topic, $0.partition), $0.committed) }) { x, _ in x }
      for o in b.offsets where before[TopicPartition(o.topic, o.partition)] != o.committed {
        moves[TopicPartition(o.topic, o.partition), default: []].append(b.takenAt)
      }
    }
    return moves.values.filter { $0.count >= 2 }.compactMap { m in zip(m, m.dropFirst()).map { $1 - $0 }.max() }.max()
  }

  /// The total lag less what the log says is not readable (offsets of
  /// transaction markers or deleted records past a commit): only readable
  /// messages are a backlog to drain.
  static func readableLag(_ lag: GroupLag, health: GroupHealth) -> Int64 {
    let unreadable = lag.rows.reduce(Int64(0)) { sum, r in r.behind?.nothingReadable == true ? sum + (r.lag ?? 0) : sum }
    return max(0, lag.totalLag - unreadable)
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
    _ w: GroupWindow, capacity configured: Double?, health: GroupHealth, drain: DrainStatus?, thresholds: Thresholds,
    missing: inout [String]
  ) -> (hint: ScaleHint, capacity: Double, measured: Bool)? {
    let last = w.last
    let members = last.members?.count
    let capacity: Double
    let measured: Bool
    switch capacitySource(
      configured: configured, verdicts: health.partitions.map(\.verdict.verdict), consumeRate: w.rates.consumeRate,
      members: members, saturatedMemberRates: health.saturatedMemberRates)
    {
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
          hottestPartition: w.rates.hottestPartition, keepsUp: keepsUp(verdict: health.verdict, drain: drain)))
      return (hint, capacity, measured)
    } catch {
      missing.append("scale hint: \(CommandFailure(error).message)")
      return nil
    }
  }
}
