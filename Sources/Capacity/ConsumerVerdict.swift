import Formats
import ShellLanguage

/// Is a consumer healthy? The verdict `status` gives each partition, from the
/// committed and log-end offsets sampled over a window. In order of severity:
/// a group's verdict is its worst partition's.
///
/// Burrow's evaluator decides from the same kind of samples; these rules
/// differ where its known misreadings come from:
/// - it calls every partition whose lag touched zero OK for the whole window,
///   hiding a consumer that stopped after it caught up; here the end of the
///   window decides, and a lag that has stood since it last was zero for longer
///   than the grace is stuck;
/// - it calls a consumer that has not committed for a while stopped even when
///   the topic brought nothing to commit (a slow topic); here a partition whose
///   log did not move is idle when caught up, and only stalled when a backlog
///   waits unread;
/// - a rewind counts only while the window shows it, and is named as such.
public enum Verdict: String, CaseIterable, Sendable, Comparable {
  /// No traffic and nothing to do.
  case idle
  /// Caught up, draining, or keeping the lag under the threshold.
  case ok
  /// Lag above the threshold and not falling, though the consumer commits.
  case lagging
  /// The committed offset went backwards (a reset, or a consumer replaying).
  case rewound
  /// Commits do not move while a backlog waits (alive but not progressing,
  /// or a backlog no new message is added to).
  case stalled
  /// No commit within the window while the log moved.
  case stopped

  private var rank: Int { Self.allCases.firstIndex(of: self)! }
  public static func < (a: Verdict, b: Verdict) -> Bool { a.rank < b.rank }

  /// Exit 0 for scripts: nothing needs doing.
  public var isHealthy: Bool { self == .idle || self == .ok }
}

/// One look at a partition during the window.
public struct OffsetSample: Equatable, Sendable {
  /// Seconds since the window started.
  public var at: Double
  /// nil: no committed offset.
  public var committed: Int64?
  public var logEnd: Int64

  public init(at: Double, committed: Int64?, logEnd: Int64) {
    self.at = at
    self.committed = committed
    self.logEnd = logEnd
  }

  /// log end − committed, never below 0; nil without a commit.
  public var lag: Int64? { committed.map { max(0, logEnd - $0) } }
}

public struct VerdictRules: Equatable, Sendable {
  /// A partition's lag above this, and not falling, is `lagging`.
  public var lagThreshold: Int64
  /// A lag that appeared less than this long ago without a commit since is
  /// not yet stuck: a consumer commits at intervals (5 s by default).
  public var graceSeconds: Double

  public init(lagThreshold: Int64, graceSeconds: Double) {
    self.lagThreshold = lagThreshold
    self.graceSeconds = graceSeconds
  }

  /// The pipeline's lag threshold is on the group's total; each of
  /// `partitions` gets its share, so that whenever the total passes it at
  /// least one partition does too.
  public init(thresholds: Thresholds, partitions: Int, windowSeconds: Double) {
    lagThreshold = max(0, thresholds.lagCritical / Int64(max(1, partitions)))
    graceSeconds = windowSeconds / 2
  }
}

public struct PartitionVerdict: Equatable, Sendable {
  public var verdict: Verdict
  /// One line an operator can check: what the offsets did.
  public var evidence: String
}

/// `name` begins the evidence ("partition 2"); `owned` is whether a group
/// member holds the partition (nil: the broker cannot say), which tells a
/// live consumer that does not progress (stalled) from one that is gone
/// (stopped).
public func assess(_ name: String, samples: [OffsetSample], owned: Bool?, rules: VerdictRules) -> PartitionVerdict {
  func say(_ v: Verdict, _ text: String) -> PartitionVerdict { PartitionVerdict(verdict: v, evidence: "\(name): \(text)") }
  guard let first = samples.first, let last = samples.last else { return say(.ok, "not sampled") }
  let span = seconds(last.at - first.at)

  // 1. Backwards: a reset or a replay, whatever the lag says now.
  for (a, b) in zip(samples, samples.dropFirst()) {
    guard let before = a.committed else { continue }
    guard let after = b.committed else {
      return say(.rewound, "committed offset \(count(before)) disappeared at +\(seconds(b.at - first.at)) (deleted or expired)")
    }
    if after < before {
      return say(
        .rewound,
        "committed went back \(count(before))→\(count(after)) at +\(seconds(b.at - first.at)); lag now \(count(last.lag ?? 0))")
    }
  }

  let logMoved = last.logEnd > first.logEnd
  let logText = logMoved ? "log end rose \(count(first.logEnd))→\(count(last.logEnd))" : "log end \(count(last.logEnd))"

  // 2. Never committed in the window.
  guard let committed = last.committed, let lagEnd = last.lag else {
    return logMoved
      ? say(.stopped, "never committed while \(logText) over \(span)")
      : say(.idle, "never committed; no traffic (\(logText))")
  }
  guard samples.count >= 2 else {
    return lagEnd == 0
      ? say(.ok, "caught up (one sample)")
      : say(lagEnd > rules.lagThreshold ? .lagging : .ok, "lag \(count(lagEnd)) at one sample; trend unknown")
  }
  let firstCommitted = samples.first { $0.committed != nil }!
  // The last look at which the commit moved (0: it did not move in the window).
  var lastMove = 0
  for i in 1..<samples.count where samples[i].committed != samples[i - 1].committed { lastMove = i }
  let commitMoved = lastMove > 0

  // 3. Caught up.
  if lagEnd == 0 {
    return commitMoved || logMoved
      ? say(.ok, "caught up: lag 0, committed \(count(firstCommitted.committed!))→\(count(committed))")
      : say(.idle, "no traffic: committed \(count(committed)) = \(logText)")
  }

  // 4. The commit stands while there is lag: since the later of its last
  // move and the lag's appearance. Past the grace it is stuck, whether or
  // not it moved earlier in the window (a consumer that committed, then
  // died, is not "keeping up").
  var since = samples.count - 1
  while since > lastMove, (samples[since - 1].lag ?? 0) > 0 { since -= 1 }
  let standing = last.at - samples[since].at
  if standing >= rules.graceSeconds {
    let moved = samples[lastMove]
    let stuck =
      commitMoved
      ? "committed stuck at \(count(committed)) for \(seconds(last.at - moved.at)) (it last moved at +\(seconds(moved.at - first.at)))"
      : "committed stuck at \(count(committed)) for \(span)"
    if last.logEnd > moved.logEnd {
      let rose = "log end rose \(count(moved.logEnd))→\(count(last.logEnd))"
      switch owned {
      case true?: return say(.stalled, "\(stuck) while \(rose); a member owns it but does not progress")
      case false?: return say(.stopped, "\(stuck) while \(rose); no member owns it")
      case nil: return say(.stopped, "\(stuck) while \(rose)")
      }
    }
    return say(.stalled, "\(stuck) with \(count(lagEnd)) unread; no new messages (log end \(count(last.logEnd)))")
  }

  // 5. Commits move: draining, keeping up, or falling behind.
  if commitMoved {
    let lagFirst = firstCommitted.lag!
    let moved = "committed \(count(firstCommitted.committed!))→\(count(committed))"
    if lagEnd < lagFirst { return say(.ok, "draining: lag \(count(lagFirst))→\(count(lagEnd)) over \(span) (\(moved))") }
    if lagEnd > rules.lagThreshold {
      return say(
        .lagging,
        "lag \(count(lagFirst))→\(count(lagEnd)) over \(span), not falling, above \(count(rules.lagThreshold)) "
          + "(\(moved), \(logText))")
    }
    return say(.ok, "keeping up: lag \(count(lagFirst))→\(count(lagEnd)) over \(span), under \(count(rules.lagThreshold))")
  }

  // 6. A lag that appeared within the grace, not committed yet.
  return say(
    .ok,
    "\(count(lagEnd)) new since +\(seconds(samples[since].at - first.at)), not committed yet (within the \(seconds(rules.graceSeconds)) grace)")
}

/// The worst partition's verdict; `idle` for none.
public func groupVerdict(_ partitions: [PartitionVerdict]) -> Verdict {
  partitions.map(\.verdict).max() ?? .idle
}

private func count(_ n: Int64) -> String { formatCount(n) }
private func seconds(_ s: Double) -> String { Durations.format(s) }
