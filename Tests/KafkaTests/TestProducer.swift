import CRdKafka
import Foundation
import TestSupport

/// A steady producer made with librdkafka directly (not the code under
/// test): `perSecond` messages a second to each of `partitions`, on a thread
/// of its own, until stopped — the incoming traffic of a pipeline.
/// `@unchecked Sendable`: the handle is used on its thread only; the flag is behind a lock.
final class TestProducer: @unchecked Sendable {
  private let rk: OpaquePointer
  private let rkt: OpaquePointer
  private let lock = NSLock()
  private var stopping = false
  private let done = DispatchSemaphore(value: 0)

  init(bootstrap: String, topic: String, partitions: [Int32], perSecond: Double) throws {
    var err = [CChar](repeating: 0, count: 256)
    let conf = rd_kafka_conf_new()
    for (k, v) in [("bootstrap.servers", bootstrap), ("linger.ms", "0")] {
      guard rd_kafka_conf_set(conf, k, v, &err, err.count) == RD_KAFKA_CONF_OK else {
        throw FixtureError("\(k): \(errorText(err))")
      }
    }
    rd_kafka_conf_set_log_cb(conf) { _, _, _, _ in }
    guard let handle = rd_kafka_new(RD_KAFKA_PRODUCER, conf, &err, err.count) else {
      throw FixtureError("rd_kafka_new: \(errorText(err))")
    }
    rk = handle
    guard let t = rd_kafka_topic_new(rk, topic, nil) else {
      rd_kafka_destroy(rk)
      throw FixtureError("rd_kafka_topic_new \(topic)")
    }
    rkt = t
    let thread = Thread { [self] in
      defer { done.signal() }
      var n = 0
      let start = Date()
      while !isStopping {
        // Paced against the clock, so the rate holds whatever a send costs.
        let due = start.addingTimeInterval(Double(n) / perSecond)
        let wait = due.timeIntervalSinceNow
        if wait > 0 { Thread.sleep(forTimeInterval: min(wait, 0.05)); continue }
        for p in partitions {
          var bytes = Array("{\"seq\":\(n)}".utf8)
          _ = rd_kafka_produce(rkt, p, RD_KAFKA_MSG_F_COPY, &bytes, bytes.count, nil, 0, nil)
        }
        rd_kafka_poll(rk, 0)
        n += 1
      }
    }
    thread.start()
  }

  deinit { stop() }

  private var isStopping: Bool {
    lock.lock()
    defer { lock.unlock() }
    return stopping
  }

  /// Stops producing and delivers what is in flight.
  func stop() {
    lock.lock()
    let first = !stopping
    stopping = true
    lock.unlock()
    guard first else { return }
    done.wait()
    _ = rd_kafka_flush(rk, 5000)
    rd_kafka_topic_destroy(rkt)
    rd_kafka_destroy(rk)
  }
}
