import Capacity
import Config
import Formats
import Foundation
import Host
import Output
import Prometheus
import ScriptLanguage
import Vocabulary

/// The one screen and the one JSON object of `status` (its JSON field names are
/// a contract scripts rely on). Time lag (behind, backward-looking) and drain ETA
/// (forward-looking) are two lines, each named for what it is.
enum StatusReport {
  static func report(group: String, window w: GroupWindow, health: GroupHealth, joined j: StatusJoin, ctx: CommandContext)
    -> Report
  {
    let t = ctx.thresholds
    let last = w.last
    var fields: [(String, Cell)] = [
      ("group", Cell(group)),
      ("verdict", Cell(health.verdict.rawValue, level: level(health.verdict))),
      ("window", Cell("\(Durations.format(w.seconds)), \(w.snapshots.count) samples")),
      ("lag", lagCell(last, thresholds: t)),
    ]
    if let m = last.lag.maxBehind { fields.append(("time lag", GroupReport.maxBehindCell(m, thresholds: t))) }
    fields.append(("drain ETA", etaCell(j.eta, blockedBy: j.etaBlockedBy, verdict: health.verdict, thresholds: t)))
    fields.append(
      ("rates", Cell("consumed \(formatNumber(w.rates.consumeRate))/s, produced \(formatNumber(w.rates.produceRate))/s")))
    if let sk = last.lag.skew {
      fields.append(
        ("skew", Cell("\(formatNumber(sk.ratio))x" + (sk.hottest.map { ", hottest \($0.name)" } ?? ""), level: t.level(skewRatio: sk.ratio))))
    }
    if let s = j.scale {
      let why = ScaleHintCommand.explain(s.hint, rate: w.rates.produceRate, capacity: s.capacity)
      fields.append(
        ("scale hint", Cell("\(s.hint.recommended) replica(s): \(why)", level: t.level(replicas: s.hint.recommended))))
    }
    if let m = last.members {
      fields.append(("members", Cell(String(m.count), level: t.level(consumers: m.count))))
    } else if let n = last.exporterMembers {
      fields.append(("members", Cell("\(n) (the exporter's view: the broker cannot describe groups)", level: t.level(consumers: n))))
    } else {
      fields.append(("members", Cell("unknown: the broker cannot describe groups (DescribeGroups unsupported)", level: .warn)))
    }

    let rows = health.partitions.map { row -> [Cell] in
      [
        Cell(row.offsets.topic), Cell(String(row.offsets.partition), numeric: true),
        Cell(row.verdict.verdict.rawValue, level: level(row.verdict.verdict)),
        GroupReport.lagCell(row.lag),
        GroupReport.behindCell(row.lag.behind, thresholds: t),
        Cell(movement(row.first?.committed, row.offsets.committed), numeric: true),
        Cell(movement(row.first?.logEnd, row.offsets.logEnd), numeric: true),
      ]
    }
    var sections: [Section] = [
      .fields(fields),
      .table(Table(headers: ["topic", "partition", "verdict", "lag", "behind", "committed", "log end"], rows: rows)),
    ]
    let evidence = health.partitions.filter { !$0.verdict.verdict.isHealthy }.map(\.verdict.evidence)
    if !evidence.isEmpty { sections.append(.note(evidence.joined(separator: "\n"))) }
    if let alerts = j.alerts {
      if alerts.isEmpty {
        sections.append(.note("alerts: none firing or pending for \(group)"))
      } else {
        sections.append(
          .table(
            Table(
              title: "alerts", headers: ["alert", "state", "since", "severity", "silenced", "runbook"],
              rows: alerts.map { a in
                [
                  Cell(a.alert.name), Cell(a.alert.state, level: a.alert.state == "firing" ? .critical : .warn),
                  Cell(PromTime.ago(a.alert.activeAtSeconds)), Cell(a.alert.labels["severity"] ?? ""),
                  Cell(a.silencedBy.map { $0.isEmpty ? "no" : "yes (\($0.map { String($0.prefix(8)) }.joined(separator: ", ")))" } ?? "unknown"),
                  Cell(a.runbook.map { "runbook run \($0)" } ?? ""),
                ]
              })))
      }
    }
    if j.untiedFiring > 0 {
      sections.append(.note("\(j.untiedFiring) firing alert(s) not tied to a group (prom alerts)"))
    }
    let next = advice(health, window: w, joined: j)
    sections.append(.note((j.missing + j.caveats + ["next: \(next)"]).joined(separator: "\n")))
    return Report(
      json: json(group: group, window: w, health: health, joined: j, advice: next), sections: sections,
      plain: health.verdict.rawValue)
  }

  /// The total, and what it leaves out: never a bare number for a group
  /// with partitions it cannot count (no commit yet) or topics it could not read.
  static func lagCell(_ s: GroupSnapshot, thresholds t: Thresholds) -> Cell {
    let total = s.lag.totalLag
    var text = formatCount(total)
    var level = t.level(totalLag: total)
    var left: [String] = []
    if !s.lag.uncommitted.isEmpty {
      let backlog = s.lag.uncommitted.reduce(Int64(0)) { $0 + $1.backlog }
      left.append(
        "counts \(s.lag.rows.count - s.lag.uncommitted.count) of \(s.lag.rows.count) partitions; "
          + "\(s.lag.uncommitted.count) with no commit yet, backlog \(formatCount(backlog))")
    }
    for e in s.topicErrors { left.append("\(e.topic) \(e.deleted ? "deleted" : "unread") and not counted") }
    if !left.isEmpty {
      text += " (\(left.joined(separator: "; ")))"
      level = max(level, .warn)
    }
    return Cell(text, level: level)
  }

  static func level(_ v: Verdict) -> Level {
    switch v {
    case .idle, .ok: .ok
    case .lagging, .rewound: .warn
    case .stalled, .stopped: .critical
    }
  }

  static func movement(_ a: Int64?, _ b: Int64?) -> String {
    switch (a, b) {
    case (nil, nil): "—"
    case (let x?, let y?) where x == y: formatCount(y)
    default: "\(a.map(formatCount) ?? "—")→\(b.map(formatCount) ?? "—")"
    }
  }

  /// "never" beside a healthy verdict is a warning to watch, not critical:
  /// the ETA never reads worse than the verdict next to it says things are.
  static func etaCell(
    _ e: DrainEstimate?, blockedBy: (name: String, verdict: Verdict)? = nil, verdict: Verdict, thresholds: Thresholds
  ) -> Cell {
    guard let e else { return Cell("unknown", level: .warn) }
    if let b = blockedBy { return Cell("never (\(b.name) \(b.verdict.rawValue))", level: .critical) }
    let never: Level = verdict.isHealthy ? .warn : .critical
    switch e.status {
    case .drained: return Cell("0s (no lag)", level: .ok)
    case .caughtUp: return Cell("0s (caught up: lag \(formatCount(e.lag)) is one commit interval of traffic)", level: .ok)
    case .draining:
      let s = e.etaSeconds ?? 0
      return Cell("\(Durations.format(s)) at the sampled rates", level: min(thresholds.level(etaSeconds: s), verdict.isHealthy ? .warn : .critical))
    case .holding: return Cell("never: consumers only keep pace with a backlog of \(formatCount(e.lag))", level: never)
    case .growing: return Cell("never: producers outrun the consumers", level: never)
    case .stalled: return Cell("never: nothing consumed in the window", level: never)
    }
  }

  /// What to do next, in one line, for the worst partition. Never the state
  /// things are in, and never a restart for a consumer that progresses (a
  /// restart rewinds it to its last commit).
  static func advice(_ h: GroupHealth, window w: GroupWindow, joined j: StatusJoin) -> String {
    switch h.verdict {
    case .idle: return "nothing: no traffic and nothing to consume"
    case .ok:
      if let e = j.eta, e.status == .draining, let s = e.etaSeconds {
        return "nothing: the backlog drains in \(Durations.format(s)) (watch it: lag \(w.last.group) --watch 10s)"
      }
      if let e = j.eta, e.status == .holding || e.status == .growing {
        return "nothing yet: the lag is under the threshold but not draining (\(e.status.rawValue)); "
          + "watch it: lag \(w.last.group) --watch 10s"
      }
      return "nothing: the consumer keeps up"
    case .lagging:
      var scale = ""
      if let s = j.scale {
        switch scaleAdvice(s.hint, current: w.last.members?.count) {
        case .scaleTo(let n): scale = "scale the consumers to \(n) replica(s) (fix scale); "
        case .cannotHelp(let why): scale = "\(why); "
        }
      } else {
        scale = "set 'capacity' in the profile for a scale hint; "
      }
      return "\(scale)runbook run CrmEventsConsumerLagHigh"
    case .rewound:
      if let o = h.partitions.first(where: { $0.verdict.verdict == .rewound })?.offsets, let c = o.committed, c > o.logEnd {
        return "decide where \(w.last.group) resumes before its consumer does: group seek \(w.last.group) --topic \(o.topic) "
          + "--to start (replay what is retained) or --to end (skip it)"
      }
      return "the committed offset went back (a group seek, or a consumer replaying after a rebalance): "
        + "the replayed messages are processed again; check who moved it"
    case .stalled:
      // A member owns it and commits nothing anywhere (alive but stuck), or
      // the owner is unknown and no new message tells stuck from gone.
      let row = h.partitions.first { $0.verdict.verdict == .stalled }
      let owned = row?.offsets.owner != nil
      let check =
        owned
        ? "its member is connected but commits nothing: read its logs; restart it only if it is hung (fix restart; it resumes from its last commit)"
        : "check that the consumer runs (fix restart if it does not); if it does, read its logs"
      if let o = row?.offsets, let c = o.committed {
        return "\(check); a message at the committed offset may break it: "
          + "tail \(o.topic) --partition \(o.partition) --from \(c) -n 1; runbook run CrmEventsConsumerStuck"
      }
      return "\(check); runbook run CrmEventsConsumerStuck"
    case .stopped:
      return "nothing commits a partition whose log moves (no member owns it, or the broker cannot say): "
        + "check that the consumers run (fix restart); runbook run CrmEventsConsumerStuck"
    }
  }

  private static func int(_ v: Int64?) -> JSON { v.map { .int($0) } ?? .null }

  static func json(group: String, window w: GroupWindow, health: GroupHealth, joined j: StatusJoin, advice: String)
    -> JSON
  {
    let last = w.last
    let partitions: JSON = .array(
      health.partitions.map { row in
        .object([
          ("topic", .string(row.offsets.topic)), ("partition", .int(Int64(row.offsets.partition))),
          ("verdict", .string(row.verdict.verdict.rawValue)), ("evidence", .string(row.verdict.evidence)),
          ("lag", int(row.lag.lag)), ("behindSeconds", .optional(row.lag.behind?.seconds)),
          ("committed", int(row.offsets.committed)), ("logEnd", .int(row.offsets.logEnd)),
        ])
      })
    let start = w.first.takenAt
    let samples: JSON = .array(
      w.snapshots.map { s in
        .object([
          ("at", .double(((s.takenAt - start) * 1000).rounded() / 1000)),
          (
            "partitions",
            .array(
              s.offsets.map {
                .object([
                  ("topic", .string($0.topic)), ("partition", .int(Int64($0.partition))),
                  ("committed", int($0.committed)), ("logEnd", .int($0.logEnd)),
                ])
              })
          ),
        ])
      })
    let alerts: JSON =
      j.alerts.map { list in
        .array(
          list.map { a in
            .object([
              ("name", .string(a.alert.name)), ("state", .string(a.alert.state)), ("activeAt", .optional(a.alert.activeAt)),
              ("severity", .optional(a.alert.labels["severity"])), ("labels", labelsJSON(a.alert.labels)),
              ("silencedBy", a.silencedBy.map { .array($0.map { .string($0) }) } ?? .null),
              ("runbook", .optional(a.runbook)), ("tiedBy", .string(a.tiedBy)),
            ])
          })
      } ?? .null
    return .object([
      ("group", .string(group)), ("verdict", .string(health.verdict.rawValue)), ("window", .double(w.seconds)),
      ("samples", samples), ("partitions", partitions), ("totalLag", .int(last.lag.totalLag)),
      ("maxBehindSeconds", .optional(last.lag.maxBehind?.seconds)),
      ("maxBehindReason", .optional(last.lag.maxBehind?.reason)),
      ("etaSeconds", .optional(j.eta?.etaSeconds)), ("etaStatus", .optional(j.eta?.status.rawValue)),
      ("etaBlockedBy", .optional(j.etaBlockedBy.map { "\($0.name) \($0.verdict.rawValue)" })),
      ("consumeRate", .double(w.rates.consumeRate)), ("produceRate", .double(w.rates.produceRate)),
      ("skewRatio", .optional(last.lag.skew?.ratio)),
      ("scale", j.scale.map { ScaleHintCommand.report($0.hint, rate: w.rates.produceRate, capacity: $0.capacity, thresholds: Thresholds()).json } ?? .null),
      ("members", GroupReport.membersJSON(last.members)), ("membersNote", .optional(last.membersNote)),
      ("exporterMembers", .optional(last.exporterMembers)), ("alerts", alerts),
      ("untiedFiringAlerts", j.alerts == nil ? .null : .int(Int64(j.untiedFiring))),
      ("missing", .array(j.missing.map { .string($0) })), ("caveats", .array(j.caveats.map { .string($0) })),
      ("advice", .string(advice)),
      ("uncommittedPartitions", .int(Int64(last.lag.uncommitted.count))),
      ("topicErrors", .array(last.topicErrors.map { .string($0.topic) })),
      ("lagThreshold", .int(health.rules.lagThreshold)),
    ])
  }
}
