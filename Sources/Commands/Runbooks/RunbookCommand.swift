import ArgumentParser
import Capacity
import Clients
import Config
import Formats
import Host
import Output
import Prometheus
import ScriptLanguage
import Vocabulary

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

struct RunbookList: AetherCommand, HasDisplayOptions {
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

struct RunbookShow: AetherCommand, HasDisplayOptions {
  static let configuration = CommandConfiguration(
    commandName: "show",
    abstract: "A runbook's variables (with this session's values and where they come from), steps and remedies.",
    discussion: "--source prints the script as written.")

  @Argument(help: "Runbook name (runbook list).", completion: .names(.runbooks))
  var runbookName: String

  @Flag(help: "Print the runbook's script as written.")
  var source = false

  @OptionGroup var display: DisplayOptions

  func execute(_ ctx: CommandContext) throws -> Report {
    let book = try RunbookCatalog.find(runbookName, ctx)
    if source { return .text(book.source) }
    let script = try RunbookRun.checked(book, given: [:], variables: false, ctx)
    let values = try RunbookRun.values(book, given: [:], ctx)
    let outline = RunbookOutline(script)
    let fixes = Set(FixCatalog.all(ctx).map(\.name))
    let help = Dictionary(book.variables.map { ($0.name, $0.help) }, uniquingKeysWith: { a, _ in a })
    let variables = Table(
      headers: ["VARIABLE", "VALUE", "FROM", "MEANING"],
      rows: values.map { [Cell($0.name), Cell(redactingCredentials(in: $0.value)), Cell($0.from), Cell(help[$0.name] ?? "")] })
    let steps = outline.steps.enumerated().map { "\($0.offset + 1). \($0.element)" }
    let remedies = Table(
      headers: ["REMEDY", "RUNS", "HERE"],
      rows: outline.remedies.map { r in
        let here = r.fix.map { fixes.contains($0) } ?? true
        return [Cell(r.summary), Cell(r.command), Cell(here ? "yes" : "no fix '\(r.fix!)'", level: here ? nil : .warn)]
      })
    var sections: [Section] = [.note(RunbookRun.banner(book, color: false).trimmingCharacters(in: .newlines))]
    sections += [.note("variables (--var NAME=VALUE)"), .table(variables)]
    sections += [.note("steps"), .note(steps.joined(separator: "\n"))]
    sections += [.note("remedies (each asks first)"), .table(remedies)]
    var origin = "built-in"
    if case .user(let p) = book.origin { origin = p }
    let json = JSON.object([
      ("name", .string(book.name)), ("severity", .string(book.severity)), ("summary", .string(book.summary)),
      ("alert", .string(book.alert)), ("source", .string(origin)),
      ("variables", .array(values.map { v in
        .object([("name", .string(v.name)), ("value", .string(redactingCredentials(in: v.value))), ("from", .string(v.from)), ("help", .string(help[v.name] ?? ""))])
      })),
      ("steps", .array(outline.steps.map { .string($0) })),
      ("remedies", .array(outline.remedies.map { r in
        .object([
          ("summary", .string(r.summary)), ("command", .string(r.command)), ("fix", r.fix.map { .string($0) } ?? .null),
          ("available", .bool(r.fix.map { fixes.contains($0) } ?? true)),
        ])
      })),
    ])
    return Report(json: json, sections: sections, plain: steps.joined(separator: "\n"))
  }
}
