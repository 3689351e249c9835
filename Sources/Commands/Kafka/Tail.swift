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

struct Tail: AetherCommand, GroupedCommand, HasDisplayOptions {
  static let group = CommandGroup.kafka
  static let configuration = CommandConfiguration(
    commandName: "tail",
    abstract: "Read messages from a topic; commits nothing unless --group.",
    discussion: """
      It starts (--from) at beginning, end, OFFSET, -N (the last N per partition) or @TIME \
      (RFC 3339, epoch ms, @-15m).
      Interactively it follows until Ctrl-C; in scripts it stops at the end of each partition \
      as of the start (--follow / --no-follow override). --format is kcat's: %t %p %o %k %s %T %h \
      %K %S, \\n \\t. With --group G it joins G as a member (client id aetherctl), as kcat -G \
      does: partitions come from the group and change in rebalances (said on stderr); each starts at \
      G's commit (--from only where G has none); what was written out is committed every 5s, when a \
      partition is taken away and at the end, never below G's commit (-n N commits exactly the N). \
      --partition with --group reads that partition alone and commits for G, refused while G has \
      active members. An offset or commit outside the log is clamped with a warning. When every broker has been down for \
      --timeout it stops with exit 3, following or not. -o json writes JSON Lines: one \
      {"topic","partition","offset","timestamp","key","value","headers"} object per message; \
      headers are [name, value] pairs in order, and a key or value that is not UTF-8 is \
      base64 with "keyEncoding"/"valueEncoding":"base64" beside it (a header pair gets a \
      third element "base64"). --from @TIME starts at the first offset whose timestamp is at \
      or after TIME (Kafka's rule, also when producers' clocks disagree).
      Examples:
        tail aetherlink.events -n 1
        tail aetherlink.events --from -5 --where Type=JobCreated
        tail aetherlink.events --format '%p:%o %s\\n' --from @-15m
      """)

  @Argument(help: "Topic.", completion: .names(.topics))
  var topic: String

  @Option(
    parsing: .unconditional,
    help: "Where to start: beginning, end, OFFSET, -N (the last N), @TIME or @-DURATION. (default: beginning)",
    completion: .list(TailStart.keywords), transform: ArgumentParsing.tailStart)
  var from: TailStart?

  @Option(help: "Only this partition.")
  var partition: Int32?

  @Option(name: [.customShort("n"), .long], help: "Stop after N messages.")
  var limit: Int64?

  @Flag(inversion: .prefixedNo, help: "Keep reading new messages (default: only interactively).")
  var follow: Bool?

  @Option(help: "Only messages whose value matches this regular expression.", transform: ArgumentParsing.grep)
  var grep: GrepPattern?

  @Option(
    name: .customLong("where"),
    help: "Only JSON objects whose FIELD=VALUE (or FIELD!=VALUE; a message without FIELD matches neither; a.b is a path, a\\.b a key with a dot); repeatable.",
    transform: ArgumentParsing.whereClause)
  var conditions: [WhereCondition] = []

  @Option(help: "kcat-style format, e.g. '%p %o %s\\n'.", transform: ArgumentParsing.messageFormat)
  var format: MessageFormat?

  @Option(
    help: "Join this group as a member: start from its commits and commit what was written out.",
    completion: .names(.groups))
  var group: String?

  @Option(
    name: .customLong("count-by"),
    help: "Count the messages read by key, or by a JSON field of the value (a.b), and show the most frequent with their share, instead of the messages.",
    transform: ArgumentParsing.countBy)
  var countBy: KeyCounts.By?

  @Option(help: "With --count-by: how many to show (default 10).")
  var top: Int?

  @OptionGroup var display: DisplayOptions

  func validate() throws {
    if let l = limit, l < 1 { throw ValidationError("--limit must be at least 1, got \(l)") }
    if let p = partition, p < 0 { throw ValidationError("--partition must not be negative") }
    if countBy != nil {
      // Counting needs a window that ends.
      if follow == true { throw ValidationError("--count-by counts a window that ends: not with --follow") }
      if format != nil { throw ValidationError("--count-by shows counts, not messages: not with --format") }
    }
    if let t = top {
      guard countBy != nil else { throw ValidationError("--top goes with --count-by") }
      guard t >= 1 else { throw ValidationError("--top must be at least 1, got \(t)") }
    }
  }

  func execute(_ ctx: CommandContext) throws -> Report {
    // Every value was read once, as the line was parsed.
    let start = from ?? .beginning
    let filter = MessageFilter(grep: grep, conditions: conditions)
    let box = CountsBox(countBy.map { KeyCounts(by: $0) })
    let writer = MessageWriter(format: ctx.format, messageFormat: format, out: ctx.out)
    let following = countBy == nil && (follow ?? (ctx.followsByDefault && !ctx.isCaptured))
    let show: (MessageView) -> Void = { m in if box.counts != nil { box.counts!.add(m) } else { writer.write(m) } }
    if let g = group, partition == nil {
      // A member of the group, as kcat -G is.
      let member = TailMember(topic: topic, group: g, start: start, filter: filter, limit: limit, following: following)
      _ = try member.run(ctx, write: { $0.withView(show) }, flush: writer.flush)
    } else {
      try readStandalone(start: start, filter: filter, following: following, ctx: ctx, show: show, flush: writer.flush)
    }
    writer.flush()
    if let c = box.counts { return Tail.report(c, topic: topic, top: top ?? 10) }
    return .empty
  }

  /// Assigned partitions, read from the plan's starts by `TailLoop`; with
  /// `--group` (and `--partition`) what was read is committed for the group.
  private func readStandalone(
    start: TailStart, filter: MessageFilter, following: Bool, ctx: CommandContext,
    show: (MessageView) -> Void, flush: () -> Void
  ) throws {
    // The consumer first: the metadata and offsets are asked on its handle.
    let consumer = try ctx.consumer(group: group)
    defer { consumer.close() }
    let client = try ctx.kafka(sharing: consumer)
    var partitions = try client.partitions(of: topic)
    if let g = group { try Self.refuseUnderMembers(g, client: client, ctx: ctx) }
    if let p = partition {
      partitions = partitions.filter { $0.partition == p }
      guard !partitions.isEmpty else { throw CommandFailure.failed("topic \(topic) has no partition \(p)") }
    }
    let marks = try client.watermarks(partitions)
    let committed = try group.map { try client.committedOffsets(group: $0, partitions: partitions) } ?? [:]
    // A mistyped or stale offset (or commit) is clamped, and the operator is told so.
    let plan = TailPlan(partitions: partitions, marks: marks, committed: committed, from: start, group: group)
    for w in plan.warnings { ctx.warn(w) }
    var starts: [TopicPartition: Int64] = [:]
    for tp in partitions {
      switch plan.starts[tp] ?? .offset(marks[tp]?.high ?? 0) {
      case .offset(let o): starts[tp] = o
      case .time(let ms):
        let m = marks[tp] ?? Watermarks(low: 0, high: 0)
        starts[tp] = try OffsetLookup.offset(atOrAfter: ms, tp, logStart: m.low, logEnd: m.high, ctx: ctx, client: client)
      }
    }
    try consumer.assign(starts)

    let loop = TailLoop(
      partitions: partitions, ends: marks.mapValues(\.high), starts: starts, following: following, filter: filter,
      limit: limit, idleMs: ctx.deadlines.idleMs, brokersDownSeconds: ctx.deadlines.seconds)
    let outcome = try loop.run(consumer, isInterrupted: { ctx.isInterrupted }, warn: ctx.warn, flush: flush, show: show)
    flush()
    switch outcome.stop {
    case .brokersDown(let down, let lastError):
      throw CommandFailure.unreachable(
        "tail: all brokers down for \(Durations.format(down)) (\(lastError ?? "no connection")); "
          + "stopped after \(outcome.shown) message(s)")
    case .silent(let silent):
      ctx.warn("tail: no data from \(silent.map(\.description).joined(separator: ", ")) within the timeout; stopping")
    case .reachedEnd, .limit, .interrupted: break
    }
    if group != nil {
      // With --group, every assigned partition's position is committed, read
      // from or not, so the group's lag is defined on all of them afterwards.
      // Never below the group's commit: only positions past it are written.
      try consumer.commit(outcome.next.filter { $0.value > (committed[$0.key] ?? -1) })
    }
    if outcome.stop == .interrupted { throw CommandFailure.interrupted("interrupted after \(outcome.shown) message(s)") }
  }

  /// A standalone reader committing for the group: never under members that
  /// own the partition (their commits would be overwritten). Not known is
  /// said, never taken for "no members".
  private static func refuseUnderMembers(_ g: String, client: KafkaClient, ctx: CommandContext) throws {
    let described: GroupDescription
    do throws(KafkaError) {
      described = try client.describeGroup(g)
    } catch {
      ctx.warn("tail: whether group \(g) has active members is unknown (\(error)); reading as a standalone consumer")
      return
    }
    if !described.members.isEmpty {
      throw CommandFailure.failed(
        "group \(g) has \(described.members.count) active member(s): --partition with --group reads as a standalone "
          + "consumer and would commit over them; drop --partition to join the group, or stop its members "
          + "(nothing was read)")
    }
  }

  static func report(_ c: KeyCounts, topic: String, top: Int) -> Report {
    let entries = c.top(top)
    func share(_ n: Int64) -> Double { c.total == 0 ? 0 : Double(n) / Double(c.total) }
    func shown(_ e: KeyCounts.Entry) -> String { e.value ?? "(\(e.why ?? "none"))" }
    let by: String
    switch c.by {
    case .key: by = "key"
    case .field(let name, _): by = name
    }
    let table = Table(
      headers: [by.uppercased(), "COUNT", "SHARE", "PARTITIONS"],
      rows: entries.map { e in
        [Cell(shown(e)), Cell(String(e.count)), Cell(formatNumber((share(e.count) * 1000).rounded() / 10) + "%"),
         Cell(e.partitions.map(String.init).joined(separator: " "))]
      })
    var notes = "\(c.total) message(s) of \(topic), \(c.distinct) distinct \(by) value(s)"
    if c.overflow > 0 { notes += "; \(c.overflow) past the first \(KeyCounts.maximumDistinct) distinct values, not told apart" }
    let json = JSON.object([
      ("topic", .string(topic)), ("by", .string(by)), ("messages", .int(c.total)), ("distinct", .int(Int64(c.distinct))),
      ("overflow", .int(c.overflow)),
      ("values", .array(entries.map { e in
        .object([
          ("value", e.value.map { .string($0) } ?? .null), ("missing", e.why.map { .string($0) } ?? .null),
          ("count", .int(e.count)), ("share", .double(share(e.count))),
          ("partitions", .array(e.partitions.map { .int(Int64($0)) })),
        ])
      })),
    ])
    return Report(
      json: json, sections: [.note(notes), .table(table)],
      plain: entries.map { "\($0.count) \(shown($0))" }.joined(separator: "\n"), csv: table)
  }
}

/// Writes consumed messages in the session's output format, buffered: one
/// write per batch rather than per message.
final class MessageWriter {
  let format: OutputFormat
  let messageFormat: MessageFormat?
  let out: OutputSink
  /// Unchecked: written for every message by one thread, never while
  /// another access is open (the runtime's check cost more than the copy).
  @exclusivity(unchecked) var buffer: [UInt8] = []
  var wroteHeader = false

  init(format: OutputFormat, messageFormat: MessageFormat?, out: OutputSink) {
    self.format = format
    self.messageFormat = messageFormat
    self.out = out
    buffer.reserveCapacity(1 << 16)
  }

  func write(_ m: MessageView) {
    if let f = messageFormat {
      f.render(m, into: &buffer)
    } else {
      switch format {
      case .json:
        jsonLine(m, into: &buffer)
      case .plain:
        if let v = m.value { appendDisplayText(v, to: &buffer) }
        buffer.append(10)
      case .csv:
        if !wroteHeader {
          buffer.append(contentsOf: "topic,partition,offset,timestamp,key,value\n".utf8)
          wroteHeader = true
        }
        let fields = [
          m.topic, String(m.partition), String(m.offset), m.timestampMs.map(formatTimestamp) ?? "",
          m.key.map(displayText) ?? "", m.value.map(displayText) ?? "",
        ]
        buffer.append(contentsOf: (fields.map(Renderer.csvField).joined(separator: ",") + "\n").utf8)
      case .table:
        var line = "[\(m.partition)] \(m.offset)  \(m.timestampMs.map(formatTimestamp) ?? "-")"
        if let k = m.key { line += "  key=\(displayText(k))" }
        line += "  " + (m.value.map(displayText) ?? "(null)")
        buffer.append(contentsOf: line.utf8)
        buffer.append(10)
      }
    }
    if buffer.count >= 1 << 16 { flush() }
  }

  func flush() {
    out.write(bytes: buffer)
    buffer.removeAll(keepingCapacity: true)
    out.flush()
  }
}

/// The counts a member's writer adds to, shared with the closure it runs.
final class CountsBox {
  /// Unchecked: read for every message shown, by the one reading thread.
  @exclusivity(unchecked) var counts: KeyCounts?
  init(_ counts: KeyCounts?) { self.counts = counts }
}
