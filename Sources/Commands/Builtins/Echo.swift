import ArgumentParser
import Capacity
import Config
import Formats
import Host
import Output
import Prometheus
import ScriptLanguage

struct Echo: AetherCommand, TrailingWords, GroupedCommand {
  static let group = CommandGroup.shell
  static let configuration = CommandConfiguration(
    commandName: "echo", abstract: "Print words, separated by spaces.")

  @Flag(name: .customShort("n"), help: "No newline at the end.")
  var noNewline = false

  @Argument(parsing: .allUnrecognized, help: "Words to print.")
  var words: [String] = []
  static let trailingParsing = TrailingParsing.unrecognized
  mutating func append(trailing more: [String]) { words += more }

  var needsSettings: Bool { false }

  func execute(_ ctx: CommandContext) throws -> Report {
    var text = words.joined(separator: " ")
    // What a runbook echoes is often a server's text captured by $(…): on
    // a terminal its control characters are shown, never obeyed.
    if ctx.stdoutIsTerminal && !ctx.isCaptured { text = visibleControls(text) }
    ctx.out.write(noNewline ? text : text + "\n")
    return .empty
  }
}
