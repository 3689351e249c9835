import Vocabulary

public struct LagRow: Equatable, Sendable {
  public var offsets: PartitionOffsets
  /// log end − committed, never below 0; nil when nothing was ever committed.
  public var lag: Int64?
  /// Messages retained in the log: what a new consumer would read (log end − log start).
  public var backlog: Int64
  /// nil when the time lag was not read (`--no-time`, or a command that does not show it).
  public var behind: TimeLag? = nil
}

/// Where a committed offset stands against the log it points into.
public enum CommitPosition: Equatable, Sendable {
  case inLog
  /// Retention deleted messages the group never read: `readable` of its lag
  /// can still be read; the consumer will skip or reset (auto.offset.reset).
  case belowLogStart(readable: Int64)
  /// A commit past the log end (a truncated or recreated topic): lag reads 0
  /// but the group will not read what arrives until the log passes it.
  case beyondLogEnd
}

extension LagRow {
  /// nil when nothing was committed.
  public var position: CommitPosition? {
    guard let c = offsets.committed else { return nil }
    if c < offsets.logStart { return .belowLogStart(readable: backlog) }
    if c > offsets.logEnd { return .beyondLogEnd }
    return .inLog
  }
}

public struct GroupLag: Equatable, Sendable {
  public var rows: [LagRow]
  /// Sum of the lags of committed partitions (what kafka:group_lag_sum reports).
  public var totalLag: Int64
  /// Partitions with no committed offset: shown, counted apart, never as 0.
  public var uncommitted: [LagRow]
  /// Skew over committed partitions, as kafka:group_skew_ratio; nil when none committed.
  public var skew: SkewResult?
  /// The group's time lag; nil when it was not read (`--no-time`).
  public var maxBehind: MaxBehind? = nil
}

/// Lag as kafka-consumer-groups.sh and Burrow define it: lag = log end − committed, clamped at 0; a
/// partition with no commit keeps committed = nil and reports its backlog.
public func evaluateLag(_ partitions: [PartitionOffsets]) -> GroupLag {
  let sorted = partitions.sorted { ($0.topic, $0.partition) < ($1.topic, $1.partition) }
  var rows: [LagRow] = []
  var total: Int64 = 0
  var lags: [PartitionLag] = []
  for p in sorted {
    let backlog = max(0, p.logEnd - p.logStart)
    var lag: Int64?
    if let c = p.committed {
      let l = max(0, p.logEnd - c)
      lag = l
      total = total.addingReportingOverflow(l).overflow ? Int64.max : total + l
      lags.append(PartitionLag(topic: p.topic, partition: p.partition, lag: l))
    }
    rows.append(LagRow(offsets: p, lag: lag, backlog: backlog))
  }
  return GroupLag(
    rows: rows, totalLag: total, uncommitted: rows.filter { $0.lag == nil },
    skew: lags.isEmpty ? nil : try? skew(lags))
}

/// Two looks at a group `seconds` apart, turned into rates.
public struct RateSample: Equatable, Sendable {
  public var consumeRate: Double
  public var produceRate: Double
  /// The busiest partition by incoming rate.
  public var hottestPartition: (partition: Int32, rate: Double)?
  /// Committed offsets moved somewhere during the window.
  public var committedMoved: Bool

  public static func == (a: RateSample, b: RateSample) -> Bool {
    a.consumeRate == b.consumeRate && a.produceRate == b.produceRate && a.committedMoved == b.committedMoved
      && a.hottestPartition?.partition == b.hottestPartition?.partition
      && a.hottestPartition?.rate == b.hottestPartition?.rate
  }
}

/// Consume rate from committed offsets, produce rate from log ends. Only
/// partitions committed at both ends count toward consumption; a reset that
/// moved an offset backwards counts as no progress rather than negative.
public func sampleRates(before: [PartitionOffsets], after: [PartitionOffsets], seconds: Double) throws -> RateSample {
  guard seconds.isFinite, seconds > 0 else {
    throw CapacityInputError("window", "must be a positive duration")
  }
  var earlier: [String: PartitionOffsets] = [:]
  for p in before { earlier["\(p.topic)\u{0}\(p.partition)"] = p }
  var consumed: Int64 = 0
  var produced: Int64 = 0
  var moved = false
  var hottest: (partition: Int32, rate: Double)?
  for p in after {
    guard let b = earlier["\(p.topic)\u{0}\(p.partition)"] else { continue }
    let incoming = max(0, p.logEnd - b.logEnd)
    produced += incoming
    let rate = Double(incoming) / seconds
    if hottest.map({ rate > $0.rate }) ?? true { hottest = (p.partition, rate) }
    if let c1 = p.committed, let c0 = b.committed {
      if c1 != c0 { moved = true }
      consumed += max(0, c1 - c0)
    } else if p.committed != nil && b.committed == nil {
      moved = true
    }
  }
  return RateSample(
    consumeRate: Double(consumed) / seconds, produceRate: Double(produced) / seconds, hottestPartition: hottest,
    committedMoved: moved)
}
