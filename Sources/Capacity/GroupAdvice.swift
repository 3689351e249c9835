/// Rules that keep the numbers `status` shows beside each other consistent:
/// the drain ETA with the partitions' verdicts, the scale hint with the
/// evidence for a capacity, and the advice with the state things are in.

/// A partition that holds a backlog and does not move (stalled or stopped):
/// the group's backlog cannot drain while it waits, whatever the other
/// partitions' rates say. nil when every partition with lag moves.
public func blockingPartition(_ partitions: [(name: String, verdict: Verdict, lag: Int64?)]) -> (
  name: String, verdict: Verdict
)? {
  partitions.first { ($0.lag ?? 0) > 0 && ($0.verdict == .stalled || $0.verdict == .stopped) }
    .map { ($0.name, $0.verdict) }
}

/// Where the capacity of one replica comes from, or why it is unknown.
public enum CapacitySource: Equatable, Sendable {
  /// The profile's `capacity`.
  case configured(Double)
  /// Measured: the consumers lag while consuming, so what each consumed is
  /// what each can do.
  case saturated(Double)
  /// Neither: a consumer that keeps up consumes the incoming rate, which
  /// says nothing about what it could do.
  case unknown(String)
}

/// Capacity per replica: configured, or measured only from evidence that the
/// consumers are saturated (a partition lagging — above its share of the lag
/// threshold and not falling — while the group consumes), never from the
/// rate of consumers that keep up. `saturatedMemberRates`: what each member
/// that owns a lagging partition consumed per second, when the broker says
/// who owns what; only those members are at their limit (an idle member or
/// one that keeps up says nothing of what one replica can do). Without
/// owners, the group's rate over its members.
public func capacitySource(
  configured: Double?, verdicts: [Verdict], consumeRate: Double, members: Int?, saturatedMemberRates: [Double]? = nil
) -> CapacitySource {
  if let configured { return .configured(configured) }
  guard verdicts.contains(.lagging) else {
    let why = verdicts.allSatisfy(\.isHealthy) ? "they keep up" : "no partition lags while they consume"
    return .unknown("no capacity set and nothing shows the consumers at their limit (\(why)); set 'capacity' in the profile")
  }
  if let rates = saturatedMemberRates?.filter({ $0.isFinite && $0 > 0 }) {
    guard !rates.isEmpty else {
      return .unknown("no capacity set, and the members that own the lagging partitions consumed nothing in the window to measure one; set 'capacity' in the profile")
    }
    return .saturated(rates.reduce(0, +) / Double(rates.count))
  }
  guard let m = members, m > 0 else {
    return .unknown("no capacity set, and the members are unknown, so what one replica does cannot be measured; set 'capacity' in the profile")
  }
  guard consumeRate > 0, consumeRate.isFinite else {
    return .unknown("no capacity set, and nothing was consumed in the window to measure one; set 'capacity' in the profile")
  }
  return .saturated(consumeRate / Double(m))
}

/// The group keeps up: every verdict healthy and the backlog drained or
/// caught up (what the commit interval explains). No scale-up follows from it.
public func keepsUp(verdict: Verdict, drain: DrainStatus?) -> Bool {
  verdict.isHealthy && (drain == .drained || drain == .caughtUp)
}

/// What scaling can do, said so that it never asks for the state the group is already in.
public enum ScaleAdvice: Equatable, Sendable {
  /// Run this many replicas (more than now, or the count is unknown).
  case scaleTo(Int)
  /// More replicas cannot help; the reason says what can.
  case cannotHelp(String)
}

public func scaleAdvice(_ hint: ScaleHint, current: Int?) -> ScaleAdvice {
  switch hint.reason {
  case .hotPartition(let p, _):
    return .cannotHelp("partition \(p) alone receives more than one replica handles while the others do not: more replicas cannot split it; fix the key distribution or add partitions")
  case .keepingUp:
    return .cannotHelp("the \(current.map(String.init) ?? "current") member(s) keep up: no more replicas are needed")
  default: break
  }
  guard let current else { return .scaleTo(hint.recommended) }
  if hint.recommended > current { return .scaleTo(hint.recommended) }
  if let max = hint.max, current >= max, hint.needed > max {
    return .cannotHelp("\(current) member(s) already share the \(max) partitions: more replicas would sit idle; add partitions (the load needs \(hint.needed) at this capacity, one replica each) or make each consumer faster")
  }
  return .cannotHelp(
    "\(current) member(s) are as many as the load needs (the hint asks for \(hint.recommended)): more replicas would not help; "
      + "if the lag does not fall, look at the slowest consumer")
}
