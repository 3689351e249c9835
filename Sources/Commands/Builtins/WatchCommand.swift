import ArgumentParser
import Capacity
import Config
import Formats
import Host
import Output
import Prometheus
import ScriptLanguage
import Vocabulary

struct WatchCommand: AetherCommand, TrailingWords, GroupedCommand, HasDisplayOptions {
  static let group = CommandGroup.shell
  static let configuration = CommandConfiguration(
    commandName: "watch",
    abstract: "Re-run a command every DURATION until Ctrl-C, redrawing in place on a terminal.",
    discussion: """
      A run whose server does not answer (exit 3: a broker stall) is shown in place, the \
      last good output kept and marked stale with its age, and the next run tried: a watch \
      is a monitor. A run that fails with output (status's unhealthy verdict) is shown as it \
      is; one that fails without (a usage error, a group that does not exist) ends the watch. \
      --fail-fast ends it at the first failure of any kind.
      Examples:
        watch 5s lag crm-events-sse
        watch 10s topic describe aetherlink.events
        watch --fail-fast 5s lag crm-events-sse
      """)

  @Flag(name: .customLong("fail-fast"), help: "End at the first failed run instead of showing it and retrying (give it before DURATION).")
  var failFast = false

  @Argument(help: "How often: 2s, 1m (at least 100ms).", transform: ArgumentParsing.interval)
  var every: Double

  @Argument(parsing: .captureForPassthrough, help: "The command and its arguments.")
  var command: [String] = []
  static let trailingParsing = TrailingParsing.passthrough
  mutating func append(trailing more: [String]) { command += more }

  @OptionGroup var display: DisplayOptions

  func validateWords() throws {
    guard every > 0 else { throw ValidationError("DURATION must be greater than 0") }
    guard let first = command.first else { throw ValidationError("give a command to watch") }
    guard first != "watch" else { throw ValidationError("watch cannot watch itself") }
    guard Registry.command(named: first) != nil else { throw ValidationError("unknown command '\(first)'") }
  }

  var needsSettings: Bool { false }

  func execute(_ ctx: CommandContext) throws -> Report {
    // What the inner command printed was captured unescaped: on a terminal its
    // control characters are shown, never sent.
    let onTerminal = ctx.stdoutIsTerminal && !ctx.isCaptured
    try Watch.repeatEvery(every, failFast: failFast, ctx: ctx) {
      let outcome = ctx.execute(command, capture: true, format: ctx.format)
      let output = onTerminal ? visibleControls(outcome.output) : outcome.output
      if outcome.status != 0 {
        var f = CommandFailure(status: outcome.status, outcome.error ?? "\(command[0]) failed")
        // Exit 1 with output is an answer (status's unhealthy verdict): shown, and the watch goes on.
        if outcome.status == ExitStatus.failure && !output.isEmpty { f.report = .text(output) }
        throw f
      }
      return .text(output)
    }
    return .empty
  }
}
