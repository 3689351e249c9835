import Testing

import Formats

/// A partition as (offset, timestamp) pairs sorted by offset, with a probe
/// that counts its calls.
final class FakeLog {
  let messages: [(offset: Int64, timestamp: Int64)]
  let logEnd: Int64
  var probes = 0

  init(_ messages: [(offset: Int64, timestamp: Int64)], logEnd: Int64) {
    self.messages = messages
    self.logEnd = logEnd
  }

  func probe(_ offset: Int64) -> (offset: Int64, timestamp: Int64)? {
    probes += 1
    return messages.first { $0.offset >= offset && $0.offset < logEnd }
  }

  /// The answer by linear scan.
  func expected(atOrAfter ts: Int64) -> Int64 {
    messages.first { $0.timestamp >= ts }?.offset ?? logEnd
  }
}

func probeLimit(_ count: Int64) -> Int {
  count <= 0 ? 0 : Int(Int64.bitWidth - (count).leadingZeroBitCount)  // ⌊log₂ n⌋ + 1
}

@Suite struct TimestampSearch {
  /// Offsets 1000..<2000, timestamps 10 ms apart starting at 50_000.
  static func dense() -> FakeLog {
    FakeLog((0..<1000).map { (Int64(1000 + $0), Int64(50_000 + 10 * $0)) }, logEnd: 2000)
  }

  @Test(arguments: [
    (50_000, 1000),  // the first message
    (0, 1000),  // all after
    (50_005, 1001),  // between two messages
    (50_010, 1001),  // exactly a message
    (59_990, 1999),  // the last message
    (59_991, 2000),  // all before
    (Int64.max, 2000),
  ] as [(Int64, Int64)])
  func dense(timestamp: Int64, expected: Int64) {
    let log = Self.dense()
    let found = firstOffset(atOrAfter: timestamp, logStart: 1000, logEnd: 2000, probe: log.probe)
    #expect(found == expected)
    #expect(log.probes <= probeLimit(1000))
    #expect(log.probes >= 1)
  }

  @Test func compactedLogWithGaps() {
    // Every third offset survived compaction; equal timestamps in runs.
    let messages = stride(from: Int64(0), to: 3000, by: 3).map { ($0, $0 / 30 * 1000) }
    let log = FakeLog(messages, logEnd: 3000)
    for ts in stride(from: Int64(-500), through: 101_000, by: 250) {
      log.probes = 0
      let found = firstOffset(atOrAfter: ts, logStart: 0, logEnd: 3000, probe: log.probe)
      #expect(found == log.expected(atOrAfter: ts), "timestamp \(ts)")
      #expect(log.probes <= probeLimit(3000))
    }
  }

  @Test func compactedTailBeforeLogEnd() {
    // Messages end at 40; offsets 41..<100 were compacted away.
    let log = FakeLog([(10, 1), (20, 2), (40, 4)], logEnd: 100)
    #expect(firstOffset(atOrAfter: 3, logStart: 0, logEnd: 100, probe: log.probe) == 40)
    #expect(firstOffset(atOrAfter: 5, logStart: 0, logEnd: 100, probe: log.probe) == 100)
    #expect(firstOffset(atOrAfter: 0, logStart: 0, logEnd: 100, probe: log.probe) == 10)
  }

  @Test(arguments: [(Int64(0), Int64(0)), (7, 7), (9, 3)])
  func emptyLogNeedsNoProbe(logStart: Int64, logEnd: Int64) {
    let log = FakeLog([], logEnd: logEnd)
    #expect(firstOffset(atOrAfter: 0, logStart: logStart, logEnd: logEnd, probe: log.probe) == logEnd)
    #expect(log.probes == 0)
  }

  @Test func logWithNoMessagesLeft() {
    let log = FakeLog([], logEnd: 50)
    #expect(firstOffset(atOrAfter: 0, logStart: 0, logEnd: 50, probe: log.probe) == 50)
    #expect(log.probes <= probeLimit(50))
  }

  @Test func singleMessage() {
    let log = FakeLog([(5, 100)], logEnd: 6)
    #expect(firstOffset(atOrAfter: 100, logStart: 5, logEnd: 6, probe: log.probe) == 5)
    #expect(firstOffset(atOrAfter: 101, logStart: 5, logEnd: 6, probe: log.probe) == 6)
    #expect(log.probes == 2)
  }

  @Test func hugeOffsetsNeedFewProbes() {
    let logEnd = Int64.max
    var probes = 0
    // Message at every offset, timestamp == offset.
    let found = firstOffset(atOrAfter: 1 << 40, logStart: 0, logEnd: logEnd) { offset in
      probes += 1
      return (offset, offset)
    }
    #expect(found == 1 << 40)
    #expect(probes <= 64)
  }

  @Test func probeErrorsPropagate() {
    struct Broken: Error {}
    #expect(throws: Broken.self) {
      _ = try firstOffset(atOrAfter: 0, logStart: 0, logEnd: 10) { _ in throw Broken() }
    }
  }
}
