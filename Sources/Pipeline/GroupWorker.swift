import Clients
import Formats
import Foundation
import Vocabulary

/// One member of a consumer group, on a thread of its own: a real Kafka
/// consumer that joins the group, takes messages at most `rate` a second
/// (nil: as fast as they come) and commits what it handled, as the
/// pipeline's services do. It leaves the group when stopped.
final class GroupWorker: Sendable {
  private struct Flags {
    var stopping = false
    var joined = false
  }
  private let flags = Locked(Flags())
  private let done = DispatchSemaphore(value: 0)
  let clientId: String

  init(
    bootstrap: String, group: String, topics: [String], clientId: String, rate: @escaping @Sendable () -> Double?,
    handle: @escaping @Sendable (ConsumedMessage) -> Void, report: @escaping @Sendable (String) -> Void
  ) {
    self.clientId = clientId
    let thread = Thread { [self] in
      defer { done.signal() }
      run(bootstrap, group, topics, clientId, rate, handle, report)
    }
    thread.name = clientId
    thread.start()
  }

  private var isStopping: Bool { flags.value.stopping }

  /// A member of the group now: subscribed and not stopped (false when it
  /// could not join), so the exporter never counts a member that is not there.
  var isMember: Bool {
    let f = flags.value
    return f.joined && !f.stopping
  }

  /// Leaves the group (librdkafka's close commits nothing more and sends LeaveGroup) and returns.
  func stop() {
    let first = flags.update { f in
      defer { f.stopping = true }
      return !f.stopping
    }
    if first { done.wait() }
  }

  private func run(
    _ bootstrap: String, _ group: String, _ topics: [String], _ clientId: String, _ rate: () -> Double?,
    _ handle: (ConsumedMessage) -> Void, _ report: (String) -> Void
  ) {
    let consumer: KafkaConsumer
    do {
      consumer = try KafkaConsumer(
        properties: [
          ("bootstrap.servers", bootstrap), ("client.id", clientId),
          // A replica added or removed is felt within a second or two, as on the stack.
          ("heartbeat.interval.ms", "500"), ("session.timeout.ms", "6000"), ("enable.partition.eof", "false"),
          // Partitions added to the topic are seen, and rebalanced onto the replicas, within seconds.
          ("topic.metadata.refresh.interval.ms", "2000"),
        ], group: group, deadlines: Deadlines(seconds: 10))
      try consumer.subscribe(topics)
    } catch {
      report("\(clientId): cannot join \(group): \(error)")
      return
    }
    flags.update { $0.joined = true }
    defer {
      flags.update { $0.joined = false }
      consumer.close()
    }
    // The time of the last message taken: the next is due 1/rate after it,
    // at the rate in force now (a rate changed mid-wait applies at once).
    var last = Date.distantPast
    var pending: [TopicPartition: Int64] = [:]
    var committed = Date()
    var lastProblem: String?
    func commit() {
      guard !pending.isEmpty else { return }
      do {
        try consumer.commit(pending)
        pending.removeAll()
      } catch {
        let text = "\(error)"
        if text != lastProblem { report("\(clientId): commit failed: \(text)") }
        lastProblem = text
        // Retried as they are, offsets of a lost generation are refused again
        // and again: each retry, sent with the old generation behind a
        // JoinGroup, made librdkafka drop the generation it was given, and
        // the member never got partitions back. Dropped, its messages come
        // again (at least once), as a real service's would.
        if error.kind == .generationLost { pending.removeAll() }
      }
      committed = Date()
    }
    while !isStopping {
      let r = rate()
      if let r {
        if r <= 0 {
          commit()
          Thread.sleep(forTimeInterval: 0.1)
          continue
        }
        let wait = last.addingTimeInterval(1 / r).timeIntervalSinceNow
        if wait > 0 {
          Thread.sleep(forTimeInterval: min(wait, 0.1))
          continue
        }
      }
      do {
        switch try consumer.poll(timeoutMs: 100) {
        case .message(let m):
          handle(m)
          last = Date()
          pending[TopicPartition(m.topic, m.partition)] = m.offset + 1
          // Paced: each message committed as it is handled; unpaced: every 200 ms.
          if r != nil || Date().timeIntervalSince(committed) >= 0.2 { commit() }
        case .endOfPartition, .idle:
          commit()
        }
        lastProblem = nil
      } catch {
        let text = "\(error)"
        if text != lastProblem { report("\(clientId): \(text)") }
        lastProblem = text
        Thread.sleep(forTimeInterval: 0.2)
      }
    }
    commit()
  }
}
