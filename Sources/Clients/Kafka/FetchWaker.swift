import CRdKafka
import Foundation

/// Works around librdkafka 2.0.2's fetch pause. Once the local queue passes
/// `queued.min.messages` or `queued.max.messages.kbytes`, a broker thread stops
/// fetching and looks again only when something wakes it, at the latest after
/// a second (2.2 made this `fetch.queue.backoff.ms`). Draining a backlog with a
/// bounded queue therefore stalled ~0.9 s per refill (docs/BENCHMARKS.md).
///
/// Any request queued to a broker wakes its thread, which then re-decides its
/// fetches. So when the queue runs dry while a partition has not reported its
/// end, one ListOffsets per leader is sent without waiting for the answer
/// (`rd_kafka_offsets_for_times` with a zero timeout; librdkafka drops the late
/// replies). At most every 20 ms, and never while every partition is at its
/// end, so a caught-up `tail --follow` sends nothing.
final class FetchWaker {
  private let rk: OpaquePointer
  private let topic: String
  private let partitions: [Int32]
  /// Indexed by partition: true once it reported its end and nothing since.
  /// Unchecked: read for every message, on the consumer's one thread.
  @exclusivity(unchecked) private var atEnd: [Bool]
  @exclusivity(unchecked) private var short: Int
  private var lastWake: UInt64 = 0
  static let minimumIntervalNs: UInt64 = 20_000_000

  init(rk: OpaquePointer, topic: String, partitions: [Int32]) {
    self.rk = rk
    self.topic = topic
    self.partitions = partitions
    atEnd = [Bool](repeating: true, count: Int((partitions.max() ?? -1) + 1))
    for p in partitions { atEnd[Int(p)] = false }
    short = partitions.count
  }

  @inline(__always) func noteMessage(_ partition: Int32) {
    let p = Int(partition)
    guard p >= 0, p < atEnd.count, atEnd[p] else { return }
    atEnd[p] = false
    short += 1
  }

  @inline(__always) func noteEnd(_ partition: Int32) {
    let p = Int(partition)
    guard p >= 0, p < atEnd.count, !atEnd[p] else { return }
    atEnd[p] = true
    short -= 1
  }

  /// Called when the queue is empty.
  func wakeIfStarving() {
    guard short > 0 else { return }
    let now = DispatchTime.now().uptimeNanoseconds
    guard now - lastWake >= Self.minimumIntervalNs else { return }
    lastWake = now
    let list = rd_kafka_topic_partition_list_new(Int32(partitions.count))!
    defer { rd_kafka_topic_partition_list_destroy(list) }
    for p in partitions where !atEnd[Int(p)] {
      rd_kafka_topic_partition_list_add(list, topic, p)?.pointee.offset = Int64(RD_KAFKA_OFFSET_END)
    }
    _ = rd_kafka_offsets_for_times(rk, list, 0)
  }
}
