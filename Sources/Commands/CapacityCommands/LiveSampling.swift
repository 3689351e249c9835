import ArgumentParser
import Capacity
import Host

/// `--window` and `--topic` of the live forms of `eta` and `scale-hint`
/// (the rates measured from Kafka over a window), declared and checked once.
struct LiveSampling: ParsableArguments {
  @Option(help: "Sampling window for the live form (default 10s).", transform: ArgumentParsing.duration)
  var window: Double?

  @Option(help: "Live form: only this topic.", completion: .names(.topics))
  var topic: String?

  /// A window only means something when Kafka is sampled: with a GROUP, and
  /// not when the rates come from Prometheus's rules.
  func check(command: String, live: Bool, fromPrometheus: Bool) throws {
    guard window != nil else { return }
    if fromPrometheus { throw ValidationError("--window applies to live Kafka sampling, not --from-prometheus") }
    if !live { throw ValidationError("--window applies to the live form (\(command) GROUP)") }
  }

  /// Two snapshots of the group `window` apart, and the rates between them.
  func sample(group: String, ctx: CommandContext) throws -> (first: GroupSnapshot, last: GroupSnapshot, rates: RateSample) {
    let w = try looks(group: group, ctx: ctx)
    return (w.first, w.last, w.rates)
  }

  /// Every look of the window, for what the verdicts need too.
  func looks(group: String, ctx: CommandContext) throws -> GroupWindow {
    // The last look reads the log at each commit: offsets holding only
    // transaction markers are not a backlog (as status reads them).
    try GroupReader.sample(group: group, topic: topic, window: window ?? 10, times: true, ctx: ctx)
  }
}
