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

  @Argument(help: "Topic.", completion: DynamicNames.topicsCompletion)
  var topic: String

  @Option(parsing: .unconditional, help: "Where to start: beginning, end, OFFSET, -N (the last N), @TIME or @-DURATION.", completion: .list(TailStart.keywords))
  var from: String = "beginning"

  @Option(help: "Only this partition.")
  var partition: Int32?

  @Option(name: [.customShort("n"), .long], help: "Stop after N messages.")
  var limit: Int64?

  @Flag(inversion: .prefixedNo, help: "Keep reading new messages (default: only interactively).")
  var follow: Bool?

  @Option(help: "Only messages whose value matches this regular expression.")
  var grep: String?

  @Option(
    name: .customLong("where"),
    help: "Only JSON objects whose FIELD=VALUE (or FIELD!=VALUE; a message without FIELD matches neither; a.b is a path, a\\.b a key with a dot); repeatable.")
  var conditions: [String] = []

  @Option(help: "kcat-style format, e.g. '%p %o %s\\n'.")
  var format: String?

  @Option(help: "Join this group as a member: start from its commits and commit what was written out.")
  var group: String?

  @Option(
    name: .customLong("count-by"),
    help: "Count the messages read by key, or by a JSON field of the value (a.b), and show the most frequent with their share, instead of the messages.")
  var countBy: String?

  @Option(help: "With --count-by: how many to show (default 10).")
  var top: Int?

  @OptionGroup var display: DisplayOptions

  func validate() throws {
    if let l = limit, l < 1 { throw ValidationError("--limit must be at least 1, got \(l)") }
    if let p = partition, p < 0 { throw ValidationError("--partition must not be negative") }
    do { _ = try TailStart.parse(from, nowMillis: nowMillis()) } catch { throw ValidationError(error.message) }
    if let f = format { do { _ = try MessageFormat(f) } catch { throw ValidationError(error.message) } }
    do { _ = try MessageFilter(grep: grep, where: conditions) } catch { throw ValidationError(error.message) }
    if let c = countBy {
      do { _ = try KeyCounts.By(c) } catch { throw ValidationError(error.message) }
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
    // Each spec's error says it is usage (StatusError): no mapping here.
    let start = try TailStart.parse(from, nowMillis: nowMillis())
    let filter = try MessageFilter(grep: grep, where: conditions)
    let messageFormat = try format.map { try MessageFormat($0) }
    let client = try ctx.kafka()
    var partitions = try client.partitions(of: topic)
    var counts: KeyCounts?
    if let text = countBy {
      counts = KeyCounts(by: try KeyCounts.By(text))
    }
    if let g = group, partition == nil {
      // A member of the group, as kcat -G is.
      let writer = MessageWriter(format: ctx.format, messageFormat: messageFormat, out: ctx.out)
      let member = TailMember(
        topic: topic, group: g, start: start, filter: filter, limit: limit,
        following: countBy == nil && (follow ?? (ctx.followsByDefault && !ctx.isCaptured)))
      let box = CountsBox(counts)
      _ = try member.run(ctx, write: { m in if box.counts != nil { box.counts!.add(m) } else { writer.write(m) } }, flush: { writer.flush() })
      writer.flush()
      if let c = box.counts { return Tail.report(c, topic: topic, top: top ?? 10) }
      return .empty
    }
    if let g = group, partition != nil {
      // A standalone reader committing for the group: never under members
      // that own the partition (their commits would be overwritten).
      var described: GroupDescription?
      do throws(KafkaError) {
        described = try client.describeGroup(g)
      } catch {
        // Not known is said, never taken for "no members".
        ctx.warn("tail: whether group \(g) has active members is unknown (\(error)); reading as a standalone consumer")
      }
      if let d = described, !d.members.isEmpty {
        throw CommandFailure.failed(
          "group \(g) has \(d.members.count) active member(s): --partition with --group reads as a standalone "
            + "consumer and would commit over them; drop --partition to join the group, or stop its members "
            + "(nothing was read)")
      }
    }
    if let p = partition {
      partitions = partitions.filter { $0.partition == p }
      guard !partitions.isEmpty else { throw CommandFailure.failed("topic \(topic) has no partition \(p)") }
    }
    let marks = try client.watermarks(partitions)
    var committed: [TopicPartition: Int64] = [:]
    if let g = group {
      committed = try client.committedOffsets(group: g, partitions: partitions)
    }
    var starts: [TopicPartition: Int64] = [:]
    for tp in partitions {
      let m = marks[tp] ?? Watermarks(low: 0, high: 0)
      if let c = committed[tp] {
        starts[tp] = TailMember.start(atCommit: c, tp, m, group: group ?? "", ctx: ctx)
      } else {
        // A mistyped or stale offset is clamped, and the operator is told so.
        starts[tp] = try OffsetLookup.start(start, tp, logStart: m.low, logEnd: m.high, ctx: ctx, client: client) {
          "tail: \($0); starting at \($1)"
        }
      }
    }
    let following = countBy == nil && (follow ?? (ctx.followsByDefault && !ctx.isCaptured))

    let properties = try ctx.kafkaProperties
    let consumer = try KafkaConsumer(
      properties: properties, group: group, deadlines: ctx.deadlines, log: ctx.kafkaLog)
    defer { consumer.close() }
    try consumer.assign(starts)

    let writer = MessageWriter(format: ctx.format, messageFormat: messageFormat, out: ctx.out)
    var shown: Int64 = 0
    var warnedUnknown = false
    // The per-message loop works on arrays indexed by partition and on plain
    // locals: dictionary lookups keyed by topic name, ArgumentParser's wrapper
    // getters and a clock read per message were a fifth of tail's CPU.
    let limit = self.limit
    let slots = Int((partitions.map(\.partition).max() ?? -1) + 1)
    var ends = [Int64](repeating: 0, count: slots)
    var nextOffsets = [Int64](repeating: -1, count: slots)
    // Without --follow: stop at each partition's end as of now; `open` marks
    // the partitions still short of it.
    var open = [Bool](repeating: false, count: slots)
    for tp in partitions {
      let p = Int(tp.partition)
      ends[p] = marks[tp]?.high ?? 0
      nextOffsets[p] = starts[tp] ?? 0
      open[p] = !following && nextOffsets[p] < ends[p]
    }
    var openCount = open.filter { $0 }.count
    func close(_ p: Int32) {
      guard p >= 0, Int(p) < slots, open[Int(p)] else { return }
      open[Int(p)] = false
      openCount -= 1
    }
    var interrupted = false
    var idleSince = DispatchTime.now().uptimeNanoseconds
    var readSinceIdle = false
    let idleLimit = UInt64(ctx.deadlines.idleMs) * 1_000_000

    loop: while following || openCount > 0 {
      if ctx.isInterrupted {
        interrupted = true
        break
      }
      let event = try consumer.poll(timeoutMs: 100)
      switch event {
      case .idle:
        writer.flush()
        if readSinceIdle {
          readSinceIdle = false
          idleSince = DispatchTime.now().uptimeNanoseconds
        }
        // librdkafka reconnects forever; an operator (or a script) is told
        // after the timeout instead of watching a silent terminal.
        if let down = consumer.allBrokersDownSeconds, down >= ctx.deadlines.seconds {
          throw CommandFailure(
            status: ExitStatus.unreachable,
            "tail: all brokers down for \(Durations.format(down)) (\(consumer.lastError ?? "no connection")); "
              + "stopped after \(shown) message(s)")
        }
        // A partition that will not deliver what its watermark promised
        // (deleted by retention meanwhile) must not hang a script.
        if !following && DispatchTime.now().uptimeNanoseconds - idleSince > idleLimit {
          let silent = partitions.filter { open[Int($0.partition)] }.sorted().map(\.description)
          ctx.warn("tail: no data from \(silent.joined(separator: ", ")) within the timeout; stopping")
          break loop
        }
      case .endOfPartition(let tp, let offset):
        if !following, tp.partition >= 0, Int(tp.partition) < slots, offset >= ends[Int(tp.partition)] {
          close(tp.partition)
        }
      case .message(let m):
        readSinceIdle = true
        let p = Int(m.partition)
        guard p >= 0, p < slots else { continue }
        if !following {
          let end = ends[p]
          if m.offset >= end {
            close(m.partition)
            continue
          }
          if m.offset + 1 >= end { close(m.partition) }
        }
        nextOffsets[p] = m.offset + 1
        switch filter.verdict(m) {
        case .match: break
        case .noMatch: continue
        case .unknown(let why):
          // Once, with where: a message the filter cannot judge is not shown,
          // and the operator knows it.
          if !warnedUnknown {
            warnedUnknown = true
            ctx.warn(
              "tail: --grep could not be evaluated on \(m.topic)[\(m.partition)] offset \(m.offset): \(why); "
                + "such messages are not shown")
          }
          continue
        }
        if counts != nil { counts!.add(m) } else { writer.write(m) }
        shown += 1
        if let l = limit, shown >= l { break loop }
      }
    }
    writer.flush()
    if group != nil {
      // With --group, every assigned partition's position is committed, read
      // from or not, so the group's lag is defined on all of them afterwards.
      var next: [TopicPartition: Int64] = [:]
      // Never below the group's commit: only positions past it are written.
      for tp in partitions where nextOffsets[Int(tp.partition)] > (committed[tp] ?? -1) {
        next[tp] = nextOffsets[Int(tp.partition)]
      }
      try consumer.commit(next)
    }
    if interrupted { throw CommandFailure.interrupted("interrupted after \(shown) message(s)") }
    if let counts { return Tail.report(counts, topic: topic, top: top ?? 10) }
    return .empty
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
  var buffer: [UInt8] = []
  var wroteHeader = false

  init(format: OutputFormat, messageFormat: MessageFormat?, out: OutputSink) {
    self.format = format
    self.messageFormat = messageFormat
    self.out = out
    buffer.reserveCapacity(1 << 16)
  }

  func write(_ m: ConsumedMessage) {
    if let f = messageFormat {
      f.render(m, into: &buffer)
    } else {
      switch format {
      case .json:
        jsonLine(m, into: &buffer)
      case .plain:
        buffer.append(contentsOf: displayText(m.value ?? []).utf8)
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
  var counts: KeyCounts?
  init(_ counts: KeyCounts?) { self.counts = counts }
}
