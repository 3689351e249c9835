import ArgumentParser
import Capacity
import Clients
import Config
import Formats
import Host
import Output
import Prometheus
import ShellLanguage

struct TopicCommand: GroupedCommand {
  static let group = CommandGroup.kafka
  static let configuration = CommandConfiguration(
    commandName: "topic", abstract: "Describe one topic: leaders, replicas, ISR and offsets per partition.",
    subcommands: [TopicDescribe.self])
}

struct TopicDescribe: ShellCommand, HasDisplayOptions {
  static let configuration = CommandConfiguration(
    commandName: "describe",
    abstract: "Per partition: leader, replicas, ISR, log start, log end, messages.")

  @Argument(help: "Topic name.", completion: DynamicNames.topicsCompletion)
  var topic: String

  @OptionGroup var display: DisplayOptions

  func execute(_ ctx: CommandContext) throws -> Report {
    let client = try ctx.kafka()
    let md = try kafkaCall { () throws(KafkaError) in try client.metadata(topics: [topic]) }
    guard let info = md.topics.first(where: { $0.name == topic }) else {
      throw CommandFailure.failed("topic \(topic): unknown topic")
    }
    let tps = info.partitions.map { TopicPartition(topic, $0.id) }
    let marks = try kafkaCall { () throws(KafkaError) in try client.watermarks(tps) }
    var total: Int64 = 0
    let rows = info.partitions.map { p -> [Cell] in
      let m = marks[TopicPartition(topic, p.id)] ?? Watermarks(low: 0, high: 0)
      total += m.high - m.low
      let ids = { (xs: [Int32]) in xs.map(String.init).joined(separator: ",") }
      return [
        Cell(String(p.id), numeric: true), Cell(String(p.leader), numeric: true), Cell(ids(p.replicas)),
        Cell(ids(p.isr), level: p.isr.count < p.replicas.count ? .warn : nil),
        Cell(formatCount(m.low), numeric: true), Cell(formatCount(m.high), numeric: true),
        Cell(formatCount(m.high - m.low), numeric: true),
      ]
    }
    let json = JSON.object([
      ("topic", .string(topic)),
      (
        "partitions",
        .array(
          info.partitions.map { p in
            let m = marks[TopicPartition(topic, p.id)] ?? Watermarks(low: 0, high: 0)
            return .object([
              ("partition", .int(Int64(p.id))), ("leader", .int(Int64(p.leader))),
              ("replicas", .array(p.replicas.map { .int(Int64($0)) })), ("isr", .array(p.isr.map { .int(Int64($0)) })),
              ("logStart", .int(m.low)), ("logEnd", .int(m.high)), ("messages", .int(m.high - m.low)),
            ])
          })
      ),
      ("messages", .int(total)),
    ])
    return Report(
      json: json,
      sections: [
        .fields([
          ("topic", Cell(topic)), ("partitions", Cell(String(info.partitions.count))),
          ("messages", Cell(formatCount(total))),
        ]),
        .table(
          Table(headers: ["partition", "leader", "replicas", "isr", "log start", "log end", "messages"], rows: rows)),
      ],
      plain: String(total))
  }
}
