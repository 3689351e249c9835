import Vocabulary

/// One error type for everything an operator types on a command line here
/// (offset specs, times, `--format`, filters), so callers print one line and
/// stop without caring which parser refused.
public struct SpecError: Error, Equatable, Sendable, CustomStringConvertible {
  public var message: String

  public init(message: String) {
    self.message = message
  }

  public var description: String { message }
}

extension SpecError: StatusError {
  public var exitStatus: Int32 { ExitStatus.usage }
}
