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

struct RunbookRun: AetherCommand, HasDisplayOptions {
  static let configuration = CommandConfiguration(
    commandName: "run",
    abstract: "Run a runbook: triage steps print their findings; remedies ask before they change anything.",
    discussion: """
      A triage command that says no or finds its server down is a finding: printed as \
      'finding: …' and the runbook goes on. Each remedy shows what it will do and runs after a \
      yes at the prompt, or with --yes; without a terminal and without --yes it is skipped and \
      listed at the end. Exit 0 when every step ran (whatever it found), 1 when a step could not \
      run (a remedy failed, the runbook is wrong), 2 usage, 130 interrupted. -o json gives one \
      object with a verdict per step (ok, findings, failed), its findings and its output. Each \
      sample of a group's offsets is reused by the steps that follow while it is younger than \
      its window, so status, eta and scale-hint show and decide from the same numbers.

      Variables (--var NAME=VALUE; the default follows the named setting of the session):
      \(RunbookRun.variablesHelp)
      Examples:
        runbook run CrmEventsHotKeySkewHigh
        runbook run CrmEventsConsumerLagHigh --var capacity=81 --yes
      """)

  @Argument(help: "Runbook name (runbook list).", completion: .names(.runbooks))
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

  var given: [String: String] {
    var out: [String: String] = [:]
    for v in vars {
      let eq = v.firstIndex(of: "=")!
      out[String(v[..<eq])] = String(v[v.index(after: eq)...])
    }
    return out
  }

  func execute(_ ctx: CommandContext) throws -> Report {
    let book = try RunbookCatalog.find(runbookName, ctx)
    let file = "runbook:\(book.name)"
    let given = self.given
    let script = try RunbookRun.checked(book, given: given, ctx)
    let values = try RunbookRun.values(book, given: given, ctx)
    let outline = RunbookOutline(script)
    let json = ctx.format == .json
    let state = RunbookRunState(assumeYes: yes)
    let outer = ctx.runbookState
    ctx.runbookState = state
    defer { ctx.runbookState = outer }

    var header: [String] = []
    if !json { ctx.out.write(RunbookRun.banner(book, color: ctx.color && !ctx.isCaptured)) }
    if !values.isEmpty {
      header.append("with " + values.map { "\($0.name)=\(redactingCredentials(in: $0.value))" }.joined(separator: " "))
    }
    // First where the alert stands: firing or not, silenced or not.
    header += AlertStanding.lines(alert: book.name, ctx: ctx)
    // A remedy calling a fix that is not defined here cannot run: said before the first step.
    let fixes = Set(FixCatalog.all(ctx).map(\.name))
    let unavailable = outline.remedies.filter { $0.fix.map { !fixes.contains($0) } ?? false }
    for r in unavailable {
      header.append("note: remedy '\(r.summary)' calls fix '\(r.fix!)', which is not defined here (fix list): it cannot run")
    }
    if !json {
      for line in header { ctx.out.write(line + "\n") }
      ctx.out.flush()
    }
    let kept = OutputSink.capture()
    if json { state.kept = kept }
    let status = ctx.withStandardOutput(json ? kept : ctx.out) {
      ctx.runScript(named: file) { interpreter in
        for v in values { interpreter.variables[v.name] = v.value }
        // Triage goes on past a finding and past a failed step; the summary says which.
        interpreter.onError = .continue
        let status = interpreter.run(script, file: file)
        // `exit N`, or a failure under the runbook's own `set on-error stop`: the steps after it never ran.
        if interpreter.stoppedEarly && status != 0 && status != ExitStatus.interrupted {
          state.addFailure("\(file): stopped with status \(status) before its last step")
        }
        state.keepOutput()
        return status
      }
    }
    if status == ExitStatus.interrupted { throw CommandFailure.interrupted() }

    let failures = state.failureCount
    let findings = state.findingCount
    var fields: [(String, Cell)] = [
      ("runbook", Cell(book.name)), ("steps", Cell("\(state.stepNumber)")),
      ("findings", Cell("\(findings)", level: findings == 0 ? .ok : .warn)),
      ("failed", Cell("\(failures)", level: failures == 0 ? .ok : .critical)),
      ("remedies run", Cell("\(state.remediesRun)")),
    ]
    if !state.remediesSkipped.isEmpty {
      fields.append(("remedies skipped", Cell(state.remediesSkipped.joined(separator: "; "), level: .warn)))
    }
    if !state.remediesUnavailable.isEmpty {
      fields.append(
        ("cannot run here", Cell(state.remediesUnavailable.joined(separator: "; ") + " (fix list)", level: .warn)))
    }
    let exit: Int32 = failures > 0 ? ExitStatus.failure : 0
    let report = Report(
      json: RunbookRun.json(book, state: state, values: values, header: header, exit: exit),
      sections: [.note(""), .fields(fields)]
        + (!state.remediesSkipped.isEmpty && !yes ? [.note("Skipped remedies run with: runbook run \(book.name) --yes")] : []),
      plain: failures == 0 ? "ok" : "failed")
    if failures > 0 {
      var failure = CommandFailure.failed("\(failures) step(s) of the runbook could not run (see above)")
      failure.report = report
      throw failure
    }
    return report
  }

  /// Parsed and checked as `-f FILE --check` would: a runbook naming a
  /// command or flag that does not exist, or a variable nothing sets, is
  /// refused before its first step.
  /// `variables: false` for `runbook show`: a variable that only --var gives is not known there.
  static func checked(_ book: Runbook, given: [String: String], variables: Bool = true, _ ctx: CommandContext) throws
    -> Script
  {
    let file = "runbook:\(book.name)"
    let script: Script
    do {
      script = try Parser.parse(book.source)
    } catch {
      throw CommandFailure.usage("\(file):\(error.position.line):\(error.position.column): \(error.message)")
    }
    let predefined = Set(book.variables.map(\.name)).union(given.keys)
    if let d = ctx.check(script, file: file, variables: variables, predefined: predefined).first {
      throw CommandFailure.usage(d.description)
    }
    return script
  }

  /// Each declared variable's value in this session; an unknown --var is a usage error.
  static func values(_ book: Runbook, given: [String: String], _ ctx: CommandContext) throws -> [(
    name: String, value: String, from: String
  )] {
    if !book.variables.isEmpty {
      for name in given.keys.sorted() where !book.variables.contains(where: { $0.name == name }) {
        var message = "\(book.name) takes no variable '\(name)'"
        if let s = closestMatch(name, in: book.variables.map(\.name)) { message += "; did you mean '\(s)'?" }
        throw CommandFailure.usage(message + " (it takes: \(book.variables.map(\.name).joined(separator: ", ")))")
      }
    }
    var out: [(name: String, value: String, from: String)] = []
    for v in book.variables {
      guard let (value, from) = v.resolve(ctx.settings, given: given) else {
        throw CommandFailure.usage("runbook \(book.name): variable '\(v.name)' has no value here: give --var \(v.name)=VALUE")
      }
      out.append((v.name, value, from))
    }
    // Undeclared --var (a runbook of the operator's own that declares none) still reach the script.
    for (k, v) in given.sorted(by: { $0.key < $1.key }) where !out.contains(where: { $0.name == k }) {
      out.append((k, v, "--var"))
    }
    return out
  }

  static func json(
    _ book: Runbook, state: RunbookRunState, values: [(name: String, value: String, from: String)],
    header: [String], exit: Int32
  ) -> JSON {
    .object([
      ("runbook", .string(book.name)),
      ("variables", .array(values.map { .object([("name", .string($0.name)), ("value", .string(redactingCredentials(in: $0.value))), ("from", .string($0.from))]) })),
      ("notes", .array(header.map { .string($0) })),
      ("steps", .array(state.steps.map { s in
        .object([
          ("title", .string(s.title)), ("verdict", .string(s.verdict)),
          ("findings", .array(s.findings.map { .string($0) })), ("failures", .array(s.failures.map { .string($0) })),
          ("output", .string(s.output)),
        ])
      })),
      ("findings", .int(Int64(state.findingCount))), ("failed", .int(Int64(state.failureCount))),
      ("remediesRun", .int(Int64(state.remediesRun))),
      ("remediesSkipped", .array(state.remediesSkipped.map { .string($0) })),
      ("remediesUnavailable", .array(state.remediesUnavailable.map { .string($0) })), ("status", .int(Int64(exit))),
    ])
  }

  static func banner(_ b: Runbook, color: Bool) -> String {
    let title = "Runbook \(b.name) (\(b.severity))"
    var out = color ? "\u{1B}[1m\(title)\u{1B}[0m\n" : title + "\n"
    if !b.summary.isEmpty { out += b.summary + "\n" }
    if !b.alert.isEmpty { out += "alert: \(b.alert)\n" }
    return out
  }

  /// The built-in runbooks' variables, for --help: each with its default(s)
  /// and meaning; `runbook show NAME` gives one runbook's with this session's values.
  static var variablesHelp: String {
    var order: [String] = []
    var help: [String: String] = [:]
    var defaults: [String: [(spec: String, books: [String])]] = [:]
    for (name, bytes) in BuiltinRunbooks.all {
      let book = Runbook(name: name, source: String(decoding: bytes, as: UTF8.self), origin: .builtIn)
      for v in book.variables {
        if help[v.name] == nil {
          order.append(v.name)
          help[v.name] = v.help
        }
        var spec = v.setting.map { "setting \($0)" } ?? v.fallback ?? ""
        if v.setting != nil, let f = v.fallback { spec += ", else \(f)" }
        let short = name.hasPrefix("CrmEvents") ? String(name.dropFirst(9)) : name
        if let i = defaults[v.name]?.firstIndex(where: { $0.spec == spec }) {
          defaults[v.name]![i].books.append(short)
        } else {
          defaults[v.name, default: []].append((spec, [short]))
        }
      }
    }
    return order.map { n in
      let specs = defaults[n]!
      let shown =
        specs.count == 1
        ? specs[0].spec : specs.map { "\($0.spec) (\($0.books.joined(separator: ", ")))" }.joined(separator: "; ")
      return "  \(n) = \(shown): \(help[n]!)"
    }.joined(separator: "\n")
  }
}
