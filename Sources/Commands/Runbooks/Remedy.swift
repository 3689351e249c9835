import ArgumentParser
import Capacity
import Config
import Formats
import Foundation
import Host
import Output
import Prometheus
import ScriptLanguage

struct Remedy: AetherCommand, TrailingWords, GroupedCommand {
  static let group = CommandGroup.runbooks
  static let configuration = CommandConfiguration(
    commandName: "remedy",
    abstract: "A change: shows what it will do; runs only after a yes (or --yes).",
    discussion: """
      In a terminal it asks; in a script it runs only under --yes (its own, or the runbook's), \
      else it is skipped and reported. Example:
        remedy "Scale crm-events to 3 replicas" fix scale service=crm-events replicas=3
      """)

  @Flag(help: "Run without asking.")
  var yes = false

  @Argument(help: "What the change does, in one sentence.")
  var summary: String

  @Argument(parsing: .captureForPassthrough, help: "The command that makes the change.")
  var command: [String] = []
  static let trailingParsing = TrailingParsing.passthrough
  mutating func append(trailing more: [String]) { command += more }

  func validateWords() throws {
    guard !command.isEmpty else { throw ValidationError("give the COMMAND the remedy runs after its description") }
    if let problem = Registry.check(command.map { Optional($0) }) { throw ValidationError(problem) }
  }

  func execute(_ ctx: CommandContext) throws -> Report {
    let shown = command.map(shellQuoted).joined(separator: " ")
    ctx.out.write("\n→ remedy: \(summary)\n  runs: \(shown)\n")
    let assumeYes = yes || (ctx.runbookState?.assumeYes ?? false)
    // A fix that is not defined here is not asked about: it cannot run.
    if command.first == "fix", let name = command.dropFirst().first(where: { !$0.hasPrefix("-") }),
      name != "list", !FixCatalog.all(ctx).contains(where: { $0.name == name })
    {
      let why = "no fix '\(name)' is defined here (fix list; config [fixes.\(name)])"
      // Approved beforehand (--yes), the change was wanted: that it cannot run is a failure.
      if assumeYes { throw CommandFailure.failed("remedy '\(summary)' cannot run: \(why)") }
      ctx.runbookState?.remediesUnavailable.append(summary)
      return .text("  skipped: \(why)")
    }
    // librdkafka's mock cluster serves no topic admin: the remedy cannot run there.
    if command.first == "topic", (try? ctx.kafka())?.isMockCluster == true {
      let why = "librdkafka's mock cluster cannot change topics (run it on a real broker)"
      if assumeYes { throw CommandFailure.failed("remedy '\(summary)' cannot run: \(why)") }
      ctx.runbookState?.remediesUnavailable.append(summary)
      return .text("  skipped: \(why)")
    }
    // Rendered as JSON, the run's output is kept, not shown: a question would not be seen.
    let unseen = ctx.runbookState?.kept != nil && !assumeYes
    var decision = unseen ? .needsYes : Confirmation.decide(ctx, assumeYes: assumeYes)
    if decision == .needsYes, Self.touchesOnlyTheSandbox(command, ctx) {
      ctx.out.write("  approved: it changes only this session's sandbox (no terminal to ask)\n")
      decision = .approved
    }
    switch decision {
    case .declined:
      ctx.runbookState?.remediesSkipped.append(summary)
      return .text("  declined")
    case .needsYes:
      ctx.runbookState?.remediesSkipped.append(summary)
      return .text("  skipped: not confirmed (\(unseen ? "-o json does not ask" : "no terminal to ask"); use --yes)")
    case .interrupted:
      ctx.runbookState?.remediesSkipped.append(summary)
      throw CommandFailure.interrupted("interrupted; remedy '\(summary)' not run")
    case .approved:
      let outcome = ctx.preapproved { ctx.execute(command, capture: false) }
      if let e = outcome.error { ctx.warn(e) }
      guard outcome.status == 0 else {
        throw CommandFailure(status: outcome.status, "remedy '\(summary)' failed (status \(outcome.status))")
      }
      ctx.runbookState?.remediesRun += 1
      // What the remedy changed is not in the samples taken before it.
      ctx.runbookState?.samples.removeAll()
      return .text("  done")
    }
  }
}

extension Remedy {
  /// A drill in a sandbox runs its remedies from a script: what they change
  /// is the sandbox's own (a built-in fix, whose commands go to the session's
  /// cluster or its pipeline, or `sandbox control`). A config fix runs a real
  /// program, which nothing here can vouch for: it still needs a yes.
  static func touchesOnlyTheSandbox(_ command: [String], _ ctx: CommandContext) -> Bool {
    guard ctx.sandbox != nil, !ctx.settings.protected.value else { return false }
    // `--brokers prod:9092` after the command would point it elsewhere.
    guard TrailingGlobals.split(command) == nil else { return false }
    if command.starts(with: ["sandbox", "control"]) { return ctx.pipeline != nil }
    // The session's broker is the sandbox's own (noida-db): its topics are the sandbox's.
    if command.starts(with: ["topic", "add-partitions"]) { return true }
    guard command.first == "fix", let name = command.dropFirst().first(where: { !$0.hasPrefix("-") }) else {
      return false
    }
    return FixCatalog.all(ctx).first { $0.name == name }?.builtIn == true
  }
}

/// A word as a POSIX shell would need it to read it back: for showing argv, never for running it.
func shellQuoted(_ word: String) -> String {
  let safe = word.unicodeScalars.allSatisfy {
    $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || "-_./=:@,+%".unicodeScalars.contains($0))
  }
  if safe && !word.isEmpty { return word }
  return "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
}
