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
    let info = try TopicAdmin.existing(topic, client: client, changing: execute)
    let tps = info.partitions.map { TopicPartition(topic, $0.id) }
    // A topic being deleted is often a broken one: what cannot be read is
    // unknown in the plan, never a reason not to delete.
    let offsets: Int64? = (try? client.watermarks(tps)).map { $0.values.reduce(Int64(0)) { $0 + max(0, $1.high - $1.low) } }
    // Partitions without a leader may have taken the whole --timeout above.
    ctx.renewDeadline()
    let consumers = try Self.groupsWithCommits(on: tps, client: client, ctx: ctx)
    func plan(_ note: String) -> Report { report(info: info, offsets: offsets, consumers: consumers, note: note) }
    guard execute else { return plan("dry run: nothing changed; add --execute to delete \(topic)") }
    try Confirmation.mutation(
      "delete topic \(topic)", yes: yes, ctx: ctx, typeBack: ("topic", topic), plan: { plan("not deleted yet") })
    ctx.renewDeadline()
    try client.deleteTopic(topic)
    try TopicAdmin.awaitDeletion(of: topic, client: client, ctx: ctx)
    return plan("deleted: \(topic) is gone from the cluster's metadata")
  }

  private func report(info: TopicInfo, offsets: Int64?, consumers: Consumers?, note: String) -> Report {
    var groupsText = "unknown: the broker cannot list groups"
    if let c = consumers {
      groupsText = c.list.isEmpty ? "none" : String(c.list.count)
      if c.unread > 0 { groupsText += " (\(c.unread) group(s) could not be read)" }
    }
    var sections: [Section] = [
      .fields([
        ("topic", Cell(topic)), ("partitions", Cell(String(info.partitions.count))),
        ("offsets", Cell(offsets.map(formatCount) ?? "unknown (the log ends could not be read)")),
        ("groups with commits", Cell(groupsText)),
      ])
    ]
    if let list = consumers?.list, !list.isEmpty {
      sections.append(
        .table(
          Table(
            headers: ["group", "state", "partitions committed"],
            rows: list.map { [Cell($0.group), Cell($0.state), Cell(String($0.partitions), numeric: true)] })))
    }
    sections.append(.note(note))
    let json = JSON.object([
      ("topic", .string(topic)), ("executed", .bool(execute)), ("partitions", .int(Int64(info.partitions.count))),
      ("offsets", offsets.map { .int($0) } ?? .null),
      (
        "groups",
        consumers.map { c in
          .array(
            c.list.map {
              .object([("group", .string($0.group)), ("state", .string($0.state)), ("partitions", .int(Int64($0.partitions)))])
            })
        } ?? .null
      ),
      ("groupsUnread", .int(Int64(consumers?.unread ?? 0))),
    ])
    return Report(json: json, sections: sections, plain: (consumers?.list ?? []).map(\.group).joined(separator: "\n"))
  }

  struct Consumers {
    var list: [Consumer]
    /// Groups whose commits could not be read (not authorised, a coordinator away).
    var unread: Int
  }

  struct Consumer {
    var group: String
    var state: String
    var partitions: Int
  }

  /// Groups with a committed offset on any of `tps`; nil when the broker cannot list groups (the mock).
  static func groupsWithCommits(on tps: [TopicPartition], client: KafkaClient, ctx: CommandContext) throws -> Consumers? {
    ctx.renewDeadline()
    let groups: [GroupListing]
    do throws(KafkaError) {
      groups = try client.listGroups()
    } catch {
      guard error.kind == .unsupported else { throw CommandFailure(error) }
      return nil
    }
    var out = Consumers(list: [], unread: 0)
    for g in groups.sorted(by: { $0.id < $1.id }) {
      ctx.renewDeadline()
      do throws(KafkaError) {
        let n = try client.committedOffsets(group: g.id, partitions: tps).filter { $0.value >= 0 }.count
        if n > 0 { out.list.append(Consumer(group: g.id, state: g.state, partitions: n)) }
      } catch {
        // One group's coordinator refusing or not answering is that group's
        // row; every broker gone is the command's failure.
        if error.kind == .unreachable, (try? client.metadata()) == nil { throw CommandFailure(error) }
        out.unread += 1
      }
    }
    return out
  }
}
