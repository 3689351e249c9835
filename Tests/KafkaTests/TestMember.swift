import CRdKafka
import Foundation
import TestSupport

/// A real member of a consumer group, made with librdkafka directly (not the
/// code under test): it subscribes, takes part in rebalances, consumes on a
/// thread of its own and commits each message it handled, synchronously, so a
/// commit is on the broker before the message counts as consumed. It leaves
/// the group (LeaveGroup) when stopped.
/// `@unchecked Sendable`: the handle is used on its thread only; what the
/// test reads is behind a lock.
final class TestMember: @unchecked Sendable {
  let clientId: String
  private let rk: OpaquePointer
  private let lock = NSLock()
  private var stopping = false
  private var closed = false
  private var _consumed: [(partition: Int32, offset: Int64)] = []
  private let done = DispatchSemaphore(value: 0)

  /// At most this many messages a second (a slow consumer), when set.
  private let perSecond: Double?
  /// Commits by librdkafka's auto-commit every this many ms (as the
  /// pipeline's consumer does) instead of one synchronous commit per message.
  private let autoCommitMs: Int?

  init(
    bootstrap: String, group: String, topics: [String], clientId: String, perSecond: Double? = nil,
    autoCommitMs: Int? = nil
  ) throws {
    self.clientId = clientId
    self.perSecond = perSecond
    self.autoCommitMs = autoCommitMs
    var err = [CChar](repeating: 0, count: 256)
    let conf = rd_kafka_conf_new()
    let commits: [(String, String)] =
      autoCommitMs.map { [("enable.auto.commit", "true"), ("auto.commit.interval.ms", String($0))] }
      ?? [("enable.auto.commit", "false")]
    for (k, v) in [
      ("bootstrap.servers", bootstrap), ("group.id", group), ("client.id", clientId),
      ("auto.offset.reset", "earliest"), ("session.timeout.ms", "6000"),
      ("heartbeat.interval.ms", "500"),
    ] + commits {
      guard rd_kafka_conf_set(conf, k, v, &err, err.count) == RD_KAFKA_CONF_OK else {
        throw FixtureError("\(k): \(errorText(err))")
      }
    }
    rd_kafka_conf_set_log_cb(conf) { _, _, _, _ in }
    guard let handle = rd_kafka_new(RD_KAFKA_CONSUMER, conf, &err, err.count) else {
      throw FixtureError("rd_kafka_new: \(errorText(err))")
    }
    rk = handle
    rd_kafka_poll_set_consumer(rk)
    let list = rd_kafka_topic_partition_list_new(Int32(topics.count))
    defer { rd_kafka_topic_partition_list_destroy(list) }
    for t in topics { rd_kafka_topic_partition_list_add(list, t, RD_KAFKA_PARTITION_UA) }
    let e = rd_kafka_subscribe(rk, list)
    // The thread starts either way, so stop() (from deinit too) has one path: it ends at once when stopping.
    let thread = Thread { [self] in
      defer { done.signal() }
      run()
    }
    if e != RD_KAFKA_RESP_ERR_NO_ERROR { stopping = true }
    thread.start()
    guard e == RD_KAFKA_RESP_ERR_NO_ERROR else {
      stop()
      throw FixtureError("subscribe: \(String(cString: rd_kafka_err2str(e)))")
    }
  }

  deinit { stop() }

  /// What it consumed (and committed), in order.
  var consumed: [(partition: Int32, offset: Int64)] {
    lock.lock()
    defer { lock.unlock() }
    return _consumed
  }

  /// The first offset it consumed on each partition.
  var firstOffsets: [Int32: Int64] {
    var out: [Int32: Int64] = [:]
    for c in consumed where out[c.partition] == nil { out[c.partition] = c.offset }
    return out
  }

  private var isStopping: Bool {
    lock.lock()
    defer { lock.unlock() }
    return stopping
  }

  private func run() {
    while !isStopping {
      guard let m = rd_kafka_consumer_poll(rk, 100) else { continue }
      defer { rd_kafka_message_destroy(m) }
      guard m.pointee.err == RD_KAFKA_RESP_ERR_NO_ERROR else { continue }
      if let perSecond { Thread.sleep(forTimeInterval: 1 / perSecond) }
      // Counted only once the broker has its commit: what the test counts is what the
      // broker holds (a commit refused mid-rebalance leaves the count short, never over).
      // With auto-commit, librdkafka commits what was handed out, at its interval.
      if autoCommitMs == nil {
        guard rd_kafka_commit_message(rk, m, 0) == RD_KAFKA_RESP_ERR_NO_ERROR else { continue }
      }
      lock.lock()
      _consumed.append((m.pointee.partition, m.pointee.offset))
      lock.unlock()
    }
  }

  /// Leaves the group and closes; returns when it has.
  func stop() {
    lock.lock()
    let first = !closed
    stopping = true
    closed = true
    lock.unlock()
    guard first else { return }
    done.wait()
    rd_kafka_consumer_close(rk)
    rd_kafka_destroy(rk)
  }
}
