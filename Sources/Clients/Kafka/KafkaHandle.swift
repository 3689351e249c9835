import CRdKafka
import Foundation
import Vocabulary

/// State librdkafka's callbacks write from its own threads: the last
/// connection-level error (so "unreachable" can say why) and the log sink.
/// `@unchecked Sendable`: `_lastError` is read and written under `lock`, `log`
/// never changes, and `delivery` is set before the first poll and then read
/// only by the delivery callback, on the thread that polls.
final class HandleState: @unchecked Sendable {
  private let lock = NSLock()
  private var _lastError: String?
  let log: (@Sendable (String) -> Void)?
  /// Strong: the tracker holds nothing back, so there is no cycle, and a weak
  /// load per delivery report was 3% of the produce path.
  var delivery: DeliveryTracker?
  /// A group member's say in its rebalances (KafkaConsumer.onRebalance).
  /// Called by librdkafka from within a poll, on the polling thread.
  var rebalance: ((RebalanceEvent) -> [TopicPartition: Int64])?

  init(log: (@Sendable (String) -> Void)?) { self.log = log }

  var lastError: String? {
    lock.lock()
    defer { lock.unlock() }
    return _lastError
  }

  func noteError(_ message: String) {
    lock.lock()
    _lastError = message
    lock.unlock()
  }

  func clearError() {
    lock.lock()
    _lastError = nil
    lock.unlock()
  }

  /// When librdkafka last said every broker connection is down, cleared by
  /// the next sign of life (a delivery, a message). librdkafka itself retries
  /// forever; commands use this to give up after their timeout instead.
  private var _allDownSince: UInt64?

  func noteAllBrokersDown() {
    lock.lock()
    if _allDownSince == nil { _allDownSince = DispatchTime.now().uptimeNanoseconds }
    lock.unlock()
  }

  func noteContact() {
    lock.lock()
    _allDownSince = nil
    lock.unlock()
  }

  /// Seconds since all brokers went down, or nil while any answers.
  var allBrokersDownSeconds: Double? {
    lock.lock()
    defer { lock.unlock() }
    return _allDownSince.map { Double(DispatchTime.now().uptimeNanoseconds - $0) / 1e9 }
  }
}

/// One rd_kafka_t with aetherctl's callbacks. Destroyed with the object.
final class KafkaHandle {
  let rk: OpaquePointer
  let state: HandleState
  let bootstrap: String
  private let stateRef: Unmanaged<HandleState>

  /// `properties` are librdkafka's own (profile, -X); `defaults` are ours and
  /// apply only where the operator set nothing.
  init(
    type: rd_kafka_type_t, properties: [(key: String, value: String)], defaults: [(String, String)],
    log: (@Sendable (String) -> Void)?, setUp: ((OpaquePointer) -> Void)? = nil
  ) throws(KafkaError) {
    guard let conf = rd_kafka_conf_new() else { throw KafkaError(.other, "cannot allocate a librdkafka config") }
    let given = Set(properties.map(\.key))
    var errstr = [CChar](repeating: 0, count: 512)
    for (k, v) in defaults where !given.contains(k) {
      _ = rd_kafka_conf_set(conf, k, v, &errstr, errstr.count)
    }
    for (k, v) in properties {
      if rd_kafka_conf_set(conf, k, v, &errstr, errstr.count) != RD_KAFKA_CONF_OK {
        rd_kafka_conf_destroy(conf)
        // The message names the property, never its value (it may be a secret).
        throw KafkaError(.invalidArgument, "librdkafka property '\(k)': \(cText(errstr))")
      }
    }
    let state = HandleState(log: log)
    let ref = Unmanaged.passRetained(state)
    rd_kafka_conf_set_opaque(conf, ref.toOpaque())
    rd_kafka_conf_set_log_cb(conf) { rk, level, facility, message in
      guard let rk, let opaque = rd_kafka_opaque(rk), let message else { return }
      let state = Unmanaged<HandleState>.fromOpaque(opaque).takeUnretainedValue()
      let text = String(cString: message)
      if level <= 4 { state.noteError(text) }
      state.log?("librdkafka[\(facility.map { String(cString: $0) } ?? "")]: \(text)")
    }
    rd_kafka_conf_set_error_cb(conf) { rk, err, reason, opaque in
      guard let opaque, let reason else { return }
      let state = Unmanaged<HandleState>.fromOpaque(opaque).takeUnretainedValue()
      state.noteError(String(cString: reason))
      if err == RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN.rawValue { state.noteAllBrokersDown() }
      state.log?("librdkafka error: \(String(cString: reason))")
    }
    setUp?(conf)
    var bootstrapBuffer = [CChar](repeating: 0, count: 1024)
    var size = bootstrapBuffer.count
    _ = rd_kafka_conf_get(conf, "bootstrap.servers", &bootstrapBuffer, &size)
    guard let rk = rd_kafka_new(type, conf, &errstr, errstr.count) else {
      // rd_kafka_new does not take the conf on failure.
      rd_kafka_conf_destroy(conf)
      ref.release()
      throw KafkaError(.invalidArgument, "cannot create a Kafka client: \(cText(errstr))")
    }
    self.rk = rk
    self.state = state
    self.stateRef = ref
    self.bootstrap = cText(bootstrapBuffer)
  }

  /// RD_KAFKA_DESTROY_F_NO_CONSUMER_CLOSE for a consumer abandoned with its brokers gone.
  var destroyFlags: Int32 = 0

  deinit {
    rd_kafka_destroy_flags(rk, destroyFlags)
    stateRef.release()
  }

  /// Maps a librdkafka error to what an operator can act on.
  func error(_ err: rd_kafka_resp_err_t, _ context: String, timeoutMs: Int? = nil) -> KafkaError {
    KafkaHandle.error(err, context, bootstrap: bootstrap, lastError: state.lastError, timeoutMs: timeoutMs)
  }

  static func error(
    _ err: rd_kafka_resp_err_t, _ context: String, bootstrap: String, lastError: String?, timeoutMs: Int?
  ) -> KafkaError {
    let text = String(cString: rd_kafka_err2str(err))
    switch err {
    case RD_KAFKA_RESP_ERR__TRANSPORT, RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN, RD_KAFKA_RESP_ERR__TIMED_OUT,
      RD_KAFKA_RESP_ERR__RESOLVE, RD_KAFKA_RESP_ERR_REQUEST_TIMED_OUT, RD_KAFKA_RESP_ERR__TIMED_OUT_QUEUE,
      RD_KAFKA_RESP_ERR__MSG_TIMED_OUT:
      var m = "\(context): no answer from \(bootstrap)"
      if let t = timeoutMs { m += " within \(t >= 1000 && t % 1000 == 0 ? "\(t / 1000)s" : "\(t)ms")" }
      if let last = lastError { m += " (\(last))" } else { m += " (\(text))" }
      return KafkaError(.unreachable, m)
    case RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART, RD_KAFKA_RESP_ERR__UNKNOWN_TOPIC:
      return KafkaError(.unknownTopic, "\(context): unknown topic")
    case RD_KAFKA_RESP_ERR__UNKNOWN_PARTITION:
      return KafkaError(.unknownPartition, "\(context): unknown partition")
    case RD_KAFKA_RESP_ERR_TOPIC_AUTHORIZATION_FAILED, RD_KAFKA_RESP_ERR_GROUP_AUTHORIZATION_FAILED,
      RD_KAFKA_RESP_ERR_CLUSTER_AUTHORIZATION_FAILED, RD_KAFKA_RESP_ERR_SASL_AUTHENTICATION_FAILED,
      RD_KAFKA_RESP_ERR__AUTHENTICATION:
      return KafkaError(.unauthorized, "\(context): not authorised (\(text))")
    case RD_KAFKA_RESP_ERR__UNSUPPORTED_FEATURE, RD_KAFKA_RESP_ERR_UNSUPPORTED_VERSION:
      return KafkaError(.unsupported, "\(context): the broker does not support this request (\(text))")
    case RD_KAFKA_RESP_ERR_NON_EMPTY_GROUP, RD_KAFKA_RESP_ERR_UNKNOWN_MEMBER_ID,
      RD_KAFKA_RESP_ERR_REBALANCE_IN_PROGRESS, RD_KAFKA_RESP_ERR_ILLEGAL_GENERATION:
      return KafkaError(
        .groupNotEmpty, "\(context): the group has active members; stop its consumers first (\(text))")
    // The broker refuses what the operator asked for (a count, a factor, a setting): a usage error.
    case RD_KAFKA_RESP_ERR__INVALID_ARG, RD_KAFKA_RESP_ERR_INVALID_PARTITIONS,
      RD_KAFKA_RESP_ERR_INVALID_REPLICATION_FACTOR, RD_KAFKA_RESP_ERR_INVALID_REPLICA_ASSIGNMENT,
      RD_KAFKA_RESP_ERR_INVALID_CONFIG, RD_KAFKA_RESP_ERR_POLICY_VIOLATION, RD_KAFKA_RESP_ERR_TOPIC_EXCEPTION:
      return KafkaError(.invalidArgument, "\(context): \(text)")
    default:
      return KafkaError(.other, "\(context): \(text)")
    }
  }
}

/// Builds a C partition list, hands it to `body`, frees it.
func withPartitionList<T>(
  _ entries: [(TopicPartition, Int64)], _ body: (UnsafeMutablePointer<rd_kafka_topic_partition_list_t>) throws -> T
) rethrows -> T {
  let list = rd_kafka_topic_partition_list_new(Int32(max(entries.count, 1)))!
  defer { rd_kafka_topic_partition_list_destroy(list) }
  for (tp, offset) in entries {
    let p = rd_kafka_topic_partition_list_add(list, tp.topic, tp.partition)
    p?.pointee.offset = offset
  }
  return try body(list)
}

/// Reads a C partition list: offset and per-partition error.
func readPartitionList(_ list: UnsafePointer<rd_kafka_topic_partition_list_t>) -> [(
  TopicPartition, offset: Int64, error: rd_kafka_resp_err_t
)] {
  var out: [(TopicPartition, offset: Int64, error: rd_kafka_resp_err_t)] = []
  let count = Int(list.pointee.cnt)
  out.reserveCapacity(count)
  guard let elems = list.pointee.elems else { return out }
  for i in 0..<count {
    let e = elems[i]
    out.append((TopicPartition(String(cString: e.topic), e.partition), e.offset, e.err))
  }
  return out
}

/// The text of a NUL-terminated buffer librdkafka filled in (an error
/// message, a property it reports back).
func cText(_ buffer: [CChar]) -> String {
  let bytes = buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
  return String(decoding: bytes, as: UTF8.self)
}
