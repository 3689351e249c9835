import ArgumentParser
import Capacity
import Config
import Formats
import Host
import Output
import Prometheus
import ScriptLanguage

/// How `help` groups commands; the order is the order of the listing.
public enum CommandGroup: String, CaseIterable, Sendable {
  case kafka = "Kafka"
  case capacity = "Capacity (local math)"
  case prometheus = "Prometheus"
  case http = "HTTP and services"
  case runbooks = "Runbooks and fixes"
  case shell = "Shell"
}

/// A command of aetherctl. Its ArgumentParser declaration is the single source
/// of its name, flags, help text, validation and completion; `execute` is the
/// same code whether it runs from bash, a script or the interactive shell.
public protocol AetherCommand: ParsableCommand, RunnableCommand {}

/// A top-level entry in `help`. Commands with subcommands (`config`, `profile`)
/// conform too; their leaves are AetherCommands.
public protocol GroupedCommand: ParsableCommand {
  static var group: CommandGroup { get }
}
