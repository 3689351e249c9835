import Testing

import Formats

@Suite struct TimestampSearch {
  /// The partition: offsets 0–7 stamped base+1, 5, 2, 6, 3, 7, 4, 8 s
  /// (two producers whose clocks disagree). Kafka's rule, the first offset
  /// whose timestamp ≥ T, gives these; a bisection gave 3, 5, 7, 7, 7.
  static let outOfOrder: [(offset: Int64, timestamp: Int64)] = [1, 5, 2, 6, 3, 7, 4, 8].enumerated().map {
    (Int64($0.offset), Int64($0.element) * 1000)
  }

  static let outOfOrderCases: [(Int64, Int64)] = [
    (0, 0), (1000, 0), (1001, 1), (2500, 1), (3500, 1), (4500, 1), (5500, 3), (6500, 5), (7000, 5), (7500, 7),
    (8000, 7), (8001, 8), (Int64.max, 8),
  ]

  @Test(arguments: outOfOrderCases)
  func outOfOrderTimestampsFollowKafkasRule(target: Int64, expected: Int64) {
    #expect(TimeLookup.answer(atOrAfter: target, logEnd: 8, messages: Self.outOfOrder) == expected)
  }

  @Test(arguments: [
    (50_000, 1000), (0, 1000), (50_005, 1001), (50_010, 1001), (59_990, 1999), (59_991, 2000), (Int64.max, 2000),
  ] as [(Int64, Int64)])
  func inOrderTimestamps(target: Int64, expected: Int64) {
    var dense: [(offset: Int64, timestamp: Int64)] = []
    for i in Int64(0)..<1000 { dense.append((offset: 1000 + i, timestamp: 50_000 + 10 * i)) }
    #expect(TimeLookup.answer(atOrAfter: target, logEnd: 2000, messages: dense) == expected)
  }

  @Test func gapsMissingTimestampsAndTheLogEnd() {
    // Compaction left gaps; one message has no timestamp; one is past the log end given.
    let messages: [(offset: Int64, timestamp: Int64)] = [(10, 1), (40, -1), (41, 5), (99, 9)]
    #expect(TimeLookup.answer(atOrAfter: 3, logEnd: 100, messages: messages) == 41)
    #expect(TimeLookup.answer(atOrAfter: 0, logEnd: 100, messages: messages) == 10)
    #expect(TimeLookup.answer(atOrAfter: 9, logEnd: 99, messages: messages) == 99)
    #expect(TimeLookup.answer(atOrAfter: 0, logEnd: 0, messages: []) == 0)
  }

  @Test func feedingStopsAtTheFirstMatch() {
    var lookup = TimeLookup(atOrAfter: 5, logEnd: 100)
    let first = lookup.see(offset: 0, timestamp: 1)
    let second = lookup.see(offset: 1, timestamp: 7)
    let third = lookup.see(offset: 2, timestamp: 5)
    #expect(!first && second && third)
    #expect(lookup.answer == 1)
  }
}
