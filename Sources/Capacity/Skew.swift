/// Where a group's backlog sits: one lag per partition.
public struct PartitionLag: Equatable, Sendable {
  /// Empty when only numbers were given (`skew --lags`): no topic is made up.
  public var topic: String
  public var partition: Int32
  public var lag: Int64
  public init(topic: String, partition: Int32, lag: Int64) {
    self.topic = topic
    self.partition = partition
    self.lag = lag
  }

  /// `aetherlink.events[2]`, or `partition 2` when no topic was named.
  public var name: String { topic.isEmpty ? "partition \(partition)" : "\(topic)[\(partition)]" }
}

public struct SkewResult: Equatable, Sendable {
  /// max / clamp_min(avg, 0.001), as `kafka:group_skew_ratio`.
  public var ratio: Double
  /// The partition with the largest lag; the lowest (topic, partition) wins a tie
  /// so repeated runs name the same partition. nil when no partition lags:
  /// nothing is hot then, and naming one would send the operator after it.
  public var hottest: PartitionLag?
  public var total: Int64
  public var average: Double
}

/// Skew of a group's lag across its partitions. Negative lags are refused: a lag
/// is already clamped at 0 by whoever computed it, so a negative one is a bug
/// upstream that must not be averaged away.
public func skew(_ lags: [PartitionLag]) throws -> SkewResult {
  guard let first = lags.first else {
    throw CapacityInputError("lags", "are empty: skew needs at least one partition")
  }
  var hottest = first
  var total: Int64 = 0
  for p in lags {
    guard p.lag >= 0 else {
      throw CapacityInputError("lag of partition \(p.partition)", "must not be negative, got \(p.lag)")
    }
    let (sum, overflow) = total.addingReportingOverflow(p.lag)
    guard !overflow else { throw CapacityInputError("lags", "overflow a 64-bit total") }
    total = sum
    if p.lag > hottest.lag
      || (p.lag == hottest.lag && (p.topic, p.partition) < (hottest.topic, hottest.partition))
    {
      hottest = p
    }
  }
  let average = Double(total) / Double(lags.count)
  return SkewResult(
    ratio: safeDivide(Double(hottest.lag), average), hottest: total > 0 ? hottest : nil, total: total,
    average: average)
}
