import Formats
import Vocabulary

/// Where the first unconsumed message of a partition was read.
public enum BehindOrigin: String, Equatable, Sendable {
  /// At the committed offset: the next message the group will consume.
  case committed
  /// At the log start: the partition was never committed (the age of the
  /// oldest retained message), or its commit fell below the log start
  /// (retention deleted what the group never read).
  case logStart = "log-start"
}

/// What the log answered at the offset read, in plain terms.
public enum FirstUnread: Equatable, Sendable {
  case message(offset: Int64, timestampMs: Int64?)
  /// Nothing readable from there; the read ended at `at` (nil: not said).
  /// Short of the log end, an open transaction holds the rest.
  case endOfLog(at: Int64?)
  /// The read failed or did not answer in time; the text says which.
  case failed(String)
}

/// Time lag ("behind"): how old the first message the group has not consumed
/// is, read from the log. Backward-looking, unlike the drain ETA, which says
/// how long the backlog takes to clear.
public struct TimeLag: Equatable, Sendable {
  /// nil when unknown; `reason` says why.
  public var seconds: Double?
  /// Where it was read; nil when nothing needed reading (caught up).
  public var origin: BehindOrigin?
  /// The first unconsumed message: its offset and timestamp.
  public var offset: Int64?
  public var timestampMs: Int64?
  /// Why `seconds` is unknown, or what qualifies it.
  public var reason: String?
  /// The log answered that nothing readable lies between the commit and the
  /// log end (transaction markers, aborted or deleted records): the lag
  /// there is offsets, not unread messages.
  public var nothingReadable = false

  public init(
    seconds: Double?, origin: BehindOrigin? = nil, offset: Int64? = nil, timestampMs: Int64? = nil,
    reason: String? = nil
  ) {
    self.seconds = seconds
    self.origin = origin
    self.offset = offset
    self.timestampMs = timestampMs
    self.reason = reason
  }

  public static let caughtUp = TimeLag(seconds: 0)
}

extension LagRow {
  static let skewTolerationMs: Int64 = 1000

  /// The offset whose message dates this partition's lag, and why there;
  /// nil when nothing needs reading (caught up, nothing retained, a commit
  /// past the log end).
  public var firstUnreadOffset: (offset: Int64, origin: BehindOrigin)? {
    let o = offsets
    guard let c = o.committed else { return backlog > 0 ? (o.logStart, .logStart) : nil }
    if c >= o.logEnd { return nil }
    if c < o.logStart { return o.logStart < o.logEnd ? (o.logStart, .logStart) : nil }
    return (c, .committed)
  }

  /// The time lag from what the log answered at `firstUnreadOffset` (nil:
  /// nothing was read), `nowMs` being when it was read.
  public func timeLag(read: FirstUnread?, nowMs: Int64) -> TimeLag {
    guard let (asked, origin) = firstUnreadOffset else {
      if offsets.committed == nil { return TimeLag(seconds: nil, reason: "never committed; nothing retained") }
      if let c = offsets.committed, c > offsets.logEnd {
        return TimeLag(seconds: 0, reason: "committed beyond the log end: the next fetch is out of range and auto.offset.reset moves it")
      }
      if let c = offsets.committed, c < offsets.logStart {
        return TimeLag(seconds: 0, reason: "committed below the log start and nothing retained: retention deleted all it never read")
      }
      return .caughtUp
    }
    switch read {
    case nil:
      return TimeLag(seconds: nil, origin: origin, offset: asked, reason: "not read")
    case .failed(let why)?:
      return TimeLag(seconds: nil, origin: origin, offset: asked, reason: why)
    case .endOfLog(let at)?:
      // read_committed stops at the first offset of a transaction still open:
      // what lies past it is not read yet, not nothing.
      if let at, at < offsets.logEnd {
        return TimeLag(
          seconds: nil, origin: origin, offset: asked,
          reason: "a transaction still open holds offsets \(at)–\(offsets.logEnd - 1): nothing past \(at) is readable until it ends")
      }
      // From the commit: nothing is waiting, so the group is not behind at all.
      var t = TimeLag(
        seconds: origin == .committed ? 0 : nil, origin: origin, offset: asked,
        reason: "nothing readable from offset \(asked) to the log end (transaction markers, aborted or deleted records)")
      t.nothingReadable = true
      return t
    case .message(let offset, let ts)?:
      guard let ts else {
        return TimeLag(seconds: nil, origin: origin, offset: offset, reason: "the message at offset \(offset) has no timestamp")
      }
      var reason: String?
      if offsets.committed == nil {
        reason = "never committed: age of the oldest retained message"
      } else if origin == .logStart {
        reason = "committed below the log start: age of the oldest retained message"
      }
      // A producer's clock a little ahead of ours reads as just produced;
      // further ahead, no age can be told from it.
      if ts > nowMs + Self.skewTolerationMs {
        return TimeLag(
          seconds: nil, origin: origin, offset: offset, timestampMs: ts,
          reason: "the message's timestamp is \(formatNumber(Double(ts - nowMs) / 1000)) s in the future (clock skew)")
      }
      return TimeLag(
        seconds: Double(max(0, nowMs - ts)) / 1000, origin: origin, offset: offset, timestampMs: ts, reason: reason)
    }
  }
}

/// The group's time lag: the largest over the committed partitions (those the
/// total lag counts). Unknown, with the reason, when any of them is unknown:
/// the largest of the rest could understate it.
public struct MaxBehind: Equatable, Sendable {
  public var seconds: Double?
  public var partition: TopicPartition?
  public var reason: String?
}

extension GroupLag {
  /// The rows with their time lags filled in from what the log answered.
  public func withTimeLags(_ reads: (PartitionOffsets) -> FirstUnread?, nowMs: Int64) -> GroupLag {
    var out = self
    out.rows = rows.map { r in
      var r = r
      r.behind = r.timeLag(read: r.firstUnreadOffset == nil ? nil : reads(r.offsets), nowMs: nowMs)
      return r
    }
    out.uncommitted = out.rows.filter { $0.lag == nil }
    out.maxBehind = Self.largestBehind(out.rows)
    return out
  }

  /// The largest time lag of the rows as read (see `maxBehind`).
  static func largestBehind(_ rows: [LagRow]) -> MaxBehind {
    var best: (Double, LagRow)?
    for r in rows where r.lag != nil {
      guard let b = r.behind, let s = b.seconds else {
        let name = TopicPartition(r.offsets.topic, r.offsets.partition)
        return MaxBehind(seconds: nil, partition: name, reason: "\(name): \(r.behind?.reason ?? "not read")")
      }
      if best.map({ s > $0.0 }) ?? true { best = (s, r) }
    }
    guard let (s, r) = best else { return MaxBehind(seconds: nil, reason: "no partition committed") }
    return MaxBehind(seconds: s, partition: TopicPartition(r.offsets.topic, r.offsets.partition))
  }
}
