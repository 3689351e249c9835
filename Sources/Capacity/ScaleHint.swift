/// What limited or drove the recommendation, so that the operator knows whether
/// adding replicas is the right lever at all.
public enum ScaleReason: Equatable, Sendable {
  /// Replicas needed to keep up with the incoming rate.
  case rate
  /// More replicas needed to clear the backlog within the target drain time.
  case backlog
  /// More replicas would be needed than there are partitions; extra consumers
  /// would sit idle.
  case partitionCap(partitions: Int)
  /// One partition alone receives more than one replica can handle while
  /// the partitions on average fit one: the partition is hot relative to
  /// the others (skew). No number of replicas helps, the key distribution
  /// (or the partition count) does.
  case hotPartition(partition: Int32, rate: Double)
  /// The members keep up now (the lag is what their commit interval
  /// explains): whatever a configured capacity says, no more are needed.
  case keepingUp
}

public struct ScaleInput: Equatable, Sendable {
  /// Incoming events per second for the whole group.
  public var rate: Double
  /// Events per second one replica handles.
  public var capacity: Double
  /// Current backlog, with `targetDrainSeconds`: clear it within that time.
  public var lag: Int64?
  public var targetDrainSeconds: Double?
  /// Partition count: more replicas than partitions are idle.
  public var partitions: Int?
  /// Replicas running now, for the report only.
  public var current: Int?
  /// The busiest partition's own incoming rate, when known.
  public var hottestPartition: (partition: Int32, rate: Double)?
  /// Measured: the group keeps up (caught up or drained, verdict healthy).
  /// Then no more replicas than `current` are needed.
  public var keepsUp: Bool

  public init(
    rate: Double, capacity: Double, lag: Int64? = nil, targetDrainSeconds: Double? = nil,
    partitions: Int? = nil, current: Int? = nil, hottestPartition: (partition: Int32, rate: Double)? = nil,
    keepsUp: Bool = false
  ) {
    self.keepsUp = keepsUp
    self.rate = rate
    self.capacity = capacity
    self.lag = lag
    self.targetDrainSeconds = targetDrainSeconds
    self.partitions = partitions
    self.current = current
    self.hottestPartition = hottestPartition
  }

  public static func == (a: ScaleInput, b: ScaleInput) -> Bool {
    a.rate == b.rate && a.capacity == b.capacity && a.lag == b.lag
      && a.targetDrainSeconds == b.targetDrainSeconds && a.partitions == b.partitions
      && a.current == b.current && a.hottestPartition?.partition == b.hottestPartition?.partition
      && a.hottestPartition?.rate == b.hottestPartition?.rate && a.keepsUp == b.keepsUp
  }
}

public struct ScaleHint: Equatable, Sendable {
  public var current: Int?
  /// Replicas the load calls for, ignoring the partition cap.
  public var needed: Int
  /// What to run: `needed` capped at the partition count.
  public var recommended: Int
  /// The useful maximum (the partition count), when known.
  public var max: Int?
  public var reason: ScaleReason
}

/// Replicas = ceil(rate / clamp_min(capacity, 0.001)), as the dashboard's scale
/// hint, raised to clear a backlog within the target time, floored at one
/// replica and capped at the partition count.
public func scaleHint(_ input: ScaleInput) throws -> ScaleHint {
  let rate = try requireRate(input.rate, "rate")
  let capacity = try requireRate(input.capacity, "capacity")
  guard capacity > 0 else { throw CapacityInputError("capacity", "must be greater than 0") }
  if let p = input.partitions, p < 1 {
    throw CapacityInputError("partitions", "must be at least 1, got \(p)")
  }
  if let c = input.current, c < 0 {
    throw CapacityInputError("current replicas", "must not be negative, got \(c)")
  }

  let byRate = replicas(safeDivide(rate, capacity))
  var needed = max(1, byRate)
  var reason = ScaleReason.rate

  if let lag = input.lag {
    guard lag >= 0 else { throw CapacityInputError("lag", "must not be negative, got \(lag)") }
    guard let target = input.targetDrainSeconds else {
      throw CapacityInputError("lag", "needs a target drain time to size replicas for the backlog")
    }
    guard target.isFinite, target > 0 else {
      throw CapacityInputError("target drain", "must be a positive duration")
    }
    // Consumers must absorb the incoming rate and the backlog within `target`.
    let byBacklog = replicas(safeDivide(rate + Double(lag) / target, capacity))
    if byBacklog > needed {
      needed = byBacklog
      reason = .backlog
    }
  } else if input.targetDrainSeconds != nil {
    throw CapacityInputError("target drain", "needs the lag it should drain")
  }

  var recommended = needed
  if let partitions = input.partitions, needed > partitions {
    recommended = partitions
    reason = .partitionCap(partitions: partitions)
  }
  if let hot = input.hottestPartition {
    _ = try requireRate(hot.rate, "partition rate")
    // Hot relative to the others: when the partitions on average are over
    // one replica too, the cause is the partition count (the cap above),
    // not the keys.
    let evenShareFits = input.partitions.map { rate / Double($0) <= capacity } ?? true
    if hot.rate > capacity && evenShareFits {
      reason = .hotPartition(partition: hot.partition, rate: hot.rate)
    }
  }
  // What the members do now outweighs what a capacity says of them: a group
  // that keeps up needs no more, and no other lever either.
  if input.keepsUp, let c = input.current, c >= 1 {
    needed = min(needed, c)
    recommended = min(recommended, c)
    reason = .keepingUp
  }
  return ScaleHint(
    current: input.current, needed: needed, recommended: recommended, max: input.partitions,
    reason: reason)
}

/// Whole replicas for a fractional load; an absurd load saturates instead of
/// trapping on conversion.
private func replicas(_ load: Double) -> Int {
  let r = load.rounded(.up)
  return r >= Double(Int32.max) ? Int(Int32.max) : Int(r)
}
