import Vocabulary

public struct ParseError: Error, Equatable, Sendable, CustomStringConvertible {
  public var message: String
  public var position: SourcePosition
  /// The input stopped inside a quote, a `$(`, a `${`, a block or after a `\`:
  /// more lines could complete it. The interactive shell shows a continuation
  /// prompt instead of an error.
  public var isIncomplete: Bool

  public init(_ message: String, at position: SourcePosition, incomplete: Bool = false) {
    self.message = message
    self.position = position
    self.isIncomplete = incomplete
  }

  public var description: String { "\(position): \(message)" }
}

extension ParseError: StatusError {
  public var exitStatus: Int32 { ExitStatus.usage }
}
