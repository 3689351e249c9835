import ArgumentParser
import Capacity
import Clients
import Config
import Formats
import Host
import Output
import Prometheus
import ShellLanguage

struct RunbookRun: ShellCommand, HasDisplayOptions {
  static let configuration = CommandConfiguration(
    commandName: "run",
    abstract: "Run a runbook: triage steps print their findings; remedies ask before they change anything.",
    discussion: """
      A failing triage step (Prometheus or the brokers unreachable) is reported and the runbook \
      goes on. Each remedy shows what it will do and runs after a yes at the prompt, or with \
      --yes; without a terminal and without --yes it is skipped and listed at the end. Exit 0 \
      when every step ran, else the status of the last failed step (3: a server unreachable), \
      130 when interrupted. Examples:
        runbook run CrmEventsHotKeySkewHigh
        runbook run CrmEventsConsumerLagHigh --var group=crm-events-sse --yes
      """)

  @Argument(help: "Runbook name (runbook list).", completion: DynamicNames.runbooksCompletion)
  var runbookName: String

  @Flag(help: "Run the remedies without asking.")
  var yes = false

  @Option(name: .customLong("var"), parsing: .unconditionalSingleValue, help: "Set a runbook variable K=V (repeatable).")
  var vars: [String] = []

  @OptionGroup var display: DisplayOptions

  func validate() throws {
    for v in vars where !v.contains("=") || v.hasPrefix("=") {
      throw ValidationError("--var '\(v.prefix(40))' is not NAME=VALUE")
    }
  }

  func execute(_ ctx: CommandContext) throws -> Report {
    let book = try RunbookCatalog.find(runbookName, ctx)
    let file = "runbook:\(book.name)"
    let script: Script
    do {
      script = try Parser.parse(book.source)
    } catch {
      throw CommandFailure.failed("\(file):\(error.position.line):\(error.position.column): \(error.message)")
    }
    let state = RunbookRunState(assumeYes: yes)
    let outer = ctx.runbookState
    ctx.runbookState = state
    defer { ctx.runbookState = outer }

    ctx.out.write(RunbookRun.banner(book, color: ctx.color && !ctx.isCaptured))
    // First where the alert stands: firing or not, silenced or not.
    for line in AlertStanding.lines(alert: book.name, ctx: ctx) { ctx.out.write(line + "\n") }
    ctx.out.flush()
    let status = ctx.runScript(named: file) { interpreter in
      for v in vars {
        let eq = v.firstIndex(of: "=")!
        interpreter.variables[String(v[..<eq])] = String(v[v.index(after: eq)...])
      }
      // Triage goes on past a failed step; the summary says which failed.
      interpreter.onError = .continue
      let status = interpreter.run(script, file: file)
      state.failures = interpreter.failureCount
      return status
    }
    if status == ExitStatus.interrupted { throw CommandFailure(status: 130, "interrupted") }

    var fields: [(String, Cell)] = [
      ("runbook", Cell(book.name)), ("steps", Cell("\(state.steps)")),
      ("failed", Cell("\(state.failures)", level: state.failures == 0 ? .ok : .critical)),
      ("remedies run", Cell("\(state.remediesRun)")),
    ]
    if !state.remediesSkipped.isEmpty {
      fields.append(("remedies skipped", Cell(state.remediesSkipped.joined(separator: "; "), level: .warn)))
    }
    let json = JSON.object([
      ("runbook", .string(book.name)), ("steps", .int(Int64(state.steps))), ("failed", .int(Int64(state.failures))),
      ("remediesRun", .int(Int64(state.remediesRun))),
      ("remediesSkipped", .array(state.remediesSkipped.map { .string($0) })), ("status", .int(Int64(status))),
    ])
    var report = Report(json: json, sections: [.note(""), .fields(fields)], plain: state.failures == 0 ? "ok" : "failed")
    if !state.remediesSkipped.isEmpty && !yes {
      report.sections.append(.note("Skipped remedies run with: runbook run \(book.name) --yes"))
    }
    if status != 0 || state.failures > 0 {
      var failure = CommandFailure.failed("\(state.failures) command(s) in the runbook failed")
      failure.status = status == 0 ? 1 : status
      failure.report = report
      throw failure
    }
    return report
  }

  static func banner(_ b: Runbook, color: Bool) -> String {
    let title = "Runbook \(b.name) (\(b.severity))"
    var out = color ? "\u{1B}[1m\(title)\u{1B}[0m\n" : title + "\n"
    if !b.summary.isEmpty { out += b.summary + "\n" }
    if !b.alert.isEmpty { out += "alert: \(b.alert)\n" }
    return out
  }
}
