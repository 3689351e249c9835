import Vocabulary

/// Where `tail` starts on each partition, decided from what the cluster
/// answered (watermarks, the group's commits) and what the operator wrote.
/// Pure, so its rules are tested with tables; the one thing it cannot decide,
/// a time, is left for a lookup in the log (`OffsetLookup`).
public struct TailPlan: Equatable, Sendable {
  public typealias Start = PlannedStart

  public var starts: [TopicPartition: Start]
  /// What the operator must be told: an offset or a commit outside the log was clamped.
  public var warnings: [String]

  /// A group's commit is where its reader starts (`--from` only where the
  /// group has none, as auto.offset.reset); anything outside the log is
  /// clamped into it, and said.
  public init(
    partitions: [TopicPartition], marks: [TopicPartition: Watermarks], committed: [TopicPartition: Int64],
    from: TailStart, group: String?
  ) {
    var starts: [TopicPartition: Start] = [:]
    var warnings: [String] = []
    for tp in partitions {
      let m = marks[tp] ?? Watermarks(low: 0, high: 0)
      if let c = committed[tp] {
        let (at, warning) = Self.start(atCommit: c, tp, m, group: group ?? "")
        starts[tp] = .offset(at)
        if let warning { warnings.append(warning) }
      } else {
        var note: String?
        let planned = PlannedStart(from, tp, m, clampNote: &note)
        starts[tp] = planned
        if let note, case .offset(let to) = planned { warnings.append("tail: \(note); starting at \(to)") }
      }
    }
    self.starts = starts
    self.warnings = warnings
  }

  /// A group's commit as a start: clamped into the log, with the warning
  /// `tail --help` promises when it lies outside (the log's start moved
  /// past it with retention, or the topic was recreated).
  public static func start(atCommit c: Int64, _ tp: TopicPartition, _ m: Watermarks, group: String) -> (Int64, String?) {
    let s = min(max(c, m.low), m.high)
    guard s != c else { return (s, nil) }
    return (s, "tail: \(group)'s commit on \(tp) is \(c), outside the log (\(m.low)–\(m.high)); starting at \(s)")
  }
}
