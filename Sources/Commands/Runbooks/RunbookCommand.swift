import ArgumentParser
import Capacity
import Clients
import Config
import Formats
import Host
import Output
import Prometheus
import ShellLanguage

struct RunbookCommand: GroupedCommand {
  static let group = CommandGroup.runbooks
  static let configuration = CommandConfiguration(
    commandName: "runbook",
    abstract: "Runbooks for the pipeline's alerts: list, show, run (triage runs, remedies ask first).",
    discussion: """
      Built-in runbooks ship inside aetherctl; files in $XDG_CONFIG_HOME/aetherctl/runbooks/*.actl \
      add more, and a file with a built-in's name replaces it. A runbook is an .actl script: \
      `step TITLE` starts a triage step, `remedy DESCRIPTION COMMAND…` is a change that runs only \
      after a yes (or --yes).
      """,
    subcommands: [RunbookList.self, RunbookShow.self, RunbookRun.self])
}

struct RunbookList: ShellCommand, HasDisplayOptions {
  static let configuration = CommandConfiguration(commandName: "list", abstract: "Runbooks with severity and summary.")

  @OptionGroup var display: DisplayOptions

  func execute(_ ctx: CommandContext) throws -> Report {
    let books = RunbookCatalog.all(ctx)
    let rows = books.map { b -> [Cell] in
      let level: Level? = b.severity == "critical" ? .critical : b.severity == "warning" ? .warn : nil
      let origin: String
      switch b.origin {
      case .builtIn: origin = "built-in"
      case .user(let path): origin = path
      }
      return [Cell(b.name), Cell(b.severity, level: level), Cell(b.summary), Cell(origin)]
    }
    let json = JSON.array(
      books.map { b in
        var source = "built-in"
        if case .user(let p) = b.origin { source = p }
        return .object([
          ("name", .string(b.name)), ("severity", .string(b.severity)), ("summary", .string(b.summary)),
          ("alert", .string(b.alert)), ("source", .string(source)),
        ])
      })
    let table = Table(headers: ["RUNBOOK", "SEVERITY", "SUMMARY", "SOURCE"], rows: rows)
    return Report(json: json, sections: [.table(table)], plain: books.map(\.name).joined(separator: "\n"), csv: table)
  }
}

struct RunbookShow: ShellCommand {
  static let configuration = CommandConfiguration(commandName: "show", abstract: "Print a runbook's steps as written.")

  @Argument(help: "Runbook name (runbook list).", completion: DynamicNames.runbooksCompletion)
  var runbookName: String

  func execute(_ ctx: CommandContext) throws -> Report {
    .text(try RunbookCatalog.find(runbookName, ctx).source)
  }
}
