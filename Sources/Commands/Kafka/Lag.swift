import ArgumentParser
import Capacity
import Config
import Formats
import Foundation
import Host
import Output
import Prometheus
import ScriptLanguage
import Vocabulary

struct Lag: AetherCommand, GroupedCommand, HasDisplayOptions {
  static let group = CommandGroup.kafka
  static let configuration = CommandConfiguration(
    commandName: "lag",
    abstract: "Lag of a consumer group: total, per partition, time lag, skew and the hottest partition.",
    discussion: """
      lag = log end − committed offset, never below 0. A partition the group never committed \
      is shown as such, with its backlog, and not counted as 0.
      behind (time lag) = now − the timestamp of the first unconsumed message (the one at the \
      committed offset), read from the log: one message per lagging partition, fetched from \
      each leader at once within --timeout. It says how old the backlog is, not how long it \
      takes to drain (that is 'eta'). A partition never committed shows the age of its oldest \
      retained message, labelled so.
      Examples:
        lag crm-events-sse
        lag crm-events-sse --total
        lag crm-events-sse --watch 5s
        lag crm-events-sse --no-time
      """)

  @Argument(help: "Consumer group (default: the profile's group).", completion: .names(.groups))
  var groupName: String?

  @Option(
    help: "Only this topic (default: the topics the group committed, else the profile's topic).", completion: .names(.topics))
  var topic: String?

  @Flag(help: "Print only the total lag.")
  var total = false

  @Option(help: "Repeat every DURATION (at least 100ms) until Ctrl-C.", transform: ArgumentParsing.interval)
  var watch: Double?

  @Flag(name: .customLong("no-time"), help: "Skip the time lag (reads no message).")
  var noTime = false

  @Flag(name: .customLong("fail-fast"), help: "With --watch: end at the first failed refresh instead of showing it and retrying.")
  var failFast = false

  @OptionGroup var display: DisplayOptions

  func execute(_ ctx: CommandContext) throws -> Report {
    let group = ctx.group(groupName, for: "lag")
    guard let every = watch else { return try once(group, ctx) }
    try Watch.repeatEvery(every, failFast: failFast, ctx: ctx) { try once(group, ctx) }
    return .empty
  }

  func once(_ group: String, _ ctx: CommandContext) throws -> Report {
    let snapshot = try GroupReader.read(group: group, topic: topic, ctx: ctx, describe: !total, times: !total && !noTime)
    if total {
      let t = snapshot.lag.totalLag
      let missing = snapshot.lag.uncommitted
      var sections: [Section] = [
        .fields([("total lag", Cell(formatCount(t), level: ctx.thresholds.level(totalLag: t)))])
      ]
      if !missing.isEmpty {
        // The number alone would hide the partitions it leaves out.
        let text = GroupReport.uncountedNote(snapshot.lag)
        sections.append(.note(text))
        if ctx.format == .plain || ctx.isCaptured { ctx.warn("lag: \(text)") }
      }
      for e in snapshot.topicErrors {
        let text = GroupReport.topicErrorNote(e)
        sections.append(.note(text))
        if ctx.format == .plain || ctx.isCaptured { ctx.warn("lag: \(text)") }
      }
      return try GroupReport.finish(
        snapshot,
        Report(
          json: .object([
            ("group", .string(group)), ("totalLag", .int(t)),
            ("uncommittedPartitions", .int(Int64(missing.count))),
            ("topicErrors", .array(snapshot.topicErrors.map { .string($0.topic) })),
          ]),
          sections: sections,
          plain: String(t)))
    }
    return try GroupReport.finish(snapshot, GroupReport.report(snapshot, thresholds: ctx.thresholds))
  }
}

/// `--watch`: redraw in place on a terminal, successive snapshots otherwise,
/// until Ctrl-C (which ends the watch, not the session). A watch is a
/// monitor: a refresh that fails (a broker stall) is shown where the values
/// were, the last good ones kept and marked stale with their age, and the
/// next refresh tried; `failFast` ends at the first failure instead (the
/// old behaviour, for scripts that want it). A usage error ends it at once.
enum Watch {
  static func repeatEvery(_ seconds: Double, failFast: Bool = false, ctx: CommandContext, _ body: () throws -> Report) throws {
    try ctx.sayingNoticesOnce { try repeating(seconds, failFast: failFast, ctx: ctx, body) }
  }

  private static func repeating(_ seconds: Double, failFast: Bool, ctx: CommandContext, _ body: () throws -> Report) throws {
    let renderer = Renderer(
      format: ctx.format, color: ctx.color && !ctx.isCaptured,
      prettyJSON: ctx.stdoutIsTerminal && !ctx.isCaptured, visible: ctx.stdoutIsTerminal && !ctx.isCaptured)
    let inPlace = ctx.stdoutIsTerminal && !ctx.isCaptured && ctx.format == .table
    var lastGood: (report: Report, at: Date)?
    while true {
      ctx.renewDeadline()
      let now = Date()
      let stamp = formatClock(now)
      var shown: Report
      var stale: String?
      do {
        shown = try body()
        lastGood = (shown, now)
      } catch where !failFast && error.failure.status == ExitStatus.failure && error.failure.report != nil {
        let f = error.failure
        // A failure that is the answer (an unhealthy verdict, a topic that
        // could not be read): shown as it is now, never an older healthy view.
        ctx.warn("watch: \(f.message)")
        shown = f.report!
        lastGood = (shown, now)
      } catch where !failFast && error.failure.status == ExitStatus.unreachable {
        let f = error.failure
        // Only a server that did not answer is retried: anything else (a
        // group that does not exist, a usage error) will not fix itself.
        let when = lastGood.map { "the last good values are from \(formatClock($0.at)) (\(Durations.format(now.timeIntervalSince($0.at))) ago)" }
          ?? "no values yet"
        stale = "refresh failed at \(stamp): \(f.message); \(when); retrying every \(Durations.format(seconds))"
        shown = lastGood?.report ?? .empty
        ctx.warn("watch: " + stale!)
      }
      if inPlace {
        ctx.out.write("\u{1B}[H\u{1B}[2J")
        ctx.out.write("every \(Durations.format(seconds)) · \(stamp) · Ctrl-C stops\n\n")
        if let stale { ctx.out.write("STALE: \(stale)\n\n") }
      } else if ctx.format == .table {
        ctx.out.write("# \(stamp)\(stale == nil ? "" : " (stale: the refresh failed)")\n")
      }
      // Piped or captured, a failed refresh prints nothing new on stdout: the warning says it.
      if stale == nil || inPlace { ctx.out.write(renderer.render(shown)) }
      if !inPlace && ctx.format == .table { ctx.out.write("\n") }
      try ctx.sleep(seconds: seconds)
    }
  }

  static func formatClock(_ d: Date) -> String {
    let f = DateFormatter()
    f.dateFormat = "HH:mm:ss"
    return f.string(from: d)
  }
}
