import ArgumentParser
import Capacity
import Config
import Formats
import Host
import Output
import Prometheus
import ScriptLanguage

struct Step: AetherCommand, TrailingWords, GroupedCommand {
  static let group = CommandGroup.runbooks
  static let configuration = CommandConfiguration(
    commandName: "step", abstract: "Start a runbook step: prints its title as a heading.")

  @Argument(help: "The step's title.")
  var title: [String]
  static let trailingParsing = TrailingParsing.remaining
  mutating func append(trailing more: [String]) { title += more }

  func execute(_ ctx: CommandContext) throws -> Report {
    let text = title.joined(separator: " ")
    ctx.runbookState?.startStep(text)
    let number = ctx.runbookState.map { "\($0.stepNumber). " } ?? ""
    let heading = "\n== \(number)\(text)"
    return .text(ctx.color && !ctx.isCaptured ? "\u{1B}[1m\(heading)\u{1B}[0m" : heading)
  }
}
