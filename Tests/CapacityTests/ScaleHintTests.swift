import Testing

@testable import Capacity

struct ScaleHintTests {
  struct Case: Sendable, CustomTestStringConvertible {
    var rate: Double
    var capacity: Double
    var lag: Int64? = nil
    var target: Double? = nil
    var partitions: Int? = nil
    var needed: Int
    var recommended: Int
    var reason: String
    var testDescription: String { "rate \(rate) cap \(capacity) lag \(String(describing: lag)) p \(String(describing: partitions))" }
  }

  static func code(_ r: ScaleReason) -> String {
    switch r {
    case .rate: "rate"
    case .backlog: "backlog"
    case .partitionCap: "partition-cap"
    case .hotPartition: "hot-partition"
    case .keepingUp: "keeping-up"
    }
  }

  @Test(arguments: [
    // The example: 20/s at 5/s per replica needs 4, 3 partitions cap it.
    Case(rate: 20, capacity: 5, partitions: 3, needed: 4, recommended: 3, reason: "partition-cap"),
    Case(rate: 20, capacity: 5, partitions: 6, needed: 4, recommended: 4, reason: "rate"),
    Case(rate: 20, capacity: 5, needed: 4, recommended: 4, reason: "rate"),
    Case(rate: 21, capacity: 5, needed: 5, recommended: 5, reason: "rate"),
    // An idle group still runs one replica.
    Case(rate: 0, capacity: 5, partitions: 3, needed: 1, recommended: 1, reason: "rate"),
    // 6000 backlog in 600 s = 10/s on top of 4/s incoming: 14/5 → 3.
    Case(rate: 4, capacity: 5, lag: 6000, target: 600, partitions: 6, needed: 3, recommended: 3, reason: "backlog"),
    Case(rate: 4, capacity: 5, lag: 60000, target: 600, partitions: 6, needed: 21, recommended: 6, reason: "partition-cap"),
    Case(rate: 4, capacity: 5, lag: 0, target: 600, needed: 1, recommended: 1, reason: "rate"),
  ])
  func hints(_ c: Case) throws {
    let h = try scaleHint(
      ScaleInput(rate: c.rate, capacity: c.capacity, lag: c.lag, targetDrainSeconds: c.target, partitions: c.partitions))
    #expect(h.needed == c.needed)
    #expect(h.recommended == c.recommended)
    #expect(Self.code(h.reason) == c.reason)
    #expect(h.max == c.partitions)
  }

  @Test func hotPartitionThatOneReplicaCannotServe() throws {
    let h = try scaleHint(
      ScaleInput(rate: 12, capacity: 5, partitions: 6, hottestPartition: (partition: 2, rate: 9)))
    #expect(h.reason == .hotPartition(partition: 2, rate: 9))
    #expect(h.recommended == 3)
  }

  @Test func tinyCapacityIsClampedLikeTheDashboard() throws {
    // ceil(1 / 0.001) — the same safe division as clamp_min(…, 0.001).
    let h = try scaleHint(ScaleInput(rate: 1, capacity: 0.0001))
    #expect(h.needed == 1000)
  }

  @Test(arguments: [
    ScaleInput(rate: -1, capacity: 5),
    ScaleInput(rate: .nan, capacity: 5),
    ScaleInput(rate: 1, capacity: 0),
    ScaleInput(rate: 1, capacity: .infinity),
    ScaleInput(rate: 1, capacity: 5, partitions: 0),
    ScaleInput(rate: 1, capacity: 5, lag: 10),
    ScaleInput(rate: 1, capacity: 5, targetDrainSeconds: 60),
    ScaleInput(rate: 1, capacity: 5, lag: -5, targetDrainSeconds: 60),
    ScaleInput(rate: 1, capacity: 5, lag: 5, targetDrainSeconds: 0),
  ])
  func refusesBadInput(_ input: ScaleInput) {
    #expect(throws: CapacityInputError.self) { try scaleHint(input) }
  }

  @Test func hugeLoadSaturatesInsteadOfTrapping() throws {
    let h = try scaleHint(ScaleInput(rate: 1e300, capacity: 1))
    #expect(h.needed == Int(Int32.max))
  }
}
