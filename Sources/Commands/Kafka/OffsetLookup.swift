import Clients
import Formats

/// Offset-by-timestamp. Real brokers answer ListOffsets by time; librdkafka's
/// mock answers -1, and so does a real broker when no message is that recent.
/// Both cases are settled the same way: a binary search over the messages'
/// own timestamps (a few fetches per partition), which is exact either way.
enum OffsetLookup {
  static func offset(
    atOrAfter ms: Int64, _ tp: TopicPartition, logStart: Int64, logEnd: Int64, ctx: CommandContext, client: KafkaClient
  ) throws -> Int64 {
    if logStart >= logEnd { return logEnd }
    let answer = try kafkaCall { () throws(KafkaError) in try client.offsets(forTimestamp: ms, [tp]) }
    if let o = answer[tp], o >= 0 { return o }
    let properties = try ctx.session.kafkaProperties
    let consumer = try kafkaCall { () throws(KafkaError) in
      try KafkaConsumer(
        properties: properties, group: nil, timeoutMs: ctx.session.timeoutMs, log: ctx.session.kafkaLog)
    }
    defer { consumer.close() }
    let timeout = ctx.session.timeoutMs
    return try firstOffset(atOrAfter: ms, logStart: logStart, logEnd: logEnd) { offset in
      try probe(consumer, tp, offset, logEnd: logEnd, timeoutMs: timeout)
    }
  }

  /// The first message at or after `offset`: its offset and timestamp.
  static func probe(_ consumer: KafkaConsumer, _ tp: TopicPartition, _ offset: Int64, logEnd: Int64, timeoutMs: Int)
    throws -> (offset: Int64, timestamp: Int64)?
  {
    guard offset < logEnd else { return nil }
    try kafkaCall { () throws(KafkaError) in try consumer.assign([tp: offset]) }
    let deadline = ContinuousClock.now + .milliseconds(timeoutMs)
    while ContinuousClock.now < deadline {
      let event = try kafkaCall { () throws(KafkaError) in try consumer.poll(timeoutMs: 100) }
      switch event {
      case .message(let m) where m.partition == tp.partition && m.offset >= offset:
        return (m.offset, m.timestampMs ?? -1)
      case .endOfPartition(let p, _) where p == tp:
        return nil
      default:
        continue
      }
    }
    throw CommandFailure.unreachable("reading \(tp) at offset \(offset): no answer within \(timeoutMs)ms")
  }
}
