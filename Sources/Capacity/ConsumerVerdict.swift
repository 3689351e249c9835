import Formats
import Vocabulary

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
  /// Lag above the threshold and not falling, though the consumer commits;
  /// or a partition whose member is busy on its other partitions and has
  /// not reached this one yet (alive and progressing: never "stopped").
  case lagging
  /// The committed offset went backwards (a reset, or a consumer replaying),
  /// or sits past the log end, so that the next fetch moves it back.
  case rewound
  /// Commits do not move while a backlog waits, and the member that owns
  /// the partition progresses nowhere (alive but stuck), or no new message
  /// arrives to tell a stuck consumer from a gone one.
  case stalled
  /// No commit while the log moved, and no member owns the partition (or the
  /// broker cannot say who does).
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
  public var logStart: Int64

  public init(at: Double, committed: Int64?, logEnd: Int64, logStart: Int64 = 0) {
    self.at = at
    self.committed = committed
    self.logEnd = logEnd
    self.logStart = logStart
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
  /// The consumers' commit interval: a lag no larger than one interval of a
  /// partition's traffic is how far commits trail, not a consumer behind.
  public var commitInterval: Double

  public init(lagThreshold: Int64, graceSeconds: Double, commitInterval: Double = 0) {
    self.lagThreshold = lagThreshold
    self.graceSeconds = graceSeconds
    self.commitInterval = commitInterval
  }

  /// The pipeline's lag threshold is on the group's total; each of
  /// `partitions` gets its share, so that whenever the total passes it at
  /// least one partition does too.
  public init(thresholds: Thresholds, partitions: Int, windowSeconds: Double) {
    lagThreshold = max(0, thresholds.lagCritical / Int64(max(1, partitions)))
    graceSeconds = windowSeconds / 2
    commitInterval = thresholds.commitInterval
  }
}

public struct PartitionVerdict: Equatable, Sendable {
  public var verdict: Verdict
  /// One line an operator can check: what the offsets did.
  public var evidence: String
}

/// Who holds a partition, as the broker described the group. It tells a
/// consumer that is gone (stopped) from one that is alive but stuck
/// (stalled) from one that is alive and busy elsewhere (lagging: a member
/// reads one backlog at a time), so that advice never restarts a consumer
/// that progresses.
public enum Ownership: Equatable, Sendable {
  /// The broker cannot describe groups (librdkafka's mock cluster).
  case unknown
  /// No member holds it.
  case unowned
  /// A live member holds it. `progressingOn` names another partition of the
  /// same member whose commit moved in the window; nil when none did.
  case owned(progressingOn: String?)
}

/// `name` begins the evidence ("partition 2"). `nothingReadable`: the log
/// answered that nothing readable lies between the commit and the log end
/// (transaction markers, aborted or deleted records), so the offsets there
/// are not unread messages.
public func assess(
  _ name: String, samples: [OffsetSample], owner: Ownership, rules: VerdictRules, nothingReadable: Bool = false
) -> PartitionVerdict {
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

  // 2. A commit past the log end (the topic was recreated or truncated):
  // the lag reads 0, but the next fetch is out of range and the consumer's
  // auto.offset.reset moves it back. Say what that will do, not "idle".
  if let c = last.committed, c > last.logEnd {
    let retained = max(0, last.logEnd - last.logStart)
    let next =
      retained > 0
      ? "earliest replays the \(count(retained)) retained message(s) from \(count(last.logStart)), latest skips them and resumes at \(count(last.logEnd))"
      : "the log holds nothing, so either resumes at \(count(last.logEnd)) and nothing is replayed"
    return say(
      .rewound,
      "committed \(count(c)) is past the log end \(count(last.logEnd)) (topic recreated or truncated): the next fetch is "
        + "out of range and auto.offset.reset moves it back: \(next)")
  }

  let logMoved = last.logEnd > first.logEnd
  let logText = logMoved ? "log end rose \(count(first.logEnd))→\(count(last.logEnd))" : "log end \(count(last.logEnd))"

  // 3. Never committed in the window: who owns it decides what the moving log means.
  guard let committed = last.committed, var lagEnd = last.lag else {
    guard logMoved else {
      // A backlog retained but never read is not "nothing to do": a consumer
      // that starts at the log start (auto.offset.reset=earliest) reads it all.
      let retained = max(0, last.logEnd - last.logStart)
      guard retained > 0 else { return say(.idle, "never committed; nothing retained, no traffic (\(logText))") }
      let waits = "never committed; \(count(retained)) retained message(s) wait, no traffic"
      switch owner {
      case .owned:
        return say(.ok, "\(waits); its member has nothing to commit unless it starts at the log start (auto.offset.reset=earliest)")
      case .unowned: return say(.stalled, "\(waits) and no member owns it")
      case .unknown: return say(.stalled, "\(waits) (the broker cannot say whether a member owns it)")
      }
    }
    let rose = samples.first { $0.logEnd > first.logEnd } ?? first
    if last.at - rose.at < rules.graceSeconds {
      return say(
        .ok,
        "no commit yet; \(count(last.logEnd - first.logEnd)) new since +\(seconds(rose.at - first.at)) "
          + "(within the \(seconds(rules.graceSeconds)) grace)")
    }
    let never = "never committed while \(logText) over \(span)"
    switch owner {
    case .owned(let busy?):
      return say(.lagging, "\(never); its member owns it and progresses on \(busy): it has not reached this one yet")
    case .owned(nil): return say(.stalled, "\(never); a member owns it but commits nothing")
    case .unowned: return say(.stopped, "\(never); no member owns it")
    case .unknown: return say(.stopped, never)
    }
  }
  // Nothing readable in what is not committed: not unread messages.
  var markers = ""
  if lagEnd > 0 && nothingReadable {
    markers = "; the \(count(lagEnd)) offset(s) past it hold no readable message (transaction markers, aborted or deleted records)"
    lagEnd = 0
  }
  guard samples.count >= 2 else {
    return lagEnd == 0
      ? say(.ok, "caught up (one sample)\(markers)")
      : say(lagEnd > rules.lagThreshold ? .lagging : .ok, "lag \(count(lagEnd)) at one sample; trend unknown")
  }
  let firstCommitted = samples.first { $0.committed != nil }!
  // The last look at which the commit moved (0: it did not move in the window).
  var lastMove = 0
  for i in 1..<samples.count where samples[i].committed != samples[i - 1].committed { lastMove = i }
  let commitMoved = lastMove > 0

  // 4. Caught up.
  if lagEnd == 0 {
    if !markers.isEmpty {
      return commitMoved || logMoved
        ? say(.ok, "caught up: committed \(count(firstCommitted.committed!))→\(count(committed))\(markers)")
        : say(.idle, "no traffic: committed \(count(committed))\(markers)")
    }
    return commitMoved || logMoved
      ? say(.ok, "caught up: lag 0, committed \(count(firstCommitted.committed!))→\(count(committed))")
      : say(.idle, "no traffic: committed \(count(committed)) = \(logText)")
  }

  // 5. The commit stands while there is lag: since the later of its last
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
    let rose = last.logEnd > moved.logEnd ? "while log end rose \(count(moved.logEnd))→\(count(last.logEnd))" : nil
    switch owner {
    case .owned(let busy?):
      // Alive and busy elsewhere: waiting its turn, never "stopped", never a restart.
      let waits = "\(stuck) \(rose ?? "with \(count(lagEnd)) unread"); its member progresses on \(busy): it has not reached this one yet"
      return say(lagEnd > rules.lagThreshold ? .lagging : .ok, waits)
    case .owned(nil) where rose != nil:
      return say(.stalled, "\(stuck) \(rose!); a member owns it but does not progress")
    case .unowned where rose != nil: return say(.stopped, "\(stuck) \(rose!); no member owns it")
    case .unknown where rose != nil: return say(.stopped, "\(stuck) \(rose!)")
    default:
      let nobody = owner == .unowned ? "; no member owns it" : ""
      return say(.stalled, "\(stuck) with \(count(lagEnd)) unread; no new messages (log end \(count(last.logEnd)))\(nobody)")
    }
  }

  // 6. Commits move: draining, keeping up, or falling behind.
  if commitMoved {
    let lagFirst = firstCommitted.lag!
    let moved = "committed \(count(firstCommitted.committed!))→\(count(committed))"
    if lagEnd < lagFirst { return say(.ok, "draining: lag \(count(lagFirst))→\(count(lagEnd)) over \(span) (\(moved))") }
    // What one commit interval of this partition's traffic explains: commits
    // trail by that much even for a consumer that keeps up.
    let traffic = last.at > first.at ? Double(last.logEnd - first.logEnd) / (last.at - first.at) : 0
    let explained = traffic * rules.commitInterval + 1
    if lagEnd > rules.lagThreshold && Double(lagEnd) <= explained {
      return say(
        .ok,
        "keeping up: lag \(count(lagFirst))→\(count(lagEnd)) over \(span) is one commit interval "
          + "(\(seconds(rules.commitInterval))) of its \(formatNumber(traffic))/s")
    }
    if lagEnd > rules.lagThreshold {
      return say(
        .lagging,
        "lag \(count(lagFirst))→\(count(lagEnd)) over \(span), not falling, above \(count(rules.lagThreshold)) "
          + "(\(moved), \(logText))")
    }
    return say(.ok, "keeping up: lag \(count(lagFirst))→\(count(lagEnd)) over \(span), under \(count(rules.lagThreshold))")
  }

  // 7. A lag that appeared within the grace, not committed yet.
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
