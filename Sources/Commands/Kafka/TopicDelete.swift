import ArgumentParser
import Clients
import Formats
import Host
import Output
import Vocabulary

struct TopicDelete: AetherCommand, HasDisplayOptions {
  static let configuration = CommandConfiguration(
    commandName: "delete",
    abstract: "Plan (default) or delete a topic; the plan lists the groups with commits on it.",
    discussion: """
      The plan says what goes: the partitions and the offsets they hold, and each group that \
      committed offsets on the topic (its consumers lose their input; the commits themselves \
      may outlive the topic on some brokers). --execute deletes it: a protected profile wants \
      the topic's name typed back at a terminal, and --yes in a script. librdkafka's mock \
      cluster (--sandbox) cannot delete topics, and says so.
      Examples:
        topic delete aetherlink.events.old
        topic delete aetherlink.events.old --execute
      """)

  @Argument(help: "Topic.", completion: .names(.topics))
  var topic: String

  @Flag(help: "Delete it (default: dry run).")
  var execute = false

  @Flag(help: "Do not ask on a protected profile.")
  var yes = false

  @OptionGroup var display: DisplayOptions

  func execute(_ ctx: CommandContext) throws -> Report {
    let client = try ctx.kafka()
    guard let info = try client.metadata().topics.first(where: { $0.name == topic }) else {
      throw CommandFailure.failed("topic \(topic): unknown topic")
    }
    let tps = info.partitions.map { TopicPartition(topic, $0.id) }
    let marks = try client.watermarks(tps)
    let offsets = marks.values.reduce(Int64(0)) { $0 + max(0, $1.high - $1.low) }
    let consumers = try Self.groupsWithCommits(on: tps, client: client, ctx: ctx)
    var note: String
    if execute {
      try Confirmation.mutation("delete topic \(topic)", yes: yes, ctx: ctx, typeBack: ("topic", topic))
      try client.deleteTopic(topic)
      try TopicAdmin.awaitDeletion(of: topic, client: client, ctx: ctx)
      note = "deleted: \(topic) is gone from the cluster's metadata"
    } else {
      note = "dry run: nothing changed; add --execute to delete \(topic)"
    }
    var sections: [Section] = [
      .fields([
        ("topic", Cell(topic)), ("partitions", Cell(String(info.partitions.count))),
        ("offsets", Cell(formatCount(offsets))),
        ("groups with commits", Cell(consumers.map { $0.isEmpty ? "none" : String($0.count) } ?? "unknown: the broker cannot list groups")),
      ])
    ]
    if let consumers, !consumers.isEmpty {
      sections.append(
        .table(
          Table(
            headers: ["group", "state", "partitions committed"],
            rows: consumers.map { [Cell($0.group), Cell($0.state), Cell(String($0.partitions), numeric: true)] })))
    }
    sections.append(.note(note))
    let json = JSON.object([
      ("topic", .string(topic)), ("executed", .bool(execute)), ("partitions", .int(Int64(info.partitions.count))),
      ("offsets", .int(offsets)),
      (
        "groups",
        consumers.map { list in
          .array(
            list.map {
              .object([("group", .string($0.group)), ("state", .string($0.state)), ("partitions", .int(Int64($0.partitions)))])
            })
        } ?? .null
      ),
    ])
    return Report(json: json, sections: sections, plain: (consumers ?? []).map(\.group).joined(separator: "\n"))
  }

  struct Consumer {
    var group: String
    var state: String
    var partitions: Int
  }

  /// Groups with a committed offset on any of `tps`; nil when the broker cannot list groups (the mock).
  static func groupsWithCommits(on tps: [TopicPartition], client: KafkaClient, ctx: CommandContext) throws -> [Consumer]? {
    let groups: [GroupListing]
    do throws(KafkaError) {
      groups = try client.listGroups()
    } catch {
      guard error.kind == .unsupported else { throw CommandFailure(error) }
      return nil
    }
    var out: [Consumer] = []
    for g in groups.sorted(by: { $0.id < $1.id }) {
      ctx.renewDeadline()
      let committed = try client.committedOffsets(group: g.id, partitions: tps)
      let n = committed.filter { $0.value >= 0 }.count
      if n > 0 { out.append(Consumer(group: g.id, state: g.state, partitions: n)) }
    }
    return out
  }
}
