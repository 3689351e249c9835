import ArgumentParser
import Capacity
import Config
import Formats
import Foundation
import Host
import Output
import Prometheus
import ScriptLanguage
import Vocabulary

struct Status: AetherCommand, GroupedCommand, HasDisplayOptions {
  static let group = CommandGroup.kafka
  static let configuration = CommandConfiguration(
    commandName: "status",
    abstract: "Is the consumer healthy, how far behind, how long to drain, what to do: one answer.",
    discussion: """
      Samples the group's committed and log-end offsets every --every over --window and gives \
      each partition a verdict, with one line of evidence: ok (caught up, draining, or under \
      the lag threshold), idle (no traffic, nothing to do), lagging (lag above the threshold \
      and not falling), rewound (the committed offset went back), stalled (commits stand while \
      a backlog waits: a member owns it but does not progress, or no message arrives to move \
      it), stopped (no commit while the log moved). The group's verdict is the worst.
      The lag threshold is the profile's thresholds.lag shared over the partitions; a lag that \
      appeared within the last half window is not yet stuck. Choose a window longer than the \
      consumer's commit interval (auto.commit.interval.ms, 5 s by default).
      Joined: time lag (behind: the age of the first unconsumed message, read from the log), \
      drain ETA (how long the backlog takes at the sampled rates), skew, the scale hint, \
      members, and this group's alerts from Prometheus (marked when Alertmanager silences \
      them). What cannot be reached is said in one line; the Kafka verdict still stands.
      Exit 0 when the verdict is ok or idle, 1 otherwise.
      Examples:
        status crm-events-sse
        status crm-events-sse --window 1m --every 5s -o json
      """)

  @Argument(help: "Consumer group (default: the profile's group).", completion: .names(.groups))
  var groupName: String?

  @Option(help: "How long to sample (default 30s).", transform: ArgumentParsing.duration)
  var window: Double?

  @Option(help: "How often to sample within the window (default 2s, or a fifth of a shorter window; at least 100ms).", transform: ArgumentParsing.interval)
  var every: Double?

  /// At least six looks by default, whatever the window.
  var step: Double { every ?? max(Durations.minimumInterval, min(2, (window ?? 30) / 5)) }

  @Option(
    help: "Only this topic (default: the topics the group committed, else the profile's topic).", completion: .names(.topics))
  var topic: String?

  @OptionGroup var display: DisplayOptions

  func validate() throws {
    let (w, e) = (window ?? 30, step)
    guard w > 0 else { throw ValidationError("--window must be longer than 0s: a verdict needs offsets over time") }
    guard e > 0 else { throw ValidationError("--every must be longer than 0s") }
    guard e <= w else {
      throw ValidationError("--every \(Durations.format(e)) is longer than --window \(Durations.format(w))")
    }
  }

  func execute(_ ctx: CommandContext) throws -> Report {
    let g = ctx.group(groupName, for: "status")
    let w = try GroupReader.sample(
      group: g, topic: topic, window: window ?? 30, every: step, times: true, ctx: ctx)
    let health = GroupHealth.assess(w, thresholds: ctx.thresholds)
    // The join (Prometheus, Alertmanager) gets a --timeout of its own: a slow
    // time-lag read must not make the alerts look unreachable.
    ctx.renewDeadline()
    let joined = StatusJoin.read(group: g, window: w, health: health, ctx: ctx)
    let report = StatusReport.report(group: g, window: w, health: health, joined: joined, ctx: ctx)
    // A committed topic that could not be read leaves the verdict incomplete: never a healthy exit.
    if health.verdict.isHealthy, let e = w.last.topicErrors.first(where: { !$0.deleted }) {
      var failure = CommandFailure.failed("\(g): \(e.topic) could not be read (\(e.message)); its partitions have no verdict")
      failure.report = report
      throw failure
    }
    guard health.verdict.isHealthy else {
      // The evidence of the partition that made the verdict (the worst one).
      let worst = health.partitions.first { $0.verdict.verdict == health.verdict }
      var failure = CommandFailure.failed("\(g) is \(health.verdict.rawValue): " + (worst?.verdict.evidence ?? ""))
      failure.report = report
      throw failure
    }
    return report
  }
}

/// The verdicts of one window, per partition and for the group.
struct GroupHealth {
  struct Row {
    /// At the last look, with its time lag.
    var lag: LagRow
    /// At the first look.
    var first: PartitionOffsets?
    var verdict: PartitionVerdict
    /// "partition 2", or "topic[2]" when the group reads several topics.
    var name: String
    var offsets: PartitionOffsets { lag.offsets }
  }
  var partitions: [Row]
  var verdict: Verdict
  var rules: VerdictRules
  /// What each member that owns a lagging partition consumed per second over
  /// the window: the evidence of a saturated replica. nil when the broker
  /// cannot say who owns what.
  var saturatedMemberRates: [Double]?

  static func assess(_ w: GroupWindow, thresholds: Thresholds) -> GroupHealth {
    let last = w.last
    let rules = VerdictRules(thresholds: thresholds, partitions: last.offsets.count, windowSeconds: w.seconds)
    let topics = Set(last.offsets.map(\.topic))
    let start = w.first.takenAt
    let looks = w.snapshots.map { s in
      (at: s.takenAt - start, offsets: Dictionary(s.offsets.map { (TopicPartition($0.topic, $0.partition), $0) }) { a, _ in a })
    }
    func name(_ o: PartitionOffsets) -> String { topics.count == 1 ? "partition \(o.partition)" : "\(o.topic)[\(o.partition)]" }
    // Per member, what it committed over the window, and where: a member that
    // progresses somewhere is alive, whatever its other partitions show.
    // Progress counts only when recent (within the grace): a member that
    // committed early in the window and then hung does not progress now.
    var consumedBy: [String: Int64] = [:]
    var progressOf: [String: [String]] = [:]
    let end = looks.last?.at ?? 0
    for o in last.offsets {
      guard let owner = o.owner else { continue }
      let tp = TopicPartition(o.topic, o.partition)
      let before = looks.first?.offsets[tp]?.committed
      let consumed = before.flatMap { a in o.committed.map { max(0, $0 - a) } } ?? 0
      consumedBy[owner, default: 0] += consumed
      var lastMove: Double?
      for (a, b) in zip(looks, looks.dropFirst()) where a.offsets[tp]?.committed != b.offsets[tp]?.committed {
        lastMove = b.at
      }
      if let t = lastMove, end - t <= rules.graceSeconds { progressOf[owner, default: []].append(name(o)) }
    }
    let rows = last.lag.rows.map { r -> Row in
      let o = r.offsets
      let tp = TopicPartition(o.topic, o.partition)
      let samples = looks.compactMap { look -> OffsetSample? in
        look.offsets[tp].map { OffsetSample(at: look.at, committed: $0.committed, logEnd: $0.logEnd, logStart: $0.logStart) }
      }
      let owner: Ownership =
        last.members == nil ? .unknown : o.owner.map { m in .owned(progressingOn: progressOf[m]?.first { $0 != name(o) }) } ?? .unowned
      return Row(
        lag: r, first: looks.first?.offsets[tp],
        verdict: Capacity.assess(
          name(o), samples: samples, owner: owner, rules: rules, nothingReadable: r.behind?.nothingReadable == true),
        name: name(o))
    }
    var saturated: [Double]?
    if last.members != nil, w.seconds > 0 {
      let owners = Set(rows.filter { $0.verdict.verdict == .lagging }.compactMap(\.offsets.owner))
      saturated = owners.sorted().map { Double(consumedBy[$0] ?? 0) / w.seconds }
    }
    return GroupHealth(
      partitions: rows, verdict: groupVerdict(rows.map(\.verdict)), rules: rules, saturatedMemberRates: saturated)
  }
}
