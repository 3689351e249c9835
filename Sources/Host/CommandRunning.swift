import Capacity
import Clients
import Config
import Formats
import Output
import Prometheus
import ScriptLanguage
import Vocabulary

/// What the session runs: a parsed command. The commands themselves (and
/// their ArgumentParser declarations) live in the Commands target; the
/// session knows them only through this and `CommandSet`.
public protocol RunnableCommand {
  func execute(_ ctx: CommandContext) throws -> Report
  /// Whether this invocation reads the profile's settings (brokers, URLs,
  /// topic, thresholds…). Those that do not still run when the config file is
  /// broken.
  var needsSettings: Bool { get }
  /// `-o FORMAT` written after the command's name.
  var explicitOutput: OutputFormat? { get }
}

extension RunnableCommand {
  public var needsSettings: Bool { true }
  public var explicitOutput: OutputFormat? { nil }
}

/// The command line of one command, parsed.
public enum ParsedCommand {
  /// `globals`: global options the command line gave after the command.
  case command(RunnableCommand, globals: GlobalFlags)
  /// `--help`, or a command group given without a subcommand.
  case help(String)
  case failure(CommandFailure)
}

/// Every command the session can run, declared elsewhere (the registry).
public protocol CommandSet: Sendable {
  func parse(_ argv: [String]) -> ParsedCommand
  /// A script's command line checked before anything runs; nil when it is
  /// valid. A nil word is a variable: it stands for one word, unknown yet.
  func check(_ words: [String?]) -> String?
}

/// A failure a command reports: one line, and the exit status automation sees.
public struct CommandFailure: StatusError {
  public var status: Int32
  public var message: String
  /// What the command got done before failing (a produce's delivery summary):
  /// rendered before the error is reported.
  public var report: Report?

  public init(status: Int32, _ message: String) {
    self.status = status
    self.message = message
  }

  public static func failed(_ m: String) -> CommandFailure { CommandFailure(status: ExitStatus.failure, m) }
  public static func usage(_ m: String) -> CommandFailure { CommandFailure(status: ExitStatus.usage, m) }
  public static func unreachable(_ m: String) -> CommandFailure { CommandFailure(status: ExitStatus.unreachable, m) }
  /// Ctrl-C, with what was (or was not) done: "interrupted; nothing changed".
  public static func interrupted(_ m: String = "interrupted") -> CommandFailure {
    CommandFailure(status: ExitStatus.interrupted, m)
  }
  public var description: String { message }
  public var exitStatus: Int32 { status }
}

extension CommandFailure {
  /// Any error a command throws, as the one line and status the operator
  /// sees: the status the error's own type declares (`StatusError`), 1 for
  /// an error that declares none. The one place errors become exit statuses.
  public init(_ error: any Error) {
    switch error {
    case let f as CommandFailure: self = f
    case let e as any StatusError: self.init(status: e.exitStatus, e.description)
    default: self = .failed("\(error)")
    }
  }

  /// `error` with what it was about in front (`--until: …`), keeping the
  /// status its type declares.
  public init(_ error: any Error, about subject: String) {
    self.init(error)
    message = "\(subject): \(message)"
  }
}

extension Error {
  /// This error as the operator will see it, for a catch that decides by
  /// status (`catch where error.failure.status == ExitStatus.unreachable`).
  public var failure: CommandFailure { CommandFailure(self) }
}

/// `exit [CODE]` travels as an error so that it unwinds whatever runs it.
public struct ExitRequest: Error {
  public var status: Int32
  public init(status: Int32) { self.status = status }
}
