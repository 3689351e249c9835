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
}
