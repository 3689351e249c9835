import ArgumentParser
import Capacity
import Config
import Formats
import Host
import Output
import Prometheus
import ScriptLanguage

struct Exit: AetherCommand, GroupedCommand {
  static let group = CommandGroup.shell
  static let configuration = CommandConfiguration(
    commandName: "exit", abstract: "End the script (or the shell) with a status.")

  @Argument(help: "Exit status, 0–255 (default: 0).")
  var code: Int32 = 0

  func validate() throws {
    guard (0...255).contains(code) else { throw ValidationError("exit status must be 0–255, got \(code)") }
  }

  var needsSettings: Bool { false }

  func execute(_ ctx: CommandContext) throws -> Report { throw ExitRequest(status: code) }
}
