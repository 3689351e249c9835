import Capacity
import Clients
import Config
import Formats
import Host
import Output
import Prometheus
import ScriptLanguage
import Vocabulary

/// The JSON and tables of `lag` and `group describe` (one shape; its field names are a contract scripts rely on).
enum GroupReport {
  /// null when the broker cannot describe groups: unknown, not an empty group.
  static func membersJSON(_ members: [GroupMember]?) -> JSON {
    guard let members else { return .null }
    return .array(
      members.map { m in
        .object([
          ("memberId", .string(m.memberId)), ("clientId", .string(m.clientId)), ("host", .string(m.host)),
          (
            "partitions",
            .array(m.assignment.map { .object([("topic", .string($0.topic)), ("partition", .int(Int64($0.partition)))]) })
          ),
        ])
      })
  }

  static func json(_ s: GroupSnapshot) -> JSON {
    let partitions: JSON = .array(
      s.lag.rows.map { r in
        var fields: [(String, JSON)] = [
          ("topic", .string(r.offsets.topic)), ("partition", .int(Int64(r.offsets.partition))),
          ("committed", r.offsets.committed.map { .int($0) } ?? .null), ("logStart", .int(r.offsets.logStart)),
          ("logEnd", .int(r.offsets.logEnd)), ("lag", r.lag.map { .int($0) } ?? .null),
          ("backlog", .int(r.backlog)), ("memberId", .optional(r.offsets.owner)),
          ("readableLag", readable(r).map { .int($0) } ?? .null),
          ("commitOutOfRange", outOfRangeCode(r).map { .string($0) } ?? .null),
          ("behindSeconds", .optional(r.behind?.seconds)),
        ]
        // Where it was read and what qualifies it; with --no-time, maxBehindReason says why there is none.
        if let b = r.behind {
          fields += [
            ("behindFrom", .optional(b.origin?.rawValue)), ("behindNote", .optional(b.reason)),
            ("firstUnconsumed", firstUnconsumed(b)),
          ]
        }
        return .object(fields)
      })
    let hottest = Skew.hottestJSON(s.lag.skew?.hottest)
    return .object([
      ("group", .string(s.group)), ("state", .string(s.state)),
      ("members", membersJSON(s.members)), ("exporterMembers", .optional(s.exporterMembers)), ("partitions", partitions),
      ("totalLag", .int(s.lag.totalLag)), ("uncommittedPartitions", .int(Int64(s.lag.uncommitted.count))),
      ("skewRatio", .optional(s.lag.skew?.ratio)), ("hottest", hottest),
      ("maxBehindSeconds", .optional(s.lag.maxBehind?.seconds)),
      ("maxBehindReason", .optional(s.lag.maxBehind.map { $0.reason } ?? "not read (--no-time)")),
      (
        "topicErrors",
        .array(
          s.topicErrors.map {
            .object([("topic", .string($0.topic)), ("error", .string($0.message)), ("deleted", .bool($0.deleted))])
          })
      ),
    ])
  }

  /// The report, or — when a committed topic could not be read for another
  /// reason than being deleted — a failure that still prints it: the other
  /// topics are shown, the unread one is not taken for caught up.
  static func finish(_ s: GroupSnapshot, _ report: Report) throws -> Report {
    let unread = s.topicErrors.filter { !$0.deleted }
    guard let e = unread.first else { return report }
    var f = CommandFailure.failed(
      "\(s.group): \(e.topic) could not be read (\(e.message)); its lag is unknown and not in the total")
    f.report = report
    throw f
  }

  /// One line per topic the total leaves out.
  static func topicErrorNote(_ e: TopicError) -> String {
    e.deleted
      ? "\(e.topic): the group has commits on it but the topic no longer exists (deleted): nothing to consume, not in the total"
      : "\(e.topic): could not be read (\(e.message)): its lag is unknown, not in the total"
  }

  /// The message the time lag is the age of, as `tail -o json` shows it.
  static func firstUnconsumed(_ b: TimeLag) -> JSON {
    guard let offset = b.offset, let ts = b.timestampMs else { return .null }
    return .object([("offset", .int(offset)), ("timestamp", .string(formatTimestamp(ts)))])
  }

  /// "4m12s", "0s", "3h (oldest retained)", "unknown: …": always what the
  /// number is, never a bare 0 for what was not read.
  static func behindCell(_ b: TimeLag?, thresholds: Thresholds) -> Cell {
    guard let b else { return Cell("—") }
    guard let s = b.seconds else { return Cell("unknown: \(b.reason ?? "not read")", level: .warn) }
    var text = Durations.format(s)
    if b.origin == .logStart { text += " (oldest retained)" }
    return Cell(text, level: s == 0 ? .ok : thresholds.level(behindSeconds: s), numeric: true)
  }

  /// The group's time lag line: the largest, and where.
  static func maxBehindCell(_ m: MaxBehind, thresholds: Thresholds) -> Cell {
    guard let s = m.seconds else { return Cell("unknown (\(m.reason ?? "not read"))", level: .warn) }
    let at = s > 0 ? m.partition.map { " (\($0))" } ?? "" : ""
    return Cell("\(Durations.format(s))\(at)", level: thresholds.level(behindSeconds: s))
  }

  /// Of the lag, what the log still holds: less than the lag when retention
  /// deleted messages the group never read.
  static func readable(_ r: LagRow) -> Int64? {
    guard let lag = r.lag else { return nil }
    if case .belowLogStart(let readable)? = r.position { return readable }
    return lag
  }

  static func outOfRangeCode(_ r: LagRow) -> String? {
    switch r.position {
    case .belowLogStart?: "below-log-start"
    case .beyondLogEnd?: "beyond-log-end"
    default: nil
    }
  }

  /// One line per partition whose commit is outside its log.
  static func outOfRangeNotes(_ lag: GroupLag) -> [String] {
    lag.rows.compactMap { r in
      let tp = "\(r.offsets.topic)[\(r.offsets.partition)]"
      switch r.position {
      case .belowLogStart(let readable)?:
        return "\(tp): committed \(formatCount(r.offsets.committed ?? 0)) is below the log start "
          + "\(formatCount(r.offsets.logStart)) (retention deleted what it never read): "
          + "\(formatCount(r.lag ?? 0)) behind, \(formatCount(readable)) still readable; "
          + "the group will skip ahead or reset per its auto.offset.reset"
      case .beyondLogEnd?:
        let retained = r.backlog
        return "\(tp): committed \(formatCount(r.offsets.committed ?? 0)) > log end \(formatCount(r.offsets.logEnd)) "
          + "(truncated or recreated topic?): lag 0 is not caught up; the consumer's next fetch is out of range and "
          + "its auto.offset.reset applies: earliest replays \(formatCount(retained)) retained message(s), "
          + "latest skips to \(formatCount(r.offsets.logEnd))"
      default:
        return nil
      }
    }
  }

  /// What a total over a partly committed group counts, in words.
  static func uncountedNote(_ lag: GroupLag) -> String {
    let missing = lag.uncommitted.count
    let counted = lag.rows.count - missing
    let backlog = lag.uncommitted.reduce(Int64(0)) { $0 + $1.backlog }
    return "total lag counts \(counted) of \(lag.rows.count) partitions; \(missing) never committed "
      + "(backlog \(formatCount(backlog)), not in the total)"
  }

  static func lagCell(_ r: LagRow) -> Cell {
    guard let lag = r.lag else { return Cell("no commit (backlog \(formatCount(r.backlog)))", level: .warn) }
    switch r.position {
    case .belowLogStart(let readable)?:
      return Cell("\(formatCount(lag)) (\(formatCount(readable)) readable)", level: .warn, numeric: true)
    case .beyondLogEnd?:
      return Cell("0 (committed > log end)", level: .warn, numeric: true)
    default:
      return Cell(formatCount(lag), level: lag > 0 ? nil : .ok, numeric: true)
    }
  }

  static func report(_ s: GroupSnapshot, thresholds: Thresholds) -> Report {
    var fields: [(String, Cell)] = [
      ("group", Cell(s.group)),
      ("state", Cell(s.state)),
    ]
    if let m = s.members {
      fields.append(("members", Cell(String(m.count), level: thresholds.level(consumers: m.count))))
    } else if let n = s.exporterMembers {
      fields.append(("members", Cell("\(n) (the exporter's view)", level: thresholds.level(consumers: n))))
    }
    fields.append(("total lag", Cell(formatCount(s.lag.totalLag), level: thresholds.level(totalLag: s.lag.totalLag))))
    if let sk = s.lag.skew {
      fields.append(("skew", Cell("\(formatNumber(sk.ratio))x", level: thresholds.level(skewRatio: sk.ratio))))
      fields.append(("hottest", Cell(Skew.hottestText(sk.hottest))))
    }
    if let m = s.lag.maxBehind {
      fields.append(("time lag", maxBehindCell(m, thresholds: thresholds)))
    }
    if !s.lag.uncommitted.isEmpty {
      fields.append(("counted", Cell(uncountedNote(s.lag), level: .warn)))
    }
    let timed = s.lag.maxBehind != nil
    var rows = s.lag.rows.map { r -> [Cell] in
      [
        Cell(r.offsets.topic), Cell(String(r.offsets.partition), numeric: true),
        Cell(r.offsets.committed.map(formatCount) ?? "—", numeric: true),
        Cell(formatCount(r.offsets.logEnd), numeric: true),
        lagCell(r),
      ] + (timed ? [behindCell(r.behind, thresholds: thresholds)] : []) + [Cell(r.offsets.owner ?? "")]
    }
    for e in s.topicErrors {
      rows.append(
        [Cell(e.topic), Cell("—"), Cell("—"), Cell("—"), Cell(e.deleted ? "topic deleted" : "unknown: \(e.message)", level: e.deleted ? .warn : .critical)]
          + (timed ? [Cell("—")] : []) + [Cell("")])
    }
    var sections: [Section] = [
      .fields(fields),
      .table(
        Table(
          headers: ["topic", "partition", "committed", "log end", "lag"] + (timed ? ["behind"] : []) + ["owner"],
          rows: rows)),
    ]
    if let members = s.members, !members.isEmpty {
      sections.append(
        .table(
          Table(
            title: "members", headers: ["member", "client", "host", "partitions"],
            rows: members.map {
              [Cell($0.memberId), Cell($0.clientId), Cell($0.host), Cell($0.assignment.map(\.description).joined(separator: " "))]
            })))
    }
    for note in outOfRangeNotes(s.lag) + s.topicErrors.map(topicErrorNote) { sections.append(.note(note)) }
    if let note = s.membersNote { sections.append(.note(note)) }
    let csv = Table(
      headers: ["topic", "partition", "committed", "logStart", "logEnd", "lag", "behindSeconds", "memberId"],
      rows: s.lag.rows.map {
        [
          Cell($0.offsets.topic), Cell(String($0.offsets.partition)), Cell($0.offsets.committed.map(String.init) ?? ""),
          Cell(String($0.offsets.logStart)), Cell(String($0.offsets.logEnd)), Cell($0.lag.map(String.init) ?? ""),
          Cell($0.behind?.seconds.map { formatNumber($0, digits: 3) } ?? ""), Cell($0.offsets.owner ?? ""),
        ]
      })
    return Report(json: json(s), sections: sections, plain: String(s.lag.totalLag), csv: csv)
  }
}
