import Vocabulary

/// A template the operator typed, refused before anything is produced.
/// `column` is 1-based and counts characters, pointing at the offending `{{`
/// (or argument) so the shell can underline it.
public struct TemplateError: Error, Equatable, Sendable, CustomStringConvertible {
  public var message: String
  public var column: Int

  public init(message: String, column: Int) {
    self.message = message
    self.column = column
  }

  public var description: String { "column \(column): \(message)" }
}

extension TemplateError: StatusError {
  public var exitStatus: Int32 { ExitStatus.usage }
}
