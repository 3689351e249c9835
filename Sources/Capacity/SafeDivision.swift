import Vocabulary

/// The dashboard's recording rules divide by `clamp_min(x, 0.001)` so that an
/// idle group yields 0 instead of NaN; every local computation uses the same
/// floor so the shell's numbers and the dashboard's agree.
public let denominatorFloor = 0.001

@inlinable
public func safeDivide(_ numerator: Double, _ denominator: Double) -> Double {
  numerator / max(denominator, denominatorFloor)
}

/// Why an input to the capacity math was refused; the message names the input
/// so the caller can point at the flag that carried it.
public struct CapacityInputError: Error, Equatable, CustomStringConvertible {
  public let input: String
  public let problem: String
  public init(_ input: String, _ problem: String) {
    self.input = input
    self.problem = problem
  }
  public var description: String { "\(input) \(problem)" }
}

func requireRate(_ value: Double, _ name: String) throws -> Double {
  guard value.isFinite else { throw CapacityInputError(name, "must be a finite number, got \(value)") }
  guard value >= 0 else { throw CapacityInputError(name, "must not be negative, got \(value)") }
  return value
}

extension CapacityInputError: StatusError {
  public var exitStatus: Int32 { ExitStatus.usage }
}
