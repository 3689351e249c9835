import ArgumentParser
import Capacity
import Config
import Formats
import Host
import Output
import Prometheus
import ScriptLanguage
import Vocabulary

struct TopicCommand: GroupedCommand {
  static let group = CommandGroup.kafka
  static let configuration = CommandConfiguration(
    commandName: "topic",
    abstract: "One topic: describe, create, add partitions, show or change its settings, delete.",
    subcommands: [TopicDescribe.self, TopicCreate.self, TopicAddPartitions.self, TopicConfigCommand.self, TopicDelete.self])
}

struct TopicDescribe: AetherCommand, HasDisplayOptions {
  static let configuration = CommandConfiguration(
    commandName: "describe",
    abstract: "Per partition: leader, replicas, ISR, log start, log end, messages.",
    discussion: """
      messages are counted by reading the log, for partitions of up to 10,000 offsets: log end \
      − log start also counts transaction markers and the offsets of aborted or deleted \
      records. A larger partition shows '≤ N' (its offsets; null in JSON, with 'offsets' beside it).
      """)

  /// Partitions up to this many offsets are read to count their messages.
  static let countedOffsets: Int64 = 10_000

  @Argument(help: "Topic name.", completion: .names(.topics))
  var topic: String

  @OptionGroup var display: DisplayOptions

  func execute(_ ctx: CommandContext) throws -> Report {
    let client = try ctx.kafka()
    let md = try client.metadata(topics: [topic])
    guard let info = md.topics.first(where: { $0.name == topic }) else {
      throw CommandFailure.failed("topic \(topic): unknown topic")
    }
    let tps = info.partitions.map { TopicPartition(topic, $0.id) }
    let marks = try client.watermarks(tps)
    func bounds(_ id: Int32) -> Watermarks { marks[TopicPartition(topic, id)] ?? Watermarks(low: 0, high: 0) }
    var ranges: [TopicPartition: (low: Int64, high: Int64)] = [:]
    for p in info.partitions where p.leader >= 0 {
      let m = bounds(p.id)
      if m.high - m.low <= Self.countedOffsets { ranges[TopicPartition(topic, p.id)] = (m.low, m.high) }
    }
    let counted: [TopicPartition: Int64]
    if ranges.isEmpty {
      counted = [:]
    } else {
      let counter = try ctx.messageCounter()
      counted = try counter.countMessages(ranges)
    }
    func messages(_ id: Int32) -> Int64? { counted[TopicPartition(topic, id)] }
    let offsets = info.partitions.reduce(Int64(0)) { $0 + bounds($1.id).high - bounds($1.id).low }
    let all = info.partitions.allSatisfy { messages($0.id) != nil }
    let total: Int64? = all ? info.partitions.reduce(Int64(0)) { $0 + (messages($1.id) ?? 0) } : nil
    let rows = info.partitions.map { p -> [Cell] in
      let m = bounds(p.id)
      let ids = { (xs: [Int32]) in xs.map(String.init).joined(separator: ",") }
      return [
        Cell(String(p.id), numeric: true), Cell(String(p.leader), numeric: true), Cell(ids(p.replicas)),
        Cell(ids(p.isr), level: p.isr.count < p.replicas.count ? .warn : nil),
        Cell(formatCount(m.low), numeric: true), Cell(formatCount(m.high), numeric: true),
        Cell(messages(p.id).map(formatCount) ?? "≤ \(formatCount(m.high - m.low))", numeric: true),
      ]
    }
    let json = JSON.object([
      ("topic", .string(topic)),
      (
        "partitions",
        .array(
          info.partitions.map { p in
            let m = bounds(p.id)
            return .object([
              ("partition", .int(Int64(p.id))), ("leader", .int(Int64(p.leader))),
              ("replicas", .array(p.replicas.map { .int(Int64($0)) })), ("isr", .array(p.isr.map { .int(Int64($0)) })),
              ("logStart", .int(m.low)), ("logEnd", .int(m.high)), ("messages", .optional(messages(p.id))),
              ("offsets", .int(m.high - m.low)),
            ])
          })
      ),
      ("messages", .optional(total)), ("offsets", .int(offsets)),
    ])
    var sections: [Section] = [
      .fields([
        ("topic", Cell(topic)), ("partitions", Cell(String(info.partitions.count))),
        ("messages", Cell(total.map(formatCount) ?? "≤ \(formatCount(offsets)) (offsets; not all partitions counted)")),
      ]),
      .table(
        Table(headers: ["partition", "leader", "replicas", "isr", "log start", "log end", "messages"], rows: rows)),
    ]
    if let t = total, t < offsets {
      sections.append(
        .note("\(formatCount(offsets - t)) of \(formatCount(offsets)) offsets hold no readable message (transaction markers, aborted or deleted records)"))
    } else if total == nil {
      let large = info.partitions.filter { bounds($0.id).high - bounds($0.id).low > Self.countedOffsets }.count
      let unread = info.partitions.count - large - counted.count
      var why: [String] = []
      if large > 0 { why.append("\(large) partition(s) over \(formatCount(Self.countedOffsets)) offsets are not read") }
      if unread > 0 {
        why.append("\(unread) could not be read to their end (no leader, not authorised, a transaction still open, or --timeout)")
      }
      sections.append(
        .note(why.joined(separator: "; ") + ": their '≤ N' is log end − log start, markers and deleted records included"))
    }
    return Report(json: json, sections: sections, plain: total.map(String.init) ?? "unknown")
  }
}
