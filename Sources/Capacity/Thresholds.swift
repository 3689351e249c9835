import Vocabulary

/// The alert and dashboard thresholds of the shipped rules (deploy/prometheus); profiles may override them
/// so that colours in the shell match the team's own dashboards.
public struct Thresholds: Equatable, Sendable {
  /// Total lag above this is `CrmEventsConsumerLagHigh`.
  public var lagCritical: Int64 = 500
  /// Drain ETA (s): below `etaWarn` is fine, above `etaCritical` breaches.
  public var etaWarn: Double = 600
  public var etaCritical: Double = 1800
  /// Time lag (s): the age of the first unconsumed message. Warn past a
  /// minute; critical past ten, the window of `CrmEventsConsumerStuck`.
  public var behindWarn: Double = 60
  public var behindCritical: Double = 600
  /// Skew ratio: below `skewWarn` is fine, above `skewCritical` is a hot key.
  public var skewWarn: Double = 2
  public var skewCritical: Double = 4
  /// Consumers in the group: at least `consumersOk` is fine, zero is critical.
  public var consumersOk: Int = 2
  /// Scale hint: 1 is fine, at least `scaleCritical` replicas is critical.
  public var scaleCritical: Int = 4
  /// The consumers' commit interval (s; auto.commit.interval.ms): a lag no
  /// larger than the traffic of one interval is caught up, not a backlog.
  public var commitInterval: Double = 5

  public init() {}

  /// A lag threshold given as a number (a profile's `lag = 1e300`): whole,
  /// and saturating rather than trapping past what an Int64 holds.
  public static func count(_ v: Double) -> Int64 {
    guard v > 0 else { return 0 }
    return Int64(exactly: v.rounded()) ?? .max
  }

  public func level(totalLag: Int64) -> Level { totalLag > lagCritical ? .critical : .ok }

  /// A backlog that never drains is as bad as one past the critical threshold.
  public func level(etaSeconds: Double?) -> Level {
    guard let eta = etaSeconds else { return .critical }
    if eta > etaCritical { return .critical }
    return eta >= etaWarn ? .warn : .ok
  }

  public func level(behindSeconds: Double) -> Level {
    if behindSeconds > behindCritical { return .critical }
    return behindSeconds >= behindWarn ? .warn : .ok
  }

  public func level(skewRatio: Double) -> Level {
    if skewRatio > skewCritical { return .critical }
    return skewRatio >= skewWarn ? .warn : .ok
  }

  public func level(consumers: Int) -> Level {
    if consumers <= 0 { return .critical }
    return consumers >= consumersOk ? .ok : .warn
  }

  public func level(replicas: Int) -> Level {
    if replicas >= scaleCritical { return .critical }
    return replicas > 1 ? .warn : .ok
  }
}
