/// The verdict on a backlog, in Burrow's spirit: what an operator needs to know
/// before reading any number.
public enum DrainStatus: String, Sendable, CaseIterable {
  /// No lag.
  case drained
  /// A small, steady lag: what the consumers' commit interval explains at
  /// the incoming rate, with consume and produce equal within the noise of
  /// the window. Not a backlog, so no ETA to wait for.
  case caughtUp = "caught-up"
  /// Consumers outpace producers; the ETA is finite.
  case draining
  /// Consumers and producers move at the same rate: the backlog neither
  /// drains nor grows.
  case holding
  /// Producers outrun the consumers: the backlog grows and never drains.
  case growing
  /// Lag is waiting and nothing is being consumed.
  case stalled
}

public struct DrainEstimate: Equatable, Sendable {
  public var lag: Int64
  public var consumeRate: Double
  public var produceRate: Double
  public var netRate: Double
  /// nil when the backlog never drains at the current rates.
  public var etaSeconds: Double?
  public var status: DrainStatus
}

/// What the rates were measured over, so that two rates equal within what
/// the sampling can tell apart are not read as a trend. Commits land every
/// commit interval, so over a window the consumed count is uncertain by
/// about one interval's traffic.
public struct DrainNoise: Equatable, Sendable {
  public var windowSeconds: Double
  /// The consumers' commit interval (auto.commit.interval.ms, 5 s by default).
  public var commitIntervalSeconds: Double
  /// The longest time between two commits seen in the window, when at least
  /// two were: consumers that commit more often than the setting says make
  /// their rates more precise than it would allow.
  public var observedCommitGap: Double?
  public init(windowSeconds: Double, commitIntervalSeconds: Double, observedCommitGap: Double? = nil) {
    self.windowSeconds = windowSeconds
    self.commitIntervalSeconds = commitIntervalSeconds
    self.observedCommitGap = observedCommitGap
  }

  /// The commit interval the rates' noise comes from: the setting, or the
  /// cadence the window showed when shorter.
  var rateInterval: Double { min(commitIntervalSeconds, observedCommitGap ?? commitIntervalSeconds) }
}

/// Drain ETA = lag / (consume − produce). `kafka:group_drain_eta_seconds`
/// divides by the clamped consume rate; here the produce rate is taken into
/// account as well, and a non-positive net rate yields "never" rather than a
/// huge number that would read as a real estimate.
///
/// With `noise` (rates measured live), a lag within what one commit
/// interval of traffic explains, with the rates equal within that noise, is
/// caught up; a difference of rates within the noise is holding, never a
/// trend in either direction.
public func drainEstimate(lag: Int64, consumeRate: Double, produceRate: Double = 0, noise: DrainNoise? = nil) throws
  -> DrainEstimate
{
  guard lag >= 0 else { throw CapacityInputError("lag", "must not be negative, got \(lag)") }
  let consume = try requireRate(consumeRate, "consume rate")
  let produce = try requireRate(produceRate, "produce rate")
  let net = consume - produce
  var equal = abs(net) <= 1e-9 * max(consume, produce)
  var caughtUp = false
  var committedInWindow = consume > 0
  if let n = noise, n.windowSeconds.isFinite, n.windowSeconds > 0, n.commitIntervalSeconds.isFinite, n.commitIntervalSeconds >= 0 {
    // One commit interval of traffic, and one message more for the sampling's own step.
    let explained = max(consume, produce) * n.commitIntervalSeconds + 1
    // Over the window, the consumed count is uncertain by what was read but
    // not yet committed at either end: about one commit of traffic.
    equal = equal || abs(net) * n.windowSeconds <= max(consume, produce) * n.rateInterval + 1
    // A window shorter than the commit interval may see no commit at all.
    committedInWindow = committedInWindow || n.windowSeconds < n.commitIntervalSeconds
    caughtUp = equal && committedInWindow && Double(lag) <= explained
  }
  let status: DrainStatus
  let eta: Double?
  if lag == 0 {
    status = .drained
    eta = 0
  } else if caughtUp {
    status = .caughtUp
    eta = 0
  } else if !committedInWindow {
    status = .stalled
    eta = nil
  } else if equal {
    // Equal within rounding (given numbers) or within the sampling's noise.
    status = .holding
    eta = nil
  } else if net < 0 {
    status = .growing
    eta = nil
  } else {
    status = .draining
    eta = Double(lag) / net
  }
  return DrainEstimate(
    lag: lag, consumeRate: consume, produceRate: produce, netRate: net, etaSeconds: eta,
    status: status)
}
