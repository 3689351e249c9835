import Testing

@testable import Capacity

struct SkewTests {
  static func lags(_ values: [Int64]) -> [PartitionLag] {
    values.enumerated().map { PartitionLag(topic: "aetherlink.events", partition: Int32($0.offset), lag: $0.element) }
  }

  @Test(arguments: [
    ([Int64(0), 0, 339], 3.0, Int32(2) as Int32?, Int64(339)),  // the runbook's hot key
    ([339, 0], 2.0, 0, 339),
    ([100, 100, 100], 1.0, 0, 100),
    ([0, 0, 0], 0.0, nil, 0),  // idle: 0 / clamp_min(0, 0.001) = 0, not NaN, and nothing is hot
    ([0], 0.0, nil, 0),
    ([5], 1.0, 0, 5),
    ([10, 30, 30], 30.0 / (70.0 / 3.0), 1, 30),  // tie: the lowest partition wins
  ])
  func ratios(values: [Int64], ratio: Double, hottest: Int32?, hottestLag: Int64) throws {
    let s = try skew(Self.lags(values))
    #expect(abs(s.ratio - ratio) < 1e-9)
    #expect(s.hottest?.partition == hottest)
    #expect((s.hottest?.lag ?? 0) == hottestLag)
    #expect(s.total == values.reduce(0, +))
  }

  @Test func aPartitionWithoutATopicIsNamedByItsNumber() {
    #expect(PartitionLag(topic: "", partition: 2, lag: 1).name == "partition 2")
    #expect(PartitionLag(topic: "aetherlink.events", partition: 2, lag: 1).name == "aetherlink.events[2]")
  }

  @Test func emptyInputIsAnError() {
    #expect(throws: CapacityInputError.self) { try skew([]) }
  }

  @Test func negativeLagIsAnError() {
    #expect(throws: CapacityInputError.self) { try skew(Self.lags([1, -1])) }
  }

  @Test func overflowIsAnError() {
    #expect(throws: CapacityInputError.self) { try skew(Self.lags([Int64.max, 1])) }
  }
}

struct ThresholdTests {
  let t = Thresholds()

  @Test func levelsFollowPipelineThresholds() {
    #expect(t.level(totalLag: 500) == .ok)
    #expect(t.level(totalLag: 501) == .critical)
    #expect(t.level(etaSeconds: 599) == .ok)
    #expect(t.level(etaSeconds: 600) == .warn)
    #expect(t.level(etaSeconds: 1800) == .warn)
    #expect(t.level(etaSeconds: 1801) == .critical)
    #expect(t.level(etaSeconds: nil) == .critical)
    #expect(t.level(skewRatio: 1.99) == .ok)
    #expect(t.level(skewRatio: 2) == .warn)
    #expect(t.level(skewRatio: 4.01) == .critical)
    #expect(t.level(consumers: 2) == .ok)
    #expect(t.level(consumers: 1) == .warn)
    #expect(t.level(consumers: 0) == .critical)
    #expect(t.level(replicas: 1) == .ok)
    #expect(t.level(replicas: 2) == .warn)
    #expect(t.level(replicas: 4) == .critical)
  }
}
