import Formats
import Testing
import Vocabulary

@testable import Commands

/// tail's message loop without a broker: a script of what the consumer
/// hands back, and why the loop stopped.
@Suite struct TailLoopTests {
  /// Hands out its events in order, then idles; brokers down when told.
  final class Script: TailSource {
    var events: [ConsumerEvent]
    var down: Double?
    private(set) var polls = 0
    init(_ events: [ConsumerEvent], down: Double? = nil) {
      self.events = events
      self.down = down
    }
    /// The bytes of the message last handed out, as a client lends them: valid until the next poll.
    private var lent: [UnsafeMutableBufferPointer<UInt8>] = []
    deinit { returnLent() }
    private func returnLent() {
      // Poisoned before they go: a view read after the next poll shows 0xEE, not the old bytes.
      for b in lent {
        b.update(repeating: 0xEE)
        b.deallocate()
      }
      lent = []
    }
    private func lend(_ bytes: [UInt8]?) -> UnsafeBufferPointer<UInt8>? {
      guard let bytes else { return nil }
      let b = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: bytes.count)
      _ = b.initialize(from: bytes)
      lent.append(b)
      return UnsafeBufferPointer(b)
    }
    func pollBorrowing(timeoutMs: Int) throws -> BorrowedEvent {
      polls += 1
      returnLent()
      switch events.isEmpty ? .idle : events.removeFirst() {
      case .idle: return .idle
      case .endOfPartition(let tp, let offset): return .endOfPartition(tp, offset: offset)
      case .message(let m):
        return .message(
          MessageView(
            topicBytes: lend(Array(m.topic.utf8))!, partition: m.partition, offset: m.offset, timestampMs: m.timestampMs, key: lend(m.key),
            value: lend(m.value)))
      }
    }
    var allBrokersDownSeconds: Double? { down }
    var lastError: String? { down == nil ? nil : "Connection refused" }
  }

  static let p0 = TopicPartition("t", 0)
  static let p1 = TopicPartition("t", 1)

  static func message(_ p: Int32, _ o: Int64, _ value: String = "v") -> ConsumerEvent {
    .message(ConsumedMessage(topic: "t", partition: p, offset: o, value: Array(value.utf8)))
  }

  static func loop(following: Bool = false, limit: Int64? = nil, grep: String? = nil, ends: [Int64] = [2, 1]) throws
    -> TailLoop
  {
    TailLoop(
      partitions: [p0, p1], ends: [p0: ends[0], p1: ends[1]], starts: [p0: 0, p1: 0], following: following,
      filter: try MessageFilter(grep: grep), limit: limit, idleMs: 0, brokersDownSeconds: 5)
  }

  static func run(_ loop: TailLoop, _ source: Script, interruptAfter polls: Int = .max) throws -> (TailLoop.Outcome, [String]) {
    var shown: [String] = []
    let outcome = try loop.run(
      source, isInterrupted: { source.polls >= polls }, warn: { _ in }, flush: {},
      show: { shown.append("\($0.partition):\($0.offset)") })
    return (outcome, shown)
  }

  @Test func readsToTheEndsItWasGiven() throws {
    // A message past its partition's end (produced meanwhile) is not shown,
    // while the other partition is still being read.
    let source = Script([Self.message(1, 0), Self.message(1, 1), Self.message(0, 0), Self.message(0, 1)])
    let (outcome, shown) = try Self.run(try Self.loop(), source)
    #expect(outcome.stop == .reachedEnd)
    #expect(shown == ["1:0", "0:0", "0:1"])
    #expect(outcome.shown == 3)
    #expect(outcome.next == [Self.p0: 2, Self.p1: 1])
  }

  @Test func theLimitStopsItAndTheFilterSkipsButMovesOn() throws {
    let source = Script([Self.message(0, 0, "a"), Self.message(0, 1, "b"), Self.message(1, 0, "b")])
    let (outcome, shown) = try Self.run(try Self.loop(limit: 1, grep: "b"), source)
    #expect(outcome.stop == .limit)
    #expect(shown == ["0:1"])
    // The skipped message is read: a commit after it would not read it again.
    #expect(outcome.next[Self.p0] == 2)
  }

  @Test func ctrlCSilenceAndOutagesAreSaidApart() throws {
    let interrupted = try Self.run(try Self.loop(following: true), Script([Self.message(0, 0)]), interruptAfter: 3).0
    #expect(interrupted.stop == .interrupted)
    #expect(interrupted.shown == 1)
    // Partition 1 promised a message and never sent it.
    let silent = try Self.run(try Self.loop(), Script([Self.message(0, 0), Self.message(0, 1)])).0
    #expect(silent.stop == .silent([Self.p1]))
    let down = try Self.run(try Self.loop(following: true), Script([], down: 6)).0
    #expect(down.stop == .brokersDown(seconds: 6, lastError: "Connection refused"))
    #expect(down.shown == 0)
  }

  @Test func anEmptyReadStopsAtOnce() throws {
    let (outcome, shown) = try Self.run(try Self.loop(ends: [0, 0]), Script([]))
    #expect(outcome.stop == .reachedEnd)
    #expect(shown.isEmpty)
  }
}
