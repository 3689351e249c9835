import CRdKafka
import Foundation

/// What the log holds at an offset asked for.
public enum LogPeekAnswer: Equatable, Sendable {
  /// The message there, or the first after it when retention or compaction
  /// removed the one asked for (`offset` says which was read).
  case message(offset: Int64, timestampMs: Int64?, logAppendTime: Bool)
  /// Nothing readable from there: the read ended at `at` (the log end, or
  /// the start of a transaction still open: read_committed stops there).
  case endOfLog(at: Int64)
  case failed(String)
}

/// Reads one message per partition, for its timestamp: the time lag of a
/// group is the age of the first message it has not consumed, read from the
/// log rather than estimated from offsets polled over time.
///
/// A consumer of its own (the session's client is a producer-type handle,
/// which cannot fetch). Its partitions are assigned in one call, so the
/// fetches go out as one request per leader; each partition asks for a single
/// record batch and queues no more than that, so a partition a million
/// messages behind costs what one a hundred behind does. (The per-partition
/// consumer `tail` uses starts and stops each partition with a round trip to
/// librdkafka's threads: 1,000 partitions cost 80 ms more that way.)
///
/// Assigning needs a group id; `peekGroup` is never joined or committed
/// (no subscription, auto-commit off), so no group is created on the broker.
public final class LogPeek {
  let handle: KafkaHandle
  let deadlines: Deadlines
  /// The running command's bound: a read gets what is left of it.
  let runDeadline: RunDeadline?
  static let peekGroup = "aetherctl-peek"

  /// `bulk`: for reading whole ranges (`countMessages`) with librdkafka's
  /// usual fetch sizes, instead of one record batch per partition a round trip.
  public init(
    properties: [(key: String, value: String)], deadlines: Deadlines, runDeadline: RunDeadline? = nil,
    bulk: Bool = false, log: (@Sendable (String) -> Void)? = nil
  )
    throws(KafkaError)
  {
    self.deadlines = deadlines
    self.runDeadline = runDeadline
    // One batch per partition: the broker still returns a first batch larger
    // than this (KIP-74), and the queue holds no more than that batch.
    let oneBatch = [("fetch.message.max.bytes", "1"), ("queued.min.messages", "1")]
    let defaults = KafkaClient.baseDefaults + [
      ("socket.timeout.ms", String(deadlines.socketMs)),
      ("enable.partition.eof", "true"),
      ("enable.auto.commit", "false"), ("enable.auto.offset.store", "false"),
      // A commit below the log start (retention deleted it) reads the oldest retained message.
      ("auto.offset.reset", "earliest"),
      ("fetch.wait.max.ms", "10"),
    ] + (bulk ? [] : oneBatch)
    var props = properties.filter { $0.key != "group.id" }
    props.append((key: "group.id", value: Self.peekGroup))
    handle = try KafkaHandle(type: RD_KAFKA_CONSUMER, properties: props, defaults: defaults, log: log)
    rd_kafka_poll_set_consumer(handle.rk)
  }

  deinit {
    _ = rd_kafka_assign(handle.rk, nil)
  }

  /// The message at each offset, within one request timeout for all of them;
  /// a partition that did not answer in time is absent from the result.
  public func firstMessages(at starts: [TopicPartition: Int64]) throws(KafkaError) -> [TopicPartition: LogPeekAnswer] {
    guard !starts.isEmpty else { return [:] }
    let err: rd_kafka_resp_err_t = withPartitionList(starts.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }) {
      rd_kafka_assign(handle.rk, $0)
    }
    if err != RD_KAFKA_RESP_ERR_NO_ERROR { throw handle.error(err, "read the log at the committed offsets") }
    // Unassigning drops what the fetchers queued after the answers.
    defer { _ = rd_kafka_assign(handle.rk, nil) }
    var answers: [TopicPartition: LogPeekAnswer] = [:]
    var topicNames: [OpaquePointer: String] = [:]
    let deadline = DispatchTime.now().uptimeNanoseconds + UInt64(runDeadline?.cap(deadlines.requestMs) ?? deadlines.requestMs) * 1_000_000
    wake(Array(starts.keys))
    // Waking again after 5 ms of silence, then 10, 20, … at most every 320 ms:
    // a slow or dead leader is not sent a request every few milliseconds.
    var backoffNs: UInt64 = 5_000_000
    var nextWake = DispatchTime.now().uptimeNanoseconds + backoffNs
    while answers.count < starts.count {
      let now = DispatchTime.now().uptimeNanoseconds
      guard now < deadline else { break }
      guard let msg = rd_kafka_consumer_poll(handle.rk, Int32(min(5, max(1, (deadline - now) / 1_000_000)))) else {
        if DispatchTime.now().uptimeNanoseconds >= nextWake {
          wake(starts.keys.filter { answers[$0] == nil })
          backoffNs = min(backoffNs * 2, 320_000_000)
          nextWake = DispatchTime.now().uptimeNanoseconds + backoffNs
        }
        continue
      }
      defer { rd_kafka_message_destroy(msg) }
      let m = msg.pointee
      guard let rkt = m.rkt else { continue }
      let topic = topicNames[rkt] ?? String(cString: rd_kafka_topic_name(rkt))
      topicNames[rkt] = topic
      let tp = TopicPartition(topic, m.partition)
      guard answers[tp] == nil, let asked = starts[tp] else { continue }
      switch m.err {
      case RD_KAFKA_RESP_ERR_NO_ERROR:
        // A batch starts before the offset asked when it was a commit into its middle.
        guard m.offset >= asked else { continue }
        var type = RD_KAFKA_TIMESTAMP_NOT_AVAILABLE
        let ts = rd_kafka_message_timestamp(msg, &type)
        answers[tp] = .message(
          offset: m.offset, timestampMs: ts >= 0 && type != RD_KAFKA_TIMESTAMP_NOT_AVAILABLE ? ts : nil,
          logAppendTime: type == RD_KAFKA_TIMESTAMP_LOG_APPEND_TIME)
      case RD_KAFKA_RESP_ERR__PARTITION_EOF:
        answers[tp] = .endOfLog(at: m.offset)
      default:
        answers[tp] = .failed(handle.error(m.err, "read \(tp) at \(asked)").message)
      }
    }
    return answers
  }

  /// The readable messages between each range's bounds, read from the log:
  /// log end − log start also counts transaction markers and the offsets of
  /// aborted or deleted records. Within one request timeout for all of them;
  /// a partition not read to its end in time, or that cannot be read, is
  /// absent from the result.
  public func countMessages(_ ranges: [TopicPartition: (low: Int64, high: Int64)]) throws(KafkaError)
    -> [TopicPartition: Int64]
  {
    var counts: [TopicPartition: Int64] = [:]
    var open: [TopicPartition: (low: Int64, high: Int64)] = [:]
    for (tp, r) in ranges {
      if r.high <= r.low { counts[tp] = 0 } else { open[tp] = r }
    }
    guard !open.isEmpty else { return counts }
    let err: rd_kafka_resp_err_t = withPartitionList(open.sorted { $0.key < $1.key }.map { ($0.key, $0.value.low) }) {
      rd_kafka_assign(handle.rk, $0)
    }
    if err != RD_KAFKA_RESP_ERR_NO_ERROR { throw handle.error(err, "read the log to count its messages") }
    defer { _ = rd_kafka_assign(handle.rk, nil) }
    var seen: [TopicPartition: Int64] = [:]
    var topicNames: [OpaquePointer: String] = [:]
    let deadline = DispatchTime.now().uptimeNanoseconds + UInt64(runDeadline?.cap(deadlines.requestMs) ?? deadlines.requestMs) * 1_000_000
    wake(Array(open.keys))
    var backoffNs: UInt64 = 5_000_000
    var nextWake = DispatchTime.now().uptimeNanoseconds + backoffNs
    while !open.isEmpty {
      let now = DispatchTime.now().uptimeNanoseconds
      guard now < deadline else { break }
      guard let msg = rd_kafka_consumer_poll(handle.rk, Int32(min(5, max(1, (deadline - now) / 1_000_000)))) else {
        if DispatchTime.now().uptimeNanoseconds >= nextWake {
          wake(Array(open.keys))
          backoffNs = min(backoffNs * 2, 320_000_000)
          nextWake = DispatchTime.now().uptimeNanoseconds + backoffNs
        }
        continue
      }
      defer { rd_kafka_message_destroy(msg) }
      let m = msg.pointee
      guard let rkt = m.rkt else { continue }
      let topic = topicNames[rkt] ?? String(cString: rd_kafka_topic_name(rkt))
      topicNames[rkt] = topic
      let tp = TopicPartition(topic, m.partition)
      guard let r = open[tp] else { continue }
      switch m.err {
      case RD_KAFKA_RESP_ERR_NO_ERROR:
        if m.offset >= r.low && m.offset < r.high { seen[tp, default: 0] += 1 }
        if m.offset + 1 >= r.high {
          counts[tp] = seen[tp] ?? 0
          open[tp] = nil
        }
      case RD_KAFKA_RESP_ERR__PARTITION_EOF:
        // The end, past any markers after the last message; short of the
        // range's end a transaction is still open (read_committed stops at
        // its start): not counted, rather than counted short.
        if m.offset >= r.high { counts[tp] = seen[tp] ?? 0 }
        open[tp] = nil
      default:
        // This partition cannot be read (no leader, not authorised): not
        // counted; the others still are.
        open[tp] = nil
      }
    }
    return counts
  }

  /// librdkafka 2.0.2 can leave a just-assigned partition unfetched until its
  /// broker thread's next wake-up, up to a second later (see `FetchWaker`);
  /// any request queued to that broker wakes it. So right after the assign,
  /// and while answers are missing and nothing arrives (after 5 ms, then
  /// backing off), one ListOffsets for the missing partitions is sent without
  /// waiting for its answer (1,000 partitions over three brokers: 20 ms
  /// instead of 40–1,000).
  private func wake(_ missing: [TopicPartition]) {
    guard !missing.isEmpty else { return }
    withPartitionList(missing.map { ($0, Int64(RD_KAFKA_OFFSET_END)) }) { list in
      _ = rd_kafka_offsets_for_times(handle.rk, list, 0)
    }
  }
}
