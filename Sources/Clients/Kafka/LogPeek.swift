import CRdKafka
import Foundation
import Vocabulary

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
/// which cannot fetch). Sharing one handle with the client was tried for
/// `lag` (issue 34): told the leaders already by the client's requests,
/// librdkafka 2.0.2 starts an assignment's partitions one at a time, 40 ms
/// more for a thousand than this handle of its own (docs/BENCHMARKS.md). Its partitions are assigned in one call, so the
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
  let log: (@Sendable (String) -> Void)?
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
    self.log = log
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
    try traceRequest(log, "Fetch (a message per partition, for time lag) \(starts.count) partition(s)") {
      () throws(KafkaError) in try untracedFirstMessages(at: starts)
    }
  }

  private func untracedFirstMessages(at starts: [TopicPartition: Int64]) throws(KafkaError)
    -> [TopicPartition: LogPeekAnswer]
  {
    var answers: [TopicPartition: LogPeekAnswer] = [:]
    try read(from: starts, what: "read the log at the committed offsets") { tp, msg in
      guard answers[tp] == nil, let asked = starts[tp] else { return false }
      let m = msg.pointee
      switch m.err {
      case RD_KAFKA_RESP_ERR_NO_ERROR:
        // A batch starts before the offset asked when it was a commit into its middle.
        guard m.offset >= asked else { return false }
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
      return true
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
    var seen: [TopicPartition: Int64] = [:]
    try read(from: open.mapValues(\.low), what: "read the log to count its messages") { tp, msg in
      guard let r = open[tp] else { return false }
      let m = msg.pointee
      switch m.err {
      case RD_KAFKA_RESP_ERR_NO_ERROR:
        if m.offset >= r.low && m.offset < r.high { seen[tp, default: 0] += 1 }
        guard m.offset + 1 >= r.high else { return false }
        counts[tp] = seen[tp] ?? 0
      case RD_KAFKA_RESP_ERR__PARTITION_EOF:
        // The end, past any markers after the last message; short of the
        // range's end a transaction is still open (read_committed stops at
        // its start): not counted, rather than counted short.
        if m.offset >= r.high { counts[tp] = seen[tp] ?? 0 }
      default:
        // This partition cannot be read (no leader, not authorised): not
        // counted; the others still are.
        break
      }
      open[tp] = nil
      return true
    }
    return counts
  }

  /// The keys of the messages in each range, counted: what `topic
  /// add-partitions` plans with. A partition not read to its range's end
  /// within the bound (no leader, --timeout) keeps what was read, and is
  /// left out of `complete`.
  public func sampleKeys(_ ranges: [TopicPartition: (low: Int64, high: Int64)]) throws(KafkaError) -> KeySampling {
    var out = KeySampling()
    var open: [TopicPartition: (low: Int64, high: Int64)] = [:]
    for (tp, r) in ranges {
      if r.high <= r.low { out.complete.insert(tp) } else { open[tp] = r }
    }
    try read(from: open.mapValues(\.low), what: "read recent messages for their keys") { tp, msg in
      guard let r = open[tp] else { return false }
      let m = msg.pointee
      switch m.err {
      case RD_KAFKA_RESP_ERR_NO_ERROR:
        if m.offset >= r.low && m.offset < r.high {
          out.messages[tp, default: 0] += 1
          var type = RD_KAFKA_TIMESTAMP_NOT_AVAILABLE
          let ts = rd_kafka_message_timestamp(msg, &type)
          if ts >= 0 {
            let seen = out.times[tp] ?? (ts, ts)
            out.times[tp] = (min(seen.first, ts), max(seen.last, ts))
          }
          if let k = m.key {
            let key = [UInt8](UnsafeRawBufferPointer(start: k, count: m.key_len))
            out.keys[tp, default: [:]][key, default: 0] += 1
          } else {
            out.keyless += 1
          }
        }
        guard m.offset + 1 >= r.high else { return false }
        out.complete.insert(tp)
      case RD_KAFKA_RESP_ERR__PARTITION_EOF:
        out.complete.insert(tp)
      default:
        break
      }
      open[tp] = nil
      return true
    }
    return out
  }

  /// Starts reading at `starts` now, for a `firstMessages` asked later from
  /// the same offsets (or some of them): librdkafka takes its time to start
  /// a thousand partitions, which the caller's other requests then overlap.
  /// A later read from other offsets assigns afresh.
  public func prefetch(at starts: [TopicPartition: Int64]) {
    guard !starts.isEmpty, (try? assign(starts, what: "prefetch")) != nil else { return }
    prefetched = starts
    wake(Array(starts.keys))
  }

  /// The assignment a prefetch made and no read has used yet.
  private var prefetched: [TopicPartition: Int64]?

  /// Stops a prefetch no read will use (the command failed before it).
  public func dropPrefetch() {
    guard prefetched != nil else { return }
    prefetched = nil
    _ = rd_kafka_assign(handle.rk, nil)
  }

  private func assign(_ starts: [TopicPartition: Int64], what: String) throws(KafkaError) {
    let err: rd_kafka_resp_err_t = withPartitionList(starts.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }) {
      rd_kafka_assign(self.handle.rk, $0)
    }
    if err != RD_KAFKA_RESP_ERR_NO_ERROR { throw self.handle.error(err, what) }
  }

  /// Assigns `starts` in one call and hands each message to `handle` until
  /// every partition is done (`handle` returns true when its partition is)
  /// or one request timeout (what is left of the command's) has passed.
  /// Waking the fetchers again after 5 ms of silence, then 10, 20, … at most
  /// every 320 ms: a slow or dead leader is not sent a request every few
  /// milliseconds.
  private func read(
    from starts: [TopicPartition: Int64], what: String,
    _ handle: (TopicPartition, UnsafeMutablePointer<rd_kafka_message_t>) -> Bool
  ) throws(KafkaError) {
    guard !starts.isEmpty else { return }
    // A prefetch from the same offsets stands: its fetchers are already going.
    let prefetched = self.prefetched.map { p in starts.allSatisfy { p[$0.key] == $0.value } } ?? false
    self.prefetched = nil
    if !prefetched { try assign(starts, what: what) }
    // Unassigning drops what the fetchers queued after the answers.
    defer { _ = rd_kafka_assign(self.handle.rk, nil) }
    var done: Set<TopicPartition> = []
    var topicNames: [OpaquePointer: String] = [:]
    let deadline = DispatchTime.now().uptimeNanoseconds + UInt64(runDeadline?.cap(deadlines.requestMs) ?? deadlines.requestMs) * 1_000_000
    wake(Array(starts.keys))
    var backoffNs: UInt64 = 5_000_000
    var nextWake = DispatchTime.now().uptimeNanoseconds + backoffNs
    while done.count < starts.count {
      let now = DispatchTime.now().uptimeNanoseconds
      guard now < deadline else { break }
      guard let msg = rd_kafka_consumer_poll(self.handle.rk, Int32(min(5, max(1, (deadline - now) / 1_000_000)))) else {
        if DispatchTime.now().uptimeNanoseconds >= nextWake {
          wake(starts.keys.filter { !done.contains($0) })
          backoffNs = min(backoffNs * 2, 320_000_000)
          nextWake = DispatchTime.now().uptimeNanoseconds + backoffNs
        }
        continue
      }
      defer { rd_kafka_message_destroy(msg) }
      guard let rkt = msg.pointee.rkt else { continue }
      let topic = topicNames[rkt] ?? String(cString: rd_kafka_topic_name(rkt))
      topicNames[rkt] = topic
      let tp = TopicPartition(topic, msg.pointee.partition)
      guard !done.contains(tp), starts[tp] != nil else { continue }
      // A partition asked for answered: the fetchers are going, so a silence
      // after it is waited out from 5 ms again, not from where the backoff
      // had got to (on the mock, partitions started last were left waiting
      // up to a second). Silence alone still backs off to 320 ms, and
      // nothing but an answer still missing resets it.
      backoffNs = 5_000_000
      nextWake = DispatchTime.now().uptimeNanoseconds + backoffNs
      if handle(tp, msg) { done.insert(tp) }
    }
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
