import CRdKafka
import Formats
import Foundation

/// What one poll of a consumer produced.
public enum ConsumerEvent {
  case message(ConsumedMessage)
  /// The consumer reached the current end of a partition.
  case endOfPartition(TopicPartition, offset: Int64)
  case idle
}

/// A consumer for `tail`. Without a group it is assigned partitions and
/// commits nothing; with a group it joins it and commits only what it handed out.
public final class KafkaConsumer {
  let handle: KafkaHandle
  let group: String?
  let timeoutMs: Int
  private var topicNames: [OpaquePointer: String] = [:]
  private var closed = false

  public init(
    properties: [(key: String, value: String)], group: String?, timeoutMs: Int,
    log: (@Sendable (String) -> Void)? = nil
  ) throws(KafkaError) {
    self.group = group
    self.timeoutMs = timeoutMs
    var defaults = KafkaClient.baseDefaults + [
      ("enable.auto.commit", "false"), ("enable.auto.offset.store", "false"), ("enable.partition.eof", "true"),
      ("auto.offset.reset", "earliest"), ("socket.timeout.ms", String(max(timeoutMs, 10))),
      // The high-level consumer shares one prefetch queue across partitions;
      // with librdkafka's 100,000-message floor it stalled ~0.9 s each time
      // the queue drained (measured on a 16-partition backlog). A message
      // count that never binds and a 24 MB bound keep fetching continuous at
      // about kcat's memory (docs/BENCHMARKS.md).
      ("fetch.wait.max.ms", "100"), ("queued.min.messages", "1000000"), ("queued.max.messages.kbytes", "24576"),
    ]
    // librdkafka requires a group.id for a consumer handle; without --group a
    // private name is used that never joins or commits (assign only).
    defaults.append(("group.id", group ?? "aetherctl-tail-\(getpid())"))
    var props = properties.filter { $0.key != "group.id" }
    if let g = group { props.append((key: "group.id", value: g)) }
    handle = try KafkaHandle(type: RD_KAFKA_CONSUMER, properties: props, defaults: defaults, log: log)
    rd_kafka_poll_set_consumer(handle.rk)
  }

  deinit { close() }

  /// Reads the given partitions from the given offsets (no group membership).
  public func assign(_ starts: [TopicPartition: Int64]) throws(KafkaError) {
    let err: rd_kafka_resp_err_t = withPartitionList(starts.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }) {
      rd_kafka_assign(handle.rk, $0)
    }
    if err != RD_KAFKA_RESP_ERR_NO_ERROR { throw handle.error(err, "assign partitions") }
  }

  /// Joins the group for `topics`; partitions come from the group's assignor.
  public func subscribe(_ topics: [String]) throws(KafkaError) {
    let err: rd_kafka_resp_err_t = withPartitionList(topics.map { (TopicPartition($0, -1), Int64(0)) }) {
      rd_kafka_subscribe(handle.rk, $0)
    }
    if err != RD_KAFKA_RESP_ERR_NO_ERROR { throw handle.error(err, "subscribe") }
  }

  public func poll(timeoutMs: Int) throws(KafkaError) -> ConsumerEvent {
    guard let msg = rd_kafka_consumer_poll(handle.rk, Int32(timeoutMs)) else { return .idle }
    defer { rd_kafka_message_destroy(msg) }
    let m = msg.pointee
    let topic = name(of: m.rkt)
    if m.err == RD_KAFKA_RESP_ERR_NO_ERROR || m.err == RD_KAFKA_RESP_ERR__PARTITION_EOF { handle.state.noteContact() }
    if m.err == RD_KAFKA_RESP_ERR__PARTITION_EOF {
      return .endOfPartition(TopicPartition(topic, m.partition), offset: m.offset)
    }
    if m.err != RD_KAFKA_RESP_ERR_NO_ERROR {
      let context = topic.isEmpty ? "consume" : "consume \(topic)[\(m.partition)]"
      throw handle.error(m.err, context, timeoutMs: self.timeoutMs)
    }
    var type = RD_KAFKA_TIMESTAMP_NOT_AVAILABLE
    let ts = rd_kafka_message_timestamp(msg, &type)
    let key = m.key.map { Array(UnsafeRawBufferPointer(start: $0, count: m.key_len)) }
    let value = m.payload.map { Array(UnsafeRawBufferPointer(start: $0, count: m.len)) }
    var headers: [(name: String, value: [UInt8]?)] = []
    var hdrs: OpaquePointer?
    if rd_kafka_message_headers(msg, &hdrs) == RD_KAFKA_RESP_ERR_NO_ERROR, let hdrs {
      var i = 0
      var name: UnsafePointer<CChar>?
      var valuePtr: UnsafeRawPointer?
      var size = 0
      while rd_kafka_header_get_all(hdrs, i, &name, &valuePtr, &size) == RD_KAFKA_RESP_ERR_NO_ERROR {
        headers.append(
          (name.map { String(cString: $0) } ?? "", valuePtr.map { Array(UnsafeRawBufferPointer(start: $0, count: size)) }))
        i += 1
      }
    }
    return .message(
      ConsumedMessage(
        topic: topic, partition: m.partition, offset: m.offset, timestampMs: ts >= 0 ? ts : nil, key: key,
        value: value, headers: headers))
  }

  /// Seconds since every broker connection went down (nil while any is up).
  public var allBrokersDownSeconds: Double? { handle.state.allBrokersDownSeconds }

  /// The reason librdkafka gave last, to explain a stop.
  public var lastError: String? { handle.state.lastError }

  private func name(of rkt: OpaquePointer?) -> String {
    guard let rkt else { return "" }
    if let n = topicNames[rkt] { return n }
    let n = String(cString: rd_kafka_topic_name(rkt))
    topicNames[rkt] = n
    return n
  }

  /// Commits `next` offsets (the offset after the last message handed out) synchronously.
  public func commit(_ next: [TopicPartition: Int64]) throws(KafkaError) {
    guard group != nil, !next.isEmpty else { return }
    let err: rd_kafka_resp_err_t = withPartitionList(next.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }) {
      rd_kafka_commit(handle.rk, $0, 0)
    }
    if err != RD_KAFKA_RESP_ERR_NO_ERROR { throw handle.error(err, "commit offsets of \(group ?? "")") }
  }

  /// Leaves the group (if any) promptly instead of waiting for a session timeout.
  public func close() {
    guard !closed else { return }
    closed = true
    _ = rd_kafka_consumer_close(handle.rk)
  }
}
