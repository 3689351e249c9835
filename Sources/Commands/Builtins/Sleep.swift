import ArgumentParser
import Capacity
import Config
import Formats
import Host
import Output
import Prometheus
import ScriptLanguage

struct Sleep: AetherCommand, GroupedCommand {
  static let group = CommandGroup.shell
  static let configuration = CommandConfiguration(
    commandName: "sleep", abstract: "Pause (Ctrl-C ends it early with status 130).")

  @Argument(help: "How long: 500ms, 5s, 2m, 1h.", transform: ArgumentParsing.duration)
  var duration: Double

  var needsSettings: Bool { false }

  func execute(_ ctx: CommandContext) throws -> Report {
    try ctx.sleep(seconds: duration)
    return .empty
  }
}
