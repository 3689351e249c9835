import Vocabulary

/// Why a Prometheus API body could not be read. The message names the place in
/// the document (`data.result[3].value`) so a broken proxy or an API change can
/// be told apart from a query problem.
public struct PromDecodeError: Error, Equatable, Sendable, CustomStringConvertible {
  public var message: String
  public init(_ message: String) { self.message = message }
  public var description: String { message }
}

extension PromDecodeError: StatusError {
  /// The server answered something else than its API promises.
  public var exitStatus: Int32 { ExitStatus.failure }
}
