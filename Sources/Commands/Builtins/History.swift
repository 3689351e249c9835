import ArgumentParser
import Capacity
import Config
import Formats
import Host
import Output
import Prometheus
import ScriptLanguage

struct History: AetherCommand, GroupedCommand, HasDisplayOptions {
  static let group = CommandGroup.shell
  static let configuration = CommandConfiguration(
    commandName: "history", abstract: "List the interactive shell's history (this shell's, or the history file's from a script or another shell).")

  @Argument(help: "Only the last N entries.")
  var count: Int?

  @OptionGroup var display: DisplayOptions

  func validate() throws {
    if let c = count, c < 0 { throw ValidationError("N must not be negative") }
  }

  var needsSettings: Bool { false }

  func execute(_ ctx: CommandContext) throws -> Report {
    guard let lines = ctx.historyLines else {
      let file = ctx.historyPath.map { " (it keeps it in \($0))" } ?? " (set XDG_STATE_HOME or HOME for it to keep one)"
      throw CommandFailure.failed("no history yet: the interactive shell keeps it\(file)")
    }
    let shown = count.map { Array(lines.suffix($0)) } ?? lines
    let first = lines.count - shown.count + 1
    let rows = shown.enumerated().map { [Cell(String(first + $0.offset), numeric: true), Cell($0.element)] }
    return Report(
      json: .array(shown.map { .string($0) }), sections: [.table(Table(headers: ["#", "command"], rows: rows))],
      plain: shown.joined(separator: "\n"))
  }
}
