/// Kafka's answer to "which offset for time T": the first offset whose
/// message timestamp is at or after T, or the log end when none is. Producers
/// set CreateTime and their clocks disagree, so timestamps are not in offset
/// order; a search that assumed they were (a bisection) skipped messages.
/// Where the broker cannot answer the lookup (librdkafka's mock cluster), the
/// partition is read in offset order and fed to this, which stops at the
/// first match.
public struct TimeLookup: Sendable, Equatable {
  public let target: Int64
  public let logEnd: Int64
  /// The answer once found; until then, nil.
  public private(set) var found: Int64?

  public init(atOrAfter target: Int64, logEnd: Int64) {
    self.target = target
    self.logEnd = logEnd
  }

  /// Feeds the next message in offset order; returns true when the answer is
  /// known and reading can stop. A message without a timestamp (-1) is passed over.
  public mutating func see(offset: Int64, timestamp: Int64) -> Bool {
    if found != nil { return true }
    if offset >= logEnd { return true }
    if timestamp >= 0 && timestamp >= target {
      found = offset
      return true
    }
    return false
  }

  /// The answer: the match, or the log end when every message is older.
  public var answer: Int64 { found ?? logEnd }

  /// The same over a whole list of (offset, timestamp), in offset order.
  public static func answer(atOrAfter target: Int64, logEnd: Int64, messages: [(offset: Int64, timestamp: Int64)])
    -> Int64
  {
    var lookup = TimeLookup(atOrAfter: target, logEnd: logEnd)
    for m in messages where lookup.see(offset: m.offset, timestamp: m.timestamp) { break }
    return lookup.answer
  }
}
