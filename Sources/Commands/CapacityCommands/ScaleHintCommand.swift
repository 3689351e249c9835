import ArgumentParser
import Capacity
import Config
import Formats
import Host
import Output
import Prometheus
import ScriptLanguage
import Vocabulary

struct ScaleHintCommand: AetherCommand, GroupedCommand, HasDisplayOptions {
  static let group = CommandGroup.capacity
  static let configuration = CommandConfiguration(
    commandName: "scale-hint",
    abstract: "Consumer replicas needed, capped at the partition count, with the reason.",
    discussion: """
      needed = ceil(rate / clamp_min(capacity, 0.001)), as the dashboard's scale hint; with \
      --lag and --target-drain, enough replicas to also clear the backlog in that time. The \
      recommendation is capped at the partition count: extra consumers would be idle.
      Examples:
        scale-hint --rate 20 --capacity 5 --partitions 3
        scale-hint --rate 4 --capacity 5 --lag 6000 --target-drain 10m --partitions 6
        scale-hint crm-events-sse --target-drain 10m --or unknown
      Live (GROUP, else the profile's group; no --rate): the capacity is --capacity, the profile's, or measured from the members that \
      own lagging partitions; otherwise it is unknown, and that is exit 2 saying what to set \
      (or, with --or TEXT, TEXT on stdout and the reason on stderr). A group that keeps up is \
      never told to scale up (reason keeping-up).
      """)

  @Argument(help: "Consumer group to measure live.", completion: .names(.groups))
  var group: String?

  @Option(parsing: .unconditional, help: "Incoming messages/s.", transform: ArgumentParsing.rate)
  var rate: Double?

  @Option(parsing: .unconditional, help: "Messages/s one replica handles (default: the profile's capacity).", transform: ArgumentParsing.rate)
  var capacity: Double?

  @Option(parsing: .unconditional, help: "Backlog to clear.", transform: ArgumentParsing.count)
  var lag: Int64?

  @Option(name: .customLong("target-drain"), help: "Clear the backlog within this time (e.g. 10m).", transform: ArgumentParsing.duration)
  var targetDrain: Double?

  @Option(parsing: .unconditional, help: "Partition count: the most replicas that can work.")
  var partitions: Int?

  @Option(parsing: .unconditional, help: "Replicas running now (for the report).")
  var current: Int?

  @Option(
    name: .customLong("or"), parsing: .unconditional,
    help: "Live form: print this instead of failing when a replica's capacity is unknown (e.g. --or unknown).")
  var orElse: String?

  @OptionGroup var sampling: LiveSampling

  @OptionGroup var rules: PipelineRuleOptions

  @OptionGroup var display: DisplayOptions

  func validate() throws {
    if rules.fromPrometheus {
      if rate != nil || lag != nil { throw ValidationError("--from-prometheus reads the rate and lag itself") }
    } else if rate != nil {
      if group != nil { throw ValidationError("give either a GROUP or --rate, not both") }
      if (lag == nil) != (targetDrain == nil) { throw ValidationError("--lag and --target-drain go together") }
    } else if lag != nil {
      throw ValidationError("the live form measures the lag itself; give --target-drain only (or --rate for the local form)")
    }
    // No --rate: the live form, on GROUP or the profile's group.
    try sampling.check(command: "scale-hint", live: isLive, fromPrometheus: rules.fromPrometheus)
    if orElse != nil && !isLive {
      throw ValidationError("--or applies to the live form (scale-hint GROUP), where the capacity may be unknown")
    }
  }

  /// Measured from Kafka: neither the local form (--rate) nor --from-prometheus.
  var isLive: Bool { rate == nil && !rules.fromPrometheus }

  /// The local form (given numbers) reads nothing from the profile.
  var needsSettings: Bool { rate == nil || capacity == nil }

  func execute(_ ctx: CommandContext) throws -> Report {
    if rules.fromPrometheus { return try fromPrometheus(ctx) }
    guard let rate else { return try live(ctx) }
    guard let capacity = capacity ?? ctx.settings.capacity?.value else {
      throw CommandFailure.usage("give --capacity (events/s per replica) or set 'capacity' in the profile")
    }
    let hint = try scaleHint(
      ScaleInput(
        rate: rate, capacity: capacity, lag: lag, targetDrainSeconds: targetDrain, partitions: partitions,
        current: current))
    return ScaleHintCommand.report(hint, rate: rate, capacity: capacity, thresholds: ctx.thresholds)
  }

  /// Rates measured over the window; capacity from the flag, the profile,
  /// or what each member consumed when the window shows them saturated
  /// (`capacitySource`: consumers that keep up say nothing of what they could do).
  func live(_ ctx: CommandContext) throws -> Report {
    let g = ctx.group(group, for: "scale-hint")
    let w = try sampling.looks(group: g, ctx: ctx)
    let (last, rates) = (w.last, w.rates)
    let members = last.members?.count
    let health = GroupHealth.assess(w, thresholds: ctx.thresholds)
    let drain = try? StatusJoin.drain(w, health: health, thresholds: ctx.thresholds)
    let capacityValue: Double
    switch capacitySource(
      configured: capacity ?? ctx.settings.capacity?.value, verdicts: health.partitions.map(\.verdict.verdict),
      consumeRate: rates.consumeRate, members: members, saturatedMemberRates: health.saturatedMemberRates)
    {
    case .configured(let c), .saturated(let c): capacityValue = c
    case .unknown(let why):
      guard let orElse else { throw CommandFailure.usage("give --capacity (events/s per replica): \(why)") }
      // A script asked for a value either way: the reason goes to stderr, the stand-in to stdout.
      if ctx.format == .plain || ctx.isCaptured { ctx.warn("scale-hint: replicas unknown: \(why)") }
      return Report(
        json: .object([
          ("current", .optional(members)), ("needed", .null), ("recommended", .null), ("max", .int(Int64(last.offsets.count))),
          ("reason", .string("unknown")), ("detail", .string(why)),
        ]),
        sections: [.fields([("group", Cell(g)), ("replicas", Cell("unknown: \(why)", level: .warn))])], plain: orElse)
    }
    let hint = try scaleHint(
      ScaleInput(
        rate: rates.produceRate, capacity: capacityValue, lag: targetDrain == nil ? nil : last.lag.totalLag,
        targetDrainSeconds: targetDrain, partitions: last.offsets.count, current: members,
        hottestPartition: rates.hottestPartition,
        keepsUp: keepsUp(verdict: health.verdict, drain: drain?.0.status)))
    var report = ScaleHintCommand.report(hint, rate: rates.produceRate, capacity: capacityValue, thresholds: ctx.thresholds)
    report.sections.insert(
      .fields([
        ("group", Cell(g)), ("incoming", Cell("\(formatNumber(rates.produceRate))/s")),
        ("consumed", Cell("\(formatNumber(rates.consumeRate))/s")),
        ("lag", Cell(formatCount(last.lag.totalLag))),
      ]), at: 0)
    return report
  }

  /// The dashboard's formula, ceil(consumer_rate_1m / clamp_min(peak_capacity_1h, 0.001)),
  /// through the same local math (partition cap and backlog included).
  func fromPrometheus(_ ctx: CommandContext) throws -> Report {
    let g = ctx.group(group, for: "scale-hint")
    let f = try PipelineRules.read(group: g, rules, ctx: ctx)
    guard let rate = f.consumeRate else { throw PipelineRules.missing(rules.rateRule, group: nil, ctx: ctx) }
    // A peak of 0 (nothing consumed in the window) says nothing about what a
    // replica can do: it is unknown, not a capacity the math may divide by.
    let peak = f.peakCapacity.flatMap { $0 > 0 ? $0 : nil }
    guard let capacityValue = capacity ?? peak ?? ctx.settings.capacity?.value else {
      if f.peakCapacity == 0 {
        throw CommandFailure.failed(
          "\(rules.capacityRule) is 0 (nothing consumed in its window): a replica's capacity is unknown; "
            + "give --capacity or set 'capacity' in the profile")
      }
      throw PipelineRules.missing(rules.capacityRule, group: nil, ctx: ctx)
    }
    let lagValue = f.lag.flatMap { Int64(exactly: $0) }
    let hint = try scaleHint(
      ScaleInput(
        rate: rate, capacity: capacityValue, lag: targetDrain == nil ? nil : lagValue,
        targetDrainSeconds: targetDrain == nil || lagValue == nil ? nil : targetDrain,
        partitions: partitions ?? f.partitions, current: current ?? f.consumers))
    var report = ScaleHintCommand.report(
      hint, rate: rate, capacity: capacityValue, rateWord: "consumed", thresholds: ctx.thresholds)
    report.sections.insert(
      .fields([
        ("group", Cell(g)), ("source", Cell("Prometheus: \(rules.rateRule), \(rules.capacityRule)")),
        ("consumer rate", Cell("\(formatNumber(rate))/s")), ("peak capacity", Cell("\(formatNumber(capacityValue))/s")),
        ("lag", Cell(lagValue.map(formatCount) ?? "no value")),
      ]), at: 0)
    return report
  }

  static func reasonCode(_ r: ScaleReason) -> String {
    switch r {
    case .rate: "rate"
    case .backlog: "backlog"
    case .partitionCap: "partition-cap"
    case .hotPartition: "hot-partition"
    case .keepingUp: "keeping-up"
    }
  }

  /// `rateWord`: what the rate is (messages arriving, or the consumer
  /// throughput the dashboard's rule reads), so the reason says the truth.
  static func explain(_ h: ScaleHint, rate: Double, capacity: Double, rateWord: String = "incoming") -> String {
    switch h.reason {
    case .rate:
      return "\(formatNumber(rate))/s \(rateWord) at \(formatNumber(capacity))/s per replica needs \(h.needed)"
    case .backlog:
      return "clearing the backlog within the target drain time needs \(h.needed) replicas"
    case .partitionCap(let p):
      return "the partition count caps it: \(formatNumber(rate))/s at \(formatNumber(capacity))/s per replica needs "
        + "\(h.needed) replicas but only \(p) partitions, so at most \(p) consumers can work: every partition gets "
        + "more than one replica handles; add partitions (\(h.needed) at this capacity) or make each consumer faster"
    case .hotPartition(let p, let r):
      return "partition \(p) alone receives \(formatNumber(r))/s, more than one replica's "
        + "\(formatNumber(capacity))/s, while the partitions on average fit one: more replicas cannot help; "
        + "fix the key distribution"
    case .keepingUp:
      return "the \(h.current.map(String.init) ?? "current") member(s) keep up (the lag is one commit interval of "
        + "traffic): no more are needed, whatever \(formatNumber(capacity))/s per replica would say"
    }
  }

  static func report(
    _ h: ScaleHint, rate: Double, capacity: Double, rateWord: String = "incoming", thresholds: Thresholds
  ) -> Report {
    let reason = explain(h, rate: rate, capacity: capacity, rateWord: rateWord)
    let json = JSON.object([
      ("current", .optional(h.current)),
      ("needed", .int(Int64(h.needed))),
      ("recommended", .int(Int64(h.recommended))),
      ("max", .optional(h.max)),
      ("reason", .string(reasonCode(h.reason))),
      ("detail", .string(reason)),
    ])
    let fields: [(String, Cell)] = [
      ("current", Cell(h.current.map(String.init) ?? "—")),
      ("needed", Cell(String(h.needed), level: thresholds.level(replicas: h.needed))),
      ("recommended", Cell(String(h.recommended), level: thresholds.level(replicas: h.recommended))),
      ("max", Cell(h.max.map { "\($0) (partitions)" } ?? "—")),
      ("reason", Cell(reason)),
    ]
    return Report(json: json, sections: [.fields(fields)], plain: String(h.recommended))
  }
}
