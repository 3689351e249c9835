import ArgumentParser

/// How `help` groups commands; the order is the order of the listing.
public enum CommandGroup: String, CaseIterable, Sendable {
  case kafka = "Kafka"
  case capacity = "Capacity (local math)"
  case prometheus = "Prometheus"
  case http = "HTTP and services"
  case runbooks = "Runbooks and fixes"
  case shell = "Shell"
}

/// A command of the shell. Its ArgumentParser declaration is the single source
/// of its name, flags, help text, validation and completion; `execute` is the
/// same code whether it runs from bash, a script or the interactive shell.
public protocol ShellCommand: ParsableCommand {
  func execute(_ ctx: CommandContext) throws -> Report
  /// Whether this invocation reads the profile's settings (brokers, URLs,
  /// topic, thresholds…). Those that do not still run when the config file is
  /// broken.
  var needsSettings: Bool { get }
}

extension ShellCommand {
  public var needsSettings: Bool { true }
}

/// A top-level entry in `help`. Commands with subcommands (`config`, `profile`)
/// conform too; their leaves are ShellCommands.
public protocol GroupedCommand: ParsableCommand {
  static var group: CommandGroup { get }
}

/// A failure a command reports: one line, and the exit status automation sees.
public struct CommandFailure: Error, CustomStringConvertible {
  public var status: Int32
  public var message: String
  /// What the command got done before failing (a produce's delivery summary):
  /// rendered before the error is reported.
  public var report: Report?

  public init(status: Int32, _ message: String) {
    self.status = status
    self.message = message
  }

  public static func failed(_ m: String) -> CommandFailure { CommandFailure(status: 1, m) }
  public static func usage(_ m: String) -> CommandFailure { CommandFailure(status: 2, m) }
  public static func unreachable(_ m: String) -> CommandFailure { CommandFailure(status: 3, m) }
  public var description: String { message }
}

/// `exit [CODE]` travels as an error so that it unwinds whatever runs it.
struct ExitRequest: Error {
  var status: Int32
}
