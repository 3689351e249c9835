import ArgumentParser
import Capacity
import Config
import Formats
import Host
import Output
import Prometheus
import ScriptLanguage
import Vocabulary

struct Eta: AetherCommand, GroupedCommand, HasDisplayOptions {
  static let group = CommandGroup.capacity
  static let configuration = CommandConfiguration(
    commandName: "eta",
    abstract: "Drain ETA of a backlog: live from a group, or from given numbers.",
    discussion: """
      Status: drained (no lag), caught-up (live only: a lag no larger than one commit \
      interval of traffic, with consume and produce equal within the window's noise; the \
      profile's commit_interval, 5s by default), draining (finite ETA), holding (consumers and \
      producers at the same rate: never drains, never grows), growing (producers outrun the \
      consumers), stalled (lag and nothing consumed). ETA = lag / (consume − produce); it is \
      'never' (null in JSON) when that net rate is not positive. Offsets past a commit that \
      hold no readable message (transaction markers) are not counted as backlog.
      Live: GROUP sampled over --window, or with no GROUP and no numbers the profile's group \
      (said on stderr).
      Examples:
        eta --lag 600 --consume-rate 2.7
        eta --lag 5000 --consume-rate 10 --produce-rate 8
      """)

  @Argument(help: "Consumer group to sample live.", completion: .names(.groups))
  var group: String?

  @Option(parsing: .unconditional, help: "Backlog in messages.", transform: ArgumentParsing.count)
  var lag: Int64?

  @Option(name: .customLong("consume-rate"), parsing: .unconditional, help: "Messages/s the group consumes.", transform: ArgumentParsing.rate)
  var consumeRate: Double?

  @Option(name: .customLong("produce-rate"), parsing: .unconditional, help: "Messages/s arriving (default 0).", transform: ArgumentParsing.rate)
  var produceRate: Double?

  @OptionGroup var sampling: LiveSampling

  @OptionGroup var rules: PipelineRuleOptions

  @OptionGroup var display: DisplayOptions

  /// Numbers given: the local form. Without them (and without
  /// --from-prometheus) the live form, on GROUP or the profile's group.
  var isLocal: Bool { lag != nil || consumeRate != nil || produceRate != nil }

  func validate() throws {
    if isLocal {
      if group != nil { throw ValidationError("give either a GROUP or --lag/--consume-rate, not both") }
      if rules.fromPrometheus { throw ValidationError("--from-prometheus reads the rates itself: no --lag/--consume-rate") }
      guard lag != nil, consumeRate != nil else {
        throw ValidationError("the local form needs --lag and --consume-rate (or give no numbers: the live form on the profile's group)")
      }
    }
    try sampling.check(command: "eta", live: !isLocal, fromPrometheus: rules.fromPrometheus)
  }

  /// The local form (given numbers) reads nothing from the profile.
  var needsSettings: Bool { !isLocal }

  func execute(_ ctx: CommandContext) throws -> Report {
    if let lag, let consumeRate {
      let estimate = try drainEstimate(lag: lag, consumeRate: consumeRate, produceRate: produceRate ?? 0)
      return Eta.report(estimate, group: group, thresholds: ctx.thresholds)
    }
    let g = ctx.group(group, for: "eta")
    if rules.fromPrometheus { return try fromPrometheus(group: g, ctx) }
    let w = try sampling.looks(group: g, ctx: ctx)
    let last = w.last
    // The same rule as status: a backlog on a partition that does not move never drains.
    let (estimate, blocked) = try StatusJoin.drain(
      w, health: GroupHealth.assess(w, thresholds: ctx.thresholds), thresholds: ctx.thresholds)
    var report = Eta.report(estimate, group: g, blockedBy: blocked, thresholds: ctx.thresholds)
    if !last.lag.uncommitted.isEmpty {
      report.sections.append(
        .note("\(last.lag.uncommitted.count) partition(s) have no committed offset and are not in the lag."))
    }
    for e in last.topicErrors { report.sections.append(.note(GroupReport.topicErrorNote(e))) }
    return report
  }

  /// The recording rules' lag and consumer rate through the same formula; the
  /// dashboard's own ETA rule is shown beside it.
  func fromPrometheus(group g: String, _ ctx: CommandContext) throws -> Report {
    let f = try PipelineRules.read(group: g, rules, ctx: ctx)
    guard let lag = f.lag else { throw PipelineRules.missing(rules.lagRule, group: g, ctx: ctx) }
    guard let rate = f.consumeRate else { throw PipelineRules.missing(rules.rateRule, group: nil, ctx: ctx) }
    let estimate = try drainEstimate(lag: Int64(exactly: lag) ?? 0, consumeRate: rate, produceRate: 0)
    var report = Eta.report(estimate, group: g, thresholds: ctx.thresholds)
    let dashboard = f.dashboardETA.map { "\(Durations.format($0)) (\(formatNumber($0, digits: 1)) s)" } ?? "no value"
    report.sections.append(.fields([("source", Cell("Prometheus: \(rules.lagRule), \(rules.rateRule)")), ("dashboard ETA", Cell(dashboard))]))
    if case .object(var fields) = report.json {
      fields.append(("source", .string("prometheus")))
      fields.append(("dashboardEtaSeconds", .optional(f.dashboardETA)))
      report.json = .object(fields)
    }
    return report
  }

  static func report(
    _ e: DrainEstimate, group: String?, blockedBy: (name: String, verdict: Verdict)? = nil, thresholds: Thresholds
  ) -> Report {
    let etaText: String
    if e.status == .caughtUp {
      etaText = "0s (caught up: lag \(formatCount(e.lag)) is what the commit interval explains)"
    } else if let s = e.etaSeconds {
      etaText = s == 0 ? "0s" : "\(Durations.format(s)) (\(formatNumber(s, digits: 1)) s)"
    } else if let b = blockedBy {
      etaText = "never (\(b.name) \(b.verdict.rawValue))"
    } else {
      etaText = "never"
    }
    var fields: [(String, Cell)] = []
    if let g = group { fields.append(("group", Cell(g))) }
    fields += [
      ("lag", Cell(formatCount(e.lag), level: thresholds.level(totalLag: e.lag))),
      ("consume rate", Cell("\(formatNumber(e.consumeRate))/s")),
      ("produce rate", Cell("\(formatNumber(e.produceRate))/s")),
      ("net rate", Cell("\(formatNumber(e.netRate))/s")),
      ("ETA", Cell(etaText, level: e.status == .caughtUp ? .ok : thresholds.level(etaSeconds: e.etaSeconds))),
      ("status", Cell(e.status.rawValue, level: [.drained, .caughtUp, .draining].contains(e.status) ? .ok : .critical)),
    ]
    let json = JSON.object([
      ("group", .optional(group)),
      ("lag", .int(e.lag)),
      ("consumeRate", .double(e.consumeRate)),
      ("produceRate", .double(e.produceRate)),
      ("netRate", .double(e.netRate)),
      ("etaSeconds", .optional(e.etaSeconds)),
      ("status", .string(e.status.rawValue)),
    ])
    var sections: [Section] = [.fields(fields)]
    switch e.status {
    case .stalled where blockedBy != nil:
      sections.append(
        .note(
          "\(blockedBy.map { "\($0.name) is \($0.verdict.rawValue)" } ?? ""): its backlog waits while the others move, "
            + "so the group's backlog never drains: check its consumer (status shows the evidence)."))
    case .stalled: sections.append(.note("Nothing is being consumed: check that the consumers are up and not stuck."))
    case .growing:
      sections.append(
        .note(
          "Producers outrun the consumers by \(formatNumber(-e.netRate))/s: the backlog grows and will not drain "
            + "without more capacity."))
    case .holding:
      sections.append(
        .note("Consumers only keep pace with producers: the backlog holds at its size and never drains."))
    default: break
    }
    return Report(
      json: json, sections: sections, plain: e.etaSeconds.map { formatNumber($0, digits: 1) } ?? "never")
  }
}
