import CRdKafka
import CShims
import Foundation

/// Counts delivery reports. Every message ends in exactly one of delivered,
/// failed, or (when the run is cut short) still unknown = sent − the other two.
final class DeliveryTracker {
  var sent: Int64 = 0
  var delivered: Int64 = 0
  var failed: Int64 = 0
  /// Reported failed, but after the request went on the wire (librdkafka:
  /// possibly persisted): the log may hold them. Counted unknown, never
  /// failed, so a re-send of the failed ones cannot duplicate.
  var possiblyPersisted: Int64 = 0
  var firstError: String?
  /// Delivery latency histogram: bucket i holds latencies in [2^(i/4) µs …).
  var buckets = [Int64](repeating: 0, count: 128)

  func record(latencyMicros: Double) {
    let index = latencyMicros <= 1 ? 0 : min(buckets.count - 1, Int((log2(latencyMicros) * 4).rounded(.down)))
    buckets[index] += 1
  }

  /// The latency under which `fraction` of delivered messages arrived (bucket upper bound).
  func percentile(_ fraction: Double) -> Double? {
    let total = buckets.reduce(0, +)
    guard total > 0 else { return nil }
    let target = Int64((Double(total) * fraction).rounded(.up))
    var seen: Int64 = 0
    for (i, n) in buckets.enumerated() {
      seen += n
      if seen >= target { return pow(2, Double(i + 1) / 4) / 1e6 }
    }
    return nil
  }
}

public struct DeliveryStats: Sendable, Equatable {
  public var sent: Int64
  public var delivered: Int64
  public var failed: Int64
  /// Sent but neither confirmed nor failed when the run ended.
  public var unknown: Int64 { sent - delivered - failed }
  public var firstError: String?
  /// Seconds.
  public var latencyP50: Double?
  public var latencyP99: Double?
}

/// An idempotent, acks=all producer: every message is accounted for by a
/// delivery report, served by `poll` on the calling thread.
public final class KafkaProducer {
  let handle: KafkaHandle
  let tracker = DeliveryTracker()
  public let deadlines: Deadlines
  var timeoutMs: Int { deadlines.requestMs }
  private var sendCount: UInt64 = 0
  /// The topic handle of the last topic sent to (commands send to one topic).
  private var lastTopic: (name: String, rkt: OpaquePointer)?
  private var topicHandles: [OpaquePointer] = []
  /// sendBatch's message descriptors, reused from call to call.
  private var batchMessages: [rd_kafka_message_t] = []

  public init(
    properties: [(key: String, value: String)], deadlines: Deadlines, log: (@Sendable (String) -> Void)? = nil
  ) throws(KafkaError) {
    self.deadlines = deadlines
    handle = try KafkaHandle(
      type: RD_KAFKA_PRODUCER, properties: properties,
      defaults: KafkaClient.baseDefaults + [
        ("enable.idempotence", "true"), ("acks", "all"), ("linger.ms", "5"),
        // 25,000 unacknowledged messages: a template renders faster than the
        // cluster takes them, so the queue sits at its bound. librdkafka's
        // 100,000 only raised memory (peak 43 MB against 31 MB over 1M events
        // on 16 partitions) at the same speed; 15,000 was a third slower
        // (docs/BENCHMARKS.md).
        ("batch.num.messages", "10000"), ("queue.buffering.max.messages", "25000"),
        ("queue.buffering.max.kbytes", "1048576"), ("socket.timeout.ms", String(deadlines.socketMs)),
        // The broker (or the topic's max.message.bytes) decides how big a
        // message may be; librdkafka's own 1,000,000-byte check would refuse
        // a 1 MiB event that a topic configured for it accepts.
        ("message.max.bytes", String(16 << 20)),
        // A message nobody confirms within this time is reported failed, not left hanging.
        ("message.timeout.ms", String(deadlines.messageMs)),
      ], log: log,
      setUp: { conf in
        rd_kafka_conf_set_dr_msg_cb(conf) { rk, message, opaque in
          guard let opaque, let message else { return }
          let state = Unmanaged<HandleState>.fromOpaque(opaque).takeUnretainedValue()
          guard let tracker = state.delivery else { return }
          let m = message.pointee
          if m.err == RD_KAFKA_RESP_ERR_NO_ERROR {
            tracker.delivered += 1
            if let stamp = m._private {
              // Sampled messages only: a lock per delivery is not needed to see the cluster is back.
              state.noteContact()
              let sentAt = UInt64(UInt(bitPattern: stamp))
              let now = DispatchTime.now().uptimeNanoseconds
              tracker.record(latencyMicros: Double(now &- sentAt) / 1000)
            }
          } else {
            if rd_kafka_message_status(message) == RD_KAFKA_MSG_STATUS_POSSIBLY_PERSISTED {
              tracker.possiblyPersisted += 1
            } else {
              tracker.failed += 1
            }
            if tracker.firstError == nil { tracker.firstError = String(cString: rd_kafka_err2str(m.err)) }
          }
        }
      })
    handle.state.delivery = tracker
  }

  public var bootstrap: String { handle.bootstrap }

  deinit {
    // Before the handle's own deinit destroys the rd_kafka_t they belong to.
    for rkt in topicHandles { rd_kafka_topic_destroy(rkt) }
  }

  private func topicHandle(_ name: String) throws(KafkaError) -> OpaquePointer {
    if let last = lastTopic, last.name == name { return last.rkt }
    guard let rkt = rd_kafka_topic_new(handle.rk, name, nil) else {
      throw handle.error(rd_kafka_last_error(), "produce to \(name)", timeoutMs: timeoutMs)
    }
    topicHandles.append(rkt)
    lastTopic = (name, rkt)
    return rkt
  }

  /// Enqueues one message, waiting (and serving delivery reports) while the
  /// local queue is full. Headers are copied. `timestampMs` 0 lets librdkafka
  /// stamp the message. While it waits, `giveUp` is asked whether waiting is
  /// pointless (the cluster gone, deliveries failing): a full queue toward a
  /// dead cluster would otherwise hold the caller until messages expire.
  /// Returns true when it had to wait, so a caller that stamps messages
  /// itself knows its clock reading is stale.
  @discardableResult
  public func send(
    topic: String, partition: Int32?, key: UnsafeRawBufferPointer?, value: UnsafeRawBufferPointer?,
    headers: [(name: String, value: [UInt8])] = [], timestampMs: Int64 = 0, isInterrupted: () -> Bool = { false },
    giveUp: () -> KafkaError? = { nil }
  ) throws(KafkaError) -> Bool {
    let rkt = try topicHandle(topic)
    var waited = false
    while true {
      var hdrs: OpaquePointer?
      if !headers.isEmpty {
        hdrs = rd_kafka_headers_new(headers.count)
        for h in headers {
          _ = h.value.withUnsafeBytes { rd_kafka_header_add(hdrs, h.name, -1, $0.baseAddress, $0.count) }
        }
      }
      let stamp = nextStamp()
      let err = rd_kafka_resp_err_t(
        rawValue: aether_produce(
          handle.rk, rkt, partition ?? -1, key?.baseAddress, key?.count ?? 0, value?.baseAddress, value?.count ?? 0,
          hdrs, timestampMs, stamp))
      if err == RD_KAFKA_RESP_ERR_NO_ERROR {
        tracker.sent += 1
        return waited
      }
      if let hdrs { rd_kafka_headers_destroy(hdrs) }
      try waitForRoom(err, "produce to \(topic)", isInterrupted: isInterrupted, giveUp: giveUp)
      waited = true
    }
  }

  /// The opaque a message carries: its send time for 1 message in 16. Latency
  /// is sampled: a clock read per message and per delivery report was a tenth
  /// of the produce path's CPU.
  private func nextStamp() -> UnsafeMutableRawPointer? {
    sendCount &+= 1
    return sendCount & 15 == 1 ? UnsafeMutableRawPointer(bitPattern: UInt(DispatchTime.now().uptimeNanoseconds)) : nil
  }

  /// After librdkafka refused a message: anything but a full queue is thrown;
  /// a full queue is waited on briefly, serving delivery reports, unless the
  /// caller was interrupted or waiting is pointless (`giveUp`).
  private func waitForRoom(
    _ err: rd_kafka_resp_err_t, _ context: String, isInterrupted: () -> Bool, giveUp: () -> KafkaError?
  ) throws(KafkaError) {
    guard err == RD_KAFKA_RESP_ERR__QUEUE_FULL else { throw handle.error(err, context, timeoutMs: timeoutMs) }
    if isInterrupted() { throw KafkaError(.other, "interrupted") }
    if let reason = giveUp() { throw reason }
    rd_kafka_poll(handle.rk, 10)
  }

  /// Enqueues values to one partition, many per call (`rd_kafka_produce_batch`):
  /// one lock and one clock read for the lot instead of one per message, a
  /// fifth of produce's time (docs/BENCHMARKS.md). `values` holds them back to
  /// back and value i ends at `ends[i]`. No keys or headers (that API has
  /// none), and librdkafka stamps them all with the time of the call.
  ///
  /// Order is kept: the queue only shrinks when this thread serves delivery
  /// reports, so within one call a full queue refuses a suffix, which is
  /// retried after waiting as `send` does. Returns true when it had to wait.
  @discardableResult
  public func sendBatch(
    topic: String, partition: Int32, values: UnsafeRawBufferPointer, ends: UnsafeBufferPointer<Int>,
    isInterrupted: () -> Bool = { false }, giveUp: () -> KafkaError? = { nil }
  ) throws(KafkaError) -> Bool {
    let rkt = try topicHandle(topic)
    if batchMessages.count < ends.count {
      batchMessages = [rd_kafka_message_t](repeating: rd_kafka_message_t(), count: ends.count)
    }
    var waited = false
    var first = 0
    while first < ends.count {
      let n = ends.count - first
      let base = values.baseAddress.map { UnsafeMutableRawPointer(mutating: $0) }
      try batchMessages.withUnsafeMutableBufferPointer { (msgs) throws(KafkaError) in
        var start = first == 0 ? 0 : ends[first - 1]
        for i in 0..<n {
          let end = ends[first + i]
          msgs[i] = rd_kafka_message_t()
          msgs[i].payload = base.map { $0 + start }
          msgs[i].len = end - start
          msgs[i]._private = nextStamp()
          start = end
        }
        _ = rd_kafka_produce_batch(rkt, partition, RD_KAFKA_MSG_F_COPY, msgs.baseAddress, Int32(n))
        var taken = 0
        while taken < n && msgs[taken].err == RD_KAFKA_RESP_ERR_NO_ERROR { taken += 1 }
        tracker.sent += Int64(taken)
        first += taken
        guard taken < n else { return }
        try waitForRoom(
          msgs[taken].err, "produce to \(topic) [\(partition)]", isInterrupted: isInterrupted, giveUp: giveUp)
        waited = true
      }
    }
    return waited
  }

  /// Starts a new count for the next command (the queue is empty between commands).
  public func resetCounters() {
    rd_kafka_poll(handle.rk, 0)
    tracker.sent = tracker.sent - tracker.delivered - tracker.failed - tracker.possiblyPersisted
    tracker.delivered = 0
    tracker.failed = 0
    tracker.possiblyPersisted = 0
    tracker.firstError = nil
    tracker.buckets = [Int64](repeating: 0, count: tracker.buckets.count)
  }

  /// Serves delivery reports that are ready.
  public func poll() { rd_kafka_poll(handle.rk, 0) }

  /// Waits until every message is delivered or failed, at most `timeoutMs`,
  /// returning early when `isInterrupted` turns true. True when nothing is left.
  @discardableResult
  public func flush(timeoutMs: Int, isInterrupted: () -> Bool = { false }) -> Bool {
    let deadline = DispatchTime.now().uptimeNanoseconds + UInt64(max(0, timeoutMs)) * 1_000_000
    while rd_kafka_outq_len(handle.rk) > 0 {
      if DispatchTime.now().uptimeNanoseconds >= deadline || isInterrupted() { break }
      _ = rd_kafka_flush(handle.rk, 50)
    }
    if rd_kafka_outq_len(handle.rk) > 0 {
      // Messages still in the local queue were never sent: purging them makes
      // them certain failures instead of "unknown". Only requests already on
      // the wire can stay unknown.
      _ = rd_kafka_purge(handle.rk, Int32(RD_KAFKA_PURGE_F_QUEUE))
      let served = DispatchTime.now().uptimeNanoseconds + 500_000_000
      while awaitingReports > 0 && DispatchTime.now().uptimeNanoseconds < served {
        rd_kafka_poll(handle.rk, 20)
      }
    }
    rd_kafka_poll(handle.rk, 0)
    return rd_kafka_outq_len(handle.rk) == 0 && stats.unknown == 0
  }

  /// Sent and no delivery report yet (the possibly persisted ones have theirs).
  private var awaitingReports: Int64 {
    tracker.sent - tracker.delivered - tracker.failed - tracker.possiblyPersisted
  }

  public var stats: DeliveryStats {
    DeliveryStats(
      sent: tracker.sent, delivered: tracker.delivered, failed: tracker.failed, firstError: tracker.firstError,
      latencyP50: tracker.percentile(0.5), latencyP99: tracker.percentile(0.99))
  }

  /// A connection problem seen while producing, to explain failures.
  public var lastError: String? { handle.state.lastError }

  /// Seconds since every broker connection went down (nil while any is up).
  public var allBrokersDownSeconds: Double? { handle.state.allBrokersDownSeconds }
}
