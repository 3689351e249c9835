import Capacity
import Clients
import Config
import Formats
import Host
import Output
import Prometheus
import ScriptLanguage
import Vocabulary

/// Offset-by-timestamp, by Kafka's rule: the first offset whose timestamp is
/// at or after T. A real broker answers ListOffsets by time itself, and its
/// -1 means no message is that recent (the log end). librdkafka's mock
/// cluster answers -1 to every lookup, so there the partition is read in
/// offset order until the first match (the mock keeps ~5 MB a partition):
/// exact even when producers' clocks put timestamps out of order.
enum OffsetLookup {
  /// The offset a position the operator wrote means on one partition: a
  /// time is looked up in the log; anything else is resolved against the
  /// watermarks (the log end when it says nothing), and a written offset
  /// outside them is clamped with a warning that says so, in `clamped`'s words.
  static func start(
    _ position: some StartPosition, _ tp: TopicPartition, logStart: Int64, logEnd: Int64, ctx: CommandContext,
    client: KafkaClient, clamped: (_ note: String, _ to: Int64) -> String
  ) throws -> Int64 {
    var note: String?
    switch PlannedStart(position, tp, Watermarks(low: logStart, high: logEnd), clampNote: &note) {
    case .offset(let to):
      if let note { ctx.warn(clamped(note, to)) }
      return to
    case .time(let ms):
      return try offset(atOrAfter: ms, tp, logStart: logStart, logEnd: logEnd, ctx: ctx, client: client)
    }
  }

  static func offset(
    atOrAfter ms: Int64, _ tp: TopicPartition, logStart: Int64, logEnd: Int64, ctx: CommandContext, client: KafkaClient
  ) throws -> Int64 {
    if logStart >= logEnd { return logEnd }
    let answer = try client.offsets(forTimestamp: ms, [tp])
    if let o = answer[tp], o >= 0 { return o }
    guard client.isMockCluster else { return logEnd }
    let consumer = try ctx.consumer(group: nil)
    defer { consumer.close() }
    return try scan(consumer, tp, from: logStart, lookup: TimeLookup(atOrAfter: ms, logEnd: logEnd), ctx: ctx)
  }

  /// Reads `tp` from `offset` until the lookup has its answer or the log ends.
  /// Each read is bounded by the timeout: a broker that stops answering is
  /// exit 3, not a wrong offset.
  static func scan(_ consumer: KafkaConsumer, _ tp: TopicPartition, from offset: Int64, lookup: TimeLookup, ctx: CommandContext)
    throws -> Int64
  {
    var lookup = lookup
    try consumer.assign([tp: offset])
    var lastProgress = ContinuousClock.now
    while true {
      if ctx.isInterrupted { throw CommandFailure.interrupted() }
      let event = try consumer.poll(timeoutMs: 100)
      switch event {
      case .message(let m) where m.partition == tp.partition:
        lastProgress = ContinuousClock.now
        if lookup.see(offset: m.offset, timestamp: m.timestampMs ?? -1) { return lookup.answer }
        if m.offset + 1 >= lookup.logEnd { return lookup.answer }
      case .endOfPartition(let p, _) where p == tp:
        return lookup.answer
      default:
        if ContinuousClock.now - lastProgress > .milliseconds(ctx.deadlines.requestMs) {
          throw CommandFailure.unreachable("reading \(tp) for a time lookup: no answer within \(ctx.deadlines)")
        }
      }
    }
  }
}
