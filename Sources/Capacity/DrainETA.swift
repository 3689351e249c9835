/// The verdict on a backlog, in Burrow's spirit: what an operator needs to know
/// before reading any number.
public enum DrainStatus: String, Sendable, CaseIterable {
  /// No lag.
  case drained
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

/// Drain ETA = lag / (consume − produce). `kafka:group_drain_eta_seconds`
/// divides by the clamped consume rate; here the produce rate is taken into
/// account as well, and a non-positive net rate yields "never" rather than a
/// huge number that would read as a real estimate.
public func drainEstimate(lag: Int64, consumeRate: Double, produceRate: Double = 0) throws
  -> DrainEstimate
{
  guard lag >= 0 else { throw CapacityInputError("lag", "must not be negative, got \(lag)") }
  let consume = try requireRate(consumeRate, "consume rate")
  let produce = try requireRate(produceRate, "produce rate")
  let net = consume - produce
  let status: DrainStatus
  let eta: Double?
  if lag == 0 {
    status = .drained
    eta = 0
  } else if consume == 0 {
    status = .stalled
    eta = nil
  } else if abs(net) <= 1e-9 * max(consume, produce) {
    // Equal within rounding: two rates measured over the same window.
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
