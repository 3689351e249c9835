import Testing

@testable import Capacity

/// The rules that keep `status`'s lines consistent with each other, from the
/// scenarios seen on a real broker (issue 28).
struct GroupAdviceTests {
  // MARK: A stalled partition has no finite ETA

  @Test(arguments: [
    // (verdicts with lags, the partition that blocks the drain)
    ([(Verdict.stalled, Int64(988)), (.ok, 5), (.ok, 0)], "partition 0"),
    ([(.ok, 3), (.stopped, 40)], "partition 1"),
    ([(.ok, 3), (.lagging, 900)], nil),
    ([(.stalled, 0), (.ok, 12)], nil),  // a stalled partition with nothing waiting blocks nothing
    ([(.idle, 0), (.idle, 0)], nil),
  ] as [([(Verdict, Int64)], String?)])
  func blocking(rows: [(Verdict, Int64)], blocked: String?) {
    let named = rows.enumerated().map { (name: "partition \($0.offset)", verdict: $0.element.0, lag: Optional($0.element.1)) }
    #expect(blockingPartition(named)?.name == blocked)
  }

  // MARK: No invented capacity

  @Test func aGroupThatKeepsUpHasNoMeasuredCapacity() {
    // A member at 30/s with lag 30, verdict ok: 30/s is the incoming rate, not what it can do.
    guard case .unknown(let why) = capacitySource(configured: nil, verdicts: [.ok], consumeRate: 30, members: 1) else {
      Issue.record("a keeping-up group got a capacity")
      return
    }
    #expect(why.contains("set 'capacity' in the profile"))
    // Idle members do not make one either.
    if case .unknown = capacitySource(configured: nil, verdicts: [.idle, .ok, .ok], consumeRate: 12, members: 3) {} else {
      Issue.record("members that keep up got a measured capacity")
    }
  }

  @Test func configuredWinsAndSaturationMeasures() {
    #expect(capacitySource(configured: 5, verdicts: [.ok], consumeRate: 30, members: 1) == .configured(5))
    #expect(capacitySource(configured: nil, verdicts: [.lagging, .ok], consumeRate: 15, members: 3) == .saturated(5))
    if case .unknown = capacitySource(configured: nil, verdicts: [.lagging], consumeRate: 15, members: nil) {} else {
      Issue.record("members unknown must leave capacity unknown")
    }
    if case .unknown = capacitySource(configured: nil, verdicts: [.lagging], consumeRate: 0, members: 2) {} else {
      Issue.record("nothing consumed must leave capacity unknown")
    }
  }

  // MARK: Advice that changes something

  static func hint(needed: Int, recommended: Int, max: Int?, reason: ScaleReason = .rate) -> ScaleHint {
    ScaleHint(current: nil, needed: needed, recommended: recommended, max: max, reason: reason)
  }

  @Test func neverRecommendsTheCurrentState() {
    // 3 members on 3 partitions, the hint capped at 3: more cannot help.
    guard case .cannotHelp(let why) = scaleAdvice(Self.hint(needed: 5, recommended: 3, max: 3, reason: .partitionCap(partitions: 3)), current: 3)
    else {
      Issue.record("advised the current 3 replicas")
      return
    }
    #expect(why.contains("add partitions"))
    // As many as the hint asks for already.
    if case .scaleTo = scaleAdvice(Self.hint(needed: 2, recommended: 2, max: 3), current: 2) {
      Issue.record("advised the current 2 replicas")
    }
    // More than now: scale.
    #expect(scaleAdvice(Self.hint(needed: 3, recommended: 3, max: 3), current: 1) == .scaleTo(3))
    // Unknown members: the number alone.
    #expect(scaleAdvice(Self.hint(needed: 2, recommended: 2, max: 3), current: nil) == .scaleTo(2))
    // A hot partition: not replicas.
    if case .scaleTo = scaleAdvice(Self.hint(needed: 4, recommended: 3, max: 3, reason: .hotPartition(partition: 2, rate: 9)), current: 1) {
      Issue.record("advised replicas for a hot partition")
    }
  }

  // MARK: Measured capacity comes from the saturated members only

  @Test func measuredCapacityIsWhatTheSaturatedMembersDo() {
    // Three members, one of them owns the lagging partition at 5/s; the others keep up at 12/s and 0/s (idle).
    #expect(
      capacitySource(configured: nil, verdicts: [.lagging, .ok, .idle], consumeRate: 17, members: 3, saturatedMemberRates: [5])
        == .saturated(5))
    // Owners unknown: the group's rate over its members.
    #expect(capacitySource(configured: nil, verdicts: [.lagging], consumeRate: 15, members: 3, saturatedMemberRates: nil) == .saturated(5))
    // A lagging partition whose member consumed nothing measures nothing; the idle others are no evidence either.
    if case .unknown = capacitySource(configured: nil, verdicts: [.lagging], consumeRate: 12, members: 2, saturatedMemberRates: [0]) {} else {
      Issue.record("a member that consumed nothing measured a capacity")
    }
  }

  // MARK: A group that keeps up is never told to scale up

  @Test(arguments: [
    (Verdict.ok, DrainStatus.caughtUp, true), (.idle, .drained, true), (.ok, .draining, false),
    (.lagging, .caughtUp, false), (.ok, .holding, false), (.ok, nil, false),
  ] as [(Verdict, DrainStatus?, Bool)])
  func keepingUp(verdict: Verdict, drain: DrainStatus?, expected: Bool) {
    #expect(keepsUp(verdict: verdict, drain: drain) == expected)
  }

  @Test func aConfiguredCapacityBelowWhatMembersDoIsNoReasonToScale() throws {
    // 1 member keeps up with 30/s; the profile says 5/s per replica.
    let h = try scaleHint(ScaleInput(rate: 30, capacity: 5, partitions: 3, current: 1, keepsUp: true))
    #expect(h.reason == .keepingUp)
    #expect(h.recommended == 1)
    guard case .cannotHelp(let why) = scaleAdvice(h, current: 1) else {
      Issue.record("advised a scale-up to a group that keeps up")
      return
    }
    #expect(why.contains("keep up"))
    // Not keeping up: the capacity stands.
    #expect(try scaleHint(ScaleInput(rate: 30, capacity: 5, partitions: 6, current: 1)).recommended == 6)
    // Keeping up and a hot partition by the configured capacity: still no advice to act on keys.
    let hot = try scaleHint(
      ScaleInput(rate: 12, capacity: 5, partitions: 6, current: 2, hottestPartition: (partition: 2, rate: 9), keepsUp: true))
    #expect(hot.reason == .keepingUp)
  }

  // MARK: Name the real cause

  @Test func everyPartitionOverOneReplicaIsThePartitionCountNotTheKeys() throws {
    // The scenario seen: 9.3, 12.4 and 8.3 msg/s on 3 partitions, one replica does 5/s.
    let h = try scaleHint(ScaleInput(rate: 30, capacity: 5, partitions: 3, current: 3, hottestPartition: (partition: 1, rate: 12.4)))
    #expect(h.reason == .partitionCap(partitions: 3))
    #expect(h.needed == 6)
    guard case .cannotHelp(let why) = scaleAdvice(h, current: 3) else {
      Issue.record("advised replicas past the partition count")
      return
    }
    #expect(why.contains("add partitions (the load needs 6"))
    #expect(!why.contains("key distribution"))
    // One partition hot while the rest fit one replica: the keys.
    let skewed = try scaleHint(ScaleInput(rate: 12, capacity: 5, partitions: 3, current: 3, hottestPartition: (partition: 0, rate: 9)))
    #expect(skewed.reason == .hotPartition(partition: 0, rate: 9))
    guard case .cannotHelp(let keys) = scaleAdvice(skewed, current: 3) else {
      Issue.record("advised replicas for a hot partition")
      return
    }
    #expect(keys.contains("key distribution"))
  }

  // MARK: Issue 29: a threshold given as a number converts without a trap

  @Test(arguments: [
    (500.0, Int64(500)), (499.6, 500), (0, 0), (-3, 0), (.nan, 0), (.infinity, .max), (1e300, .max), (9.3e18, .max),
  ] as [(Double, Int64)])
  func lagThresholdCounts(value: Double, expected: Int64) {
    #expect(Thresholds.count(value) == expected)
  }
}
