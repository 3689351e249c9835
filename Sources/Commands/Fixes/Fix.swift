import ArgumentParser
import Capacity
import Clients
import Config
import Formats
import Foundation
import Host
import Output
import Prometheus
import ScriptLanguage
import Vocabulary

struct Fix: AetherCommand, TrailingWords, GroupedCommand, HasDisplayOptions {
  static let group = CommandGroup.runbooks
  static let configuration = CommandConfiguration(
    commandName: "fix",
    abstract: "Quick fixes: 'fix list', or 'fix NAME [ARG…] [--yes]' (asks before changing anything).",
    discussion: """
      Built in: reset-offsets [GROUP] [to=start|end|OFFSET|@TIME|-DURATION] (shows group seek's \
      plan, then commits), test-event [TOPIC] (publishes a HealthCheck event). More come from the \
      config, as argv templates run without a shell:
        [fixes.scale]
        run = ["docker", "compose", "-f", "{compose_file}", "up", "-d", "--scale", "{service}={replicas}"]
        summary = "Scale a service"
      An ARG KEY=VALUE fills {KEY}; a bare ARG fills the next open placeholder in order; the \
      profile's topic, group, brokers, prometheus and profile fill the rest; anything left open \
      is an error before anything runs.
      """)

  @Argument(help: "Fix name, or 'list'.", completion: .names(.fixes))
  var fixName: String

  @Argument(help: "KEY=VALUE or values for the fix's placeholders, in order.", completion: .names(.fixArguments))
  var arguments: [String] = []
  static let trailingParsing = TrailingParsing.remaining
  mutating func append(trailing more: [String]) { arguments += more }

  @Flag(help: "Run without asking.")
  var yes = false

  @OptionGroup var display: DisplayOptions

  func execute(_ ctx: CommandContext) throws -> Report {
    let fixes = FixCatalog.all(ctx)
    if fixName == "list" { return Fix.list(fixes) }
    guard let fix = fixes.first(where: { $0.name == fixName }) else {
      var message = "no fix named '\(fixName)'"
      if let s = closestMatch(fixName, in: fixes.map(\.name)) { message += "; did you mean '\(s)'?" }
      throw CommandFailure.usage(message + " (fix list)")
    }
    let action = try fix.action(arguments: arguments, profile: FixCatalog.profileValues(ctx.settings))
    let assumeYes = yes || fix.readOnly || (ctx.runbookState?.assumeYes ?? false)
    switch action {
    case .native(let preview, let change):
      if let preview, !assumeYes {
        let outcome = ctx.execute(preview, capture: false)
        if let e = outcome.error { ctx.warn(e) }
        guard outcome.status == 0 else { throw CommandFailure(status: outcome.status, "\(fix.name): the plan failed") }
      }
      ctx.out.write("fix \(fix.name): aetherctl \(change.map(shellQuoted).joined(separator: " "))\n")
      guard try Fix.confirmed(ctx, assumeYes: assumeYes, name: fix.name) else { return .text("not run") }
      let outcome = ctx.preapproved { ctx.execute(change, capture: false) }
      if let e = outcome.error { ctx.warn(e) }
      guard outcome.status == 0 else { throw CommandFailure(status: outcome.status, "\(fix.name) failed") }
      return .empty
    case .program(let argv):
      // An argv is world-readable (ps, /proc): a URL with its password never goes on one.
      if let leaky = argv.first(where: { $0.contains("://") && redactingCredentials(in: $0) != $0 }) {
        throw CommandFailure.usage(
          "\(fix.name): \(redactingCredentials(in: leaky)) carries a password, and a program's arguments are visible "
            + "to every user (ps): give the fix a URL without one (credentials from a token or password file)")
      }
      ctx.out.write("fix \(fix.name): \(argv.map(shellQuoted).joined(separator: " "))\n")
      guard try Fix.confirmed(ctx, assumeYes: assumeYes, name: fix.name) else { return .text("not run") }
      ctx.out.flush()
      let status = try Spawn.run(argv)
      if status == ExitStatus.interrupted || ctx.isInterrupted { throw CommandFailure.interrupted() }
      guard status == 0 else { throw CommandFailure.failed("\(fix.name): \(argv[0]) exited with status \(status)") }
      return .empty
    }
  }

  static func confirmed(_ ctx: CommandContext, assumeYes: Bool, name: String) throws -> Bool {
    switch Confirmation.decide(ctx, assumeYes: assumeYes, what: "run fix \(name)") {
    case .approved: return true
    case .declined: return false
    case .needsYes: throw CommandFailure.failed("\(name): not run: confirm at a terminal or give --yes")
    case .interrupted: throw CommandFailure.interrupted("interrupted; \(name) not run")
    }
  }

  static func list(_ fixes: [QuickFix]) -> Report {
    let rows = fixes.map { f in
      [Cell(f.name), Cell(f.template.placeholders.joined(separator: " ")), Cell(f.builtIn ? "built-in" : "config"), Cell(f.summary)]
    }
    let table = Table(headers: ["FIX", "ARGUMENTS", "SOURCE", "SUMMARY"], rows: rows)
    let json = JSON.array(
      fixes.map { f in
        .object([
          ("name", .string(f.name)), ("placeholders", .array(f.template.placeholders.map { .string($0) })),
          ("builtIn", .bool(f.builtIn)), ("summary", .string(f.summary)),
        ])
      })
    return Report(json: json, sections: [.table(table)], plain: fixes.map(\.name).joined(separator: "\n"), csv: table)
  }
}
