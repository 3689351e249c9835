import CRdKafka
import Formats
import Foundation
import Vocabulary

/// A group member's partitions changing hands (eager rebalancing).
public enum RebalanceEvent: Sendable {
  /// These partitions are this member's now; the handler says where each starts (absent: the group's commit, else auto.offset.reset).
  case assigned([TopicPartition])
  /// These are taken away: what was handled on them must be committed now.
  case revoked([TopicPartition])
}

/// A consumer for `tail`. Without a group it reads assigned partitions with
/// librdkafka's per-partition ("simple") consumer on one shared queue, taken
/// in batches, and commits nothing; with a group it joins it through the
/// high-level consumer and commits only what it handed out.
///
/// Why two: a batch call amortises librdkafka's queue lock and clock reads
/// over many messages, but on the high-level consumer (2.0.2) it trips an
/// assertion when the consumer is re-assigned, which the `@TIME` search does.
/// The simple consumer (what `kcat -C` uses) takes batches safely and needs
/// no group id at all.
public final class KafkaConsumer {
  let handle: KafkaHandle
  let group: String?
  let deadlines: Deadlines
  var timeoutMs: Int { deadlines.requestMs }
  private var closed = false

  // The properties below read for every message are declared
  // `@exclusivity(unchecked)`: a consumer is used from one thread, its
  // methods never overlap an access of their own, and the runtime's checks
  // were 18 % of tail's instructions per message (docs/BENCHMARKS.md).

  /// Without a group: the shared queue, the started partitions, and the
  /// batch taken from the queue but not handed out yet.
  @exclusivity(unchecked) private var queue: OpaquePointer?
  private var topicHandles: [String: OpaquePointer] = [:]
  private var started: [(rkt: OpaquePointer, partition: Int32)] = []
  private static let batchCapacity = 1024
  private let batch: UnsafeMutablePointer<UnsafeMutablePointer<rd_kafka_message_t>?>
  @exclusivity(unchecked) private var batchCount = 0
  @exclusivity(unchecked) private var batchNext = 0
  /// Whether this batch's arrival was noted as contact with a broker (once a batch, not once a message: it takes a lock).
  @exclusivity(unchecked) private var contactNoted = false
  /// Set when one topic is read (tail, the offset search).
  @exclusivity(unchecked) private var waker: FetchWaker?
  /// The message a borrowing poll handed out: its bytes are the view's, so
  /// it is destroyed only at the next poll or close.
  @exclusivity(unchecked) private var lent: UnsafeMutablePointer<rd_kafka_message_t>?

  public init(
    properties: [(key: String, value: String)], group: String?, deadlines: Deadlines,
    log: (@Sendable (String) -> Void)? = nil
  ) throws(KafkaError) {
    self.group = group
    self.deadlines = deadlines
    var defaults = KafkaClient.baseDefaults + [
      ("enable.auto.commit", "false"), ("enable.auto.offset.store", "false"), ("enable.partition.eof", "true"),
      ("auto.offset.reset", "earliest"), ("socket.timeout.ms", String(deadlines.socketMs)),
      ("fetch.wait.max.ms", "100"),
    ]
    // One bound on what is prefetched, in bytes: the message count never
    // binds. With FetchWaker keeping the fetchers going, 8 MB drains a backlog
    // as fast as larger queues did (4 MB: about as fast; 64 MB: 2× the memory).
    defaults += [("queued.min.messages", "1000000"), ("queued.max.messages.kbytes", "8192")]
    var props = properties.filter { $0.key != "group.id" }
    if let g = group {
      props.append((key: "group.id", value: g))
    } else {
      // The simple consumer's own commit switch (a topic property): reading
      // must never create or move a group's offsets.
      defaults.append(("auto.commit.enable", "false"))
    }
    handle = try KafkaHandle(
      type: RD_KAFKA_CONSUMER, properties: props, defaults: defaults, log: log,
      setUp: group == nil ? nil : { conf in rd_kafka_conf_set_rebalance_cb(conf, consumerRebalance) })
    batch = .allocate(capacity: Self.batchCapacity)
    if group != nil {
      rd_kafka_poll_set_consumer(handle.rk)
    } else {
      queue = rd_kafka_queue_new(handle.rk)
    }
  }

  deinit {
    // A handler reaching back into this object must not run while it goes.
    handle.state.rebalance = nil
    close()
    batch.deallocate()
  }

  /// Reads the given partitions from the given offsets (no group membership),
  /// replacing what was read before.
  public func assign(_ starts: [TopicPartition: Int64]) throws(KafkaError) {
    let ordered = starts.sorted { $0.key < $1.key }
    waker = nil
    if let queue {
      stopPartitions()
      for (tp, offset) in ordered {
        let rkt = try topicHandle(tp.topic)
        if rd_kafka_consume_start_queue(rkt, tp.partition, offset, queue) != 0 {
          throw handle.error(rd_kafka_last_error(), "start reading \(tp)")
        }
        started.append((rkt, tp.partition))
      }
    } else {
      let err: rd_kafka_resp_err_t = withPartitionList(ordered.map { ($0.key, $0.value) }) {
        rd_kafka_assign(handle.rk, $0)
      }
      if err != RD_KAFKA_RESP_ERR_NO_ERROR { throw handle.error(err, "assign partitions") }
    }
    let topics = Set(ordered.map(\.key.topic))
    if topics.count == 1, let topic = topics.first {
      waker = FetchWaker(rk: handle.rk, topic: topic, partitions: ordered.map(\.key.partition))
    }
  }

  private func topicHandle(_ topic: String) throws(KafkaError) -> OpaquePointer {
    if let rkt = topicHandles[topic] { return rkt }
    guard let rkt = rd_kafka_topic_new(handle.rk, topic, nil) else {
      throw handle.error(rd_kafka_last_error(), "open topic \(topic)")
    }
    topicHandles[topic] = rkt
    return rkt
  }

  /// Stops the started partitions and drops what was fetched for them.
  private func stopPartitions() {
    returnLent()
    while batchNext < batchCount {
      rd_kafka_message_destroy(batch[batchNext])
      batchNext += 1
    }
    batchCount = 0
    batchNext = 0
    for (rkt, partition) in started { _ = rd_kafka_consume_stop(rkt, partition) }
    started.removeAll()
  }

  /// Joins the group for `topics`; partitions come from the group's assignor.
  public func subscribe(_ topics: [String]) throws(KafkaError) {
    let err: rd_kafka_resp_err_t = withPartitionList(topics.map { (TopicPartition($0, -1), Int64(0)) }) {
      rd_kafka_subscribe(handle.rk, $0)
    }
    if err != RD_KAFKA_RESP_ERR_NO_ERROR { throw handle.error(err, "subscribe") }
    subscribed = true
  }

  /// A member of its group (subscribed), rather than a consumer committing from outside it.
  private var subscribed = false

  /// What the member does when its partitions change: set before subscribe.
  /// Without it, librdkafka's own assignment (the group's commits) stands.
  public var onRebalance: ((RebalanceEvent) -> [TopicPartition: Int64])? {
    get { handle.state.rebalance }
    set {
      guard let given = newValue else {
        handle.state.rebalance = nil
        return
      }
      // The fetchers of one topic's partitions are kept going as in assign()
      // (FetchWaker): without it a backlog over the prefetch bound crawls.
      handle.state.rebalance = { [unowned self] event in
        let starts = given(event)
        switch event {
        case .assigned(let tps):
          let topics = Set(tps.map(\.topic))
          waker = topics.count == 1 ? FetchWaker(rk: handle.rk, topic: topics.first!, partitions: tps.map(\.partition)) : nil
        case .revoked:
          waker = nil
        }
        return starts
      }
    }
  }

  /// Drops the consumer without leaving its group or committing: what is
  /// left when every broker is gone (a close would wait for them forever).
  public func abandon() {
    guard !closed else { return }
    // Without a group there is nothing to leave: a normal close stops the partitions.
    guard group != nil else { return close() }
    closed = true
    returnLent()
    handle.destroyFlags = Int32(RD_KAFKA_DESTROY_F_NO_CONSUMER_CLOSE)
  }

  /// The next event, owned: its message may be kept.
  public func poll(timeoutMs: Int) throws(KafkaError) -> ConsumerEvent {
    switch try pollBorrowing(timeoutMs: timeoutMs) {
    case .idle: return .idle
    case .endOfPartition(let tp, let offset): return .endOfPartition(tp, offset: offset)
    case .message(let view):
      defer { returnLent() }
      return .message(view.owned())
    }
  }

  /// The next event, its message's bytes borrowed from librdkafka: valid
  /// until the next poll, assign or close (tail's path, which formats and
  /// forgets).
  public func pollBorrowing(timeoutMs: Int) throws(KafkaError) -> BorrowedEvent {
    returnLent()
    guard let msg = next(timeoutMs: timeoutMs) else { return .idle }
    if let waker {
      if msg.pointee.err == RD_KAFKA_RESP_ERR_NO_ERROR {
        waker.noteMessage(msg.pointee.partition)
      } else if msg.pointee.err == RD_KAFKA_RESP_ERR__PARTITION_EOF {
        waker.noteEnd(msg.pointee.partition)
      }
    }
    let event: BorrowedEvent
    do {
      event = try self.event(msg)
    } catch {
      rd_kafka_message_destroy(msg)
      throw error
    }
    if case .message = event { lent = msg } else { rd_kafka_message_destroy(msg) }
    return event
  }

  private func returnLent() {
    if let lent { rd_kafka_message_destroy(lent) }
    lent = nil
  }

  /// The next message: from the batch in hand, else what the queue holds now
  /// (simple consumer; its error callbacks are served here too), else the
  /// first to arrive within the timeout. The batch call itself is never given
  /// a timeout: it waits for a full batch, not for the first message.
  private func next(timeoutMs: Int) -> UnsafeMutablePointer<rd_kafka_message_t>? {
    guard let queue else {
      if let msg = rd_kafka_consumer_poll(handle.rk, 0) { return msg }
      waker?.wakeIfStarving()
      return rd_kafka_consumer_poll(handle.rk, Int32(clamping: timeoutMs))
    }
    if batchNext == batchCount {
      batchNext = 0
      batchCount = 0
      rd_kafka_poll(handle.rk, 0)
      let n = rd_kafka_consume_batch_queue(queue, 0, batch, Self.batchCapacity)
      guard n > 0 else {
        waker?.wakeIfStarving()
        return rd_kafka_consume_queue(queue, Int32(clamping: timeoutMs))
      }
      batchCount = n
      contactNoted = false
    }
    let msg = batch[batchNext]
    batchNext += 1
    return msg
  }

  private func event(_ msg: UnsafeMutablePointer<rd_kafka_message_t>) throws(KafkaError) -> BorrowedEvent {
    let m = msg.pointee
    if !contactNoted && (m.err == RD_KAFKA_RESP_ERR_NO_ERROR || m.err == RD_KAFKA_RESP_ERR__PARTITION_EOF) {
      handle.state.noteContact()
      // A message taken singly (no batch in hand) notes its own.
      contactNoted = batchNext < batchCount
    }
    if m.err == RD_KAFKA_RESP_ERR__PARTITION_EOF {
      return .endOfPartition(TopicPartition(name(of: m.rkt), m.partition), offset: m.offset)
    }
    if m.err != RD_KAFKA_RESP_ERR_NO_ERROR {
      let topic = name(of: m.rkt)
      let context = topic.isEmpty ? "consume" : "consume \(topic)[\(m.partition)]"
      throw handle.error(m.err, context, timeoutMs: self.timeoutMs)
    }
    var type = RD_KAFKA_TIMESTAMP_NOT_AVAILABLE
    let ts = rd_kafka_message_timestamp(msg, &type)
    func bytes(_ p: UnsafeMutableRawPointer?, _ count: Int) -> UnsafeBufferPointer<UInt8>? {
      p.map { UnsafeBufferPointer(start: $0.assumingMemoryBound(to: UInt8.self), count: count) }
    }
    return .message(
      MessageView(
        topicBytes: nameBytes(of: m.rkt), partition: m.partition, offset: m.offset, timestampMs: ts >= 0 ? ts : nil,
        key: bytes(m.key, m.key_len), value: bytes(m.payload, m.len),
        headerSource: HeaderSource(message: UnsafeRawPointer(msg), reader: KafkaHeaders.self)))
  }

  /// Seconds since every broker connection went down (nil while any is up).
  public var allBrokersDownSeconds: Double? { handle.state.allBrokersDownSeconds }

  /// The reason librdkafka gave last, to explain a stop.
  public var lastError: String? { handle.state.lastError }

  private func name(of rkt: OpaquePointer?) -> String {
    String(decoding: nameBytes(of: rkt), as: UTF8.self)
  }

  /// A topic's name as librdkafka keeps it: valid while the message naming
  /// the topic handle is (a message holds a reference to its handle).
  private func nameBytes(of rkt: OpaquePointer?) -> UnsafeBufferPointer<UInt8> {
    guard let rkt, let c = rd_kafka_topic_name(rkt) else { return UnsafeBufferPointer(start: nil, count: 0) }
    return UnsafeBufferPointer(start: UnsafeRawPointer(c).assumingMemoryBound(to: UInt8.self), count: strlen(c))
  }

  /// Commits `next` offsets (the offset after the last message handed out) synchronously.
  public func commit(_ next: [TopicPartition: Int64]) throws(KafkaError) {
    guard group != nil, !next.isEmpty else { return }
    let err: rd_kafka_resp_err_t = withPartitionList(next.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }) {
      rd_kafka_commit(handle.rk, $0, 0)
    }
    guard err != RD_KAFKA_RESP_ERR_NO_ERROR else { return }
    // A member's commit refused for its generation is not "the group has
    // active members": it is one of them, and a rebalance moved on without it.
    if subscribed,
      err == RD_KAFKA_RESP_ERR_ILLEGAL_GENERATION || err == RD_KAFKA_RESP_ERR_UNKNOWN_MEMBER_ID
        || err == RD_KAFKA_RESP_ERR_REBALANCE_IN_PROGRESS
    {
      throw KafkaError(
        .generationLost,
        "commit offsets of \(group ?? ""): a rebalance gave the group a new generation; these offsets are dropped "
          + "and their messages read again (\(String(cString: rd_kafka_err2str(err))))")
    }
    throw handle.error(err, "commit offsets of \(group ?? "")")
  }

  /// Leaves the group (if any) promptly instead of waiting for a session timeout.
  public func close() {
    guard !closed else { return }
    closed = true
    returnLent()
    guard let queue else {
      _ = rd_kafka_consumer_close(handle.rk)
      return
    }
    stopPartitions()
    waker = nil
    rd_kafka_queue_destroy(queue)
    for rkt in topicHandles.values { rd_kafka_topic_destroy(rkt) }
    topicHandles.removeAll()
  }
}

/// A message's headers as librdkafka parses them, on demand.
enum KafkaHeaders: HeaderReader {
  static func headers(of message: UnsafeRawPointer) -> [(name: String, value: [UInt8]?)] {
    let msg = UnsafeMutablePointer(mutating: message.assumingMemoryBound(to: rd_kafka_message_t.self))
    var headers: [(name: String, value: [UInt8]?)] = []
    var hdrs: OpaquePointer?
    guard rd_kafka_message_headers(msg, &hdrs) == RD_KAFKA_RESP_ERR_NO_ERROR, let hdrs else { return [] }
    var i = 0
    var name: UnsafePointer<CChar>?
    var value: UnsafeRawPointer?
    var size = 0
    while rd_kafka_header_get_all(hdrs, i, &name, &value, &size) == RD_KAFKA_RESP_ERR_NO_ERROR {
      headers.append((name.map { String(cString: $0) } ?? "", value.map { Array(UnsafeRawBufferPointer(start: $0, count: size)) }))
      i += 1
    }
    return headers
  }
}

/// librdkafka's rebalance callback (eager protocol): hands the change to the
/// member's handler, sets the start offsets it gives, and (un)assigns, as
/// the callback must. Runs inside rd_kafka_consumer_poll on the polling thread.
private func consumerRebalance(
  rk: OpaquePointer?, err: rd_kafka_resp_err_t, partitions: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>?,
  opaque: UnsafeMutableRawPointer?
) {
  guard let rk else { return }
  let state = opaque.map { Unmanaged<HandleState>.fromOpaque($0).takeUnretainedValue() }
  let listed = partitions.map { readPartitionList($0).map(\.0) } ?? []
  switch err {
  case RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS:
    if let starts = state?.rebalance?(.assigned(listed)), let partitions, let elems = partitions.pointee.elems {
      for i in 0..<Int(partitions.pointee.cnt) {
        let tp = TopicPartition(String(cString: elems[i].topic), elems[i].partition)
        if let start = starts[tp] { elems[i].offset = start }
      }
    }
    rd_kafka_assign(rk, partitions)
  case RD_KAFKA_RESP_ERR__REVOKE_PARTITIONS:
    _ = state?.rebalance?(.revoked(listed))
    rd_kafka_assign(rk, nil)
  default:
    rd_kafka_assign(rk, nil)
  }
}
