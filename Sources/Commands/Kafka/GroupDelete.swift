import ArgumentParser
import Clients
import Formats
import Host
import Output
import Vocabulary

struct GroupDelete: AetherCommand, HasDisplayOptions {
  static let configuration = CommandConfiguration(
    commandName: "delete",
    abstract: "Plan (default) or delete a consumer group and its commits; refused while it has members.",
    discussion: """
      The plan shows the group's state, members and the offsets it committed (what is lost: a \
      consumer joining it later starts by its auto.offset.reset). As kafka-consumer-groups.sh \
      --delete, a group with active members is refused: stop its consumers first. --execute \
      deletes it: a protected profile wants the group's name typed back at a terminal, and \
      --yes in a script. librdkafka's mock cluster (--sandbox) cannot delete groups, and says so.
      Examples:
        group delete crm-events-sse-old
        group delete crm-events-sse-old --execute
      """)

  @Argument(help: "Consumer group.", completion: .names(.groups))
  var groupName: String

  @Flag(help: "Delete it (default: dry run).")
  var execute = false

  @Flag(help: "Do not ask on a protected profile.")
  var yes = false

  @OptionGroup var display: DisplayOptions

  func execute(_ ctx: CommandContext) throws -> Report {
    let client = try ctx.kafka()
    // Members and state first: the mock cannot say, and then cannot delete either.
    let description: GroupDescription
    do throws(KafkaError) {
      description = try client.describeGroup(groupName)
    } catch {
      throw CommandFailure(error)
    }
    let committed = try client.committedOffsets(group: groupName, partitions: nil).filter { $0.value >= 0 }
    if description.members.isEmpty, committed.isEmpty, ["Dead", "Unknown"].contains(description.state) {
      throw CommandFailure.failed("group '\(groupName)' does not exist on this cluster: no members and no committed offsets")
    }
    let active =
      description.members.isEmpty
      ? nil : "group \(groupName) has \(description.members.count) active member(s); stop its consumers before deleting it"
    func plan(_ note: String) -> Report { report(description, committed, note: note) }
    guard execute else {
      return plan(
        active.map { "dry run: nothing changed; --execute would be refused now: \($0)" }
          ?? "dry run: nothing changed; add --execute to delete \(groupName)")
    }
    if let active { throw CommandFailure.failed(active) }
    try Confirmation.mutation(
      "delete group \(groupName)", yes: yes, ctx: ctx, typeBack: ("group", groupName), plan: { plan("not deleted yet") })
    ctx.renewDeadline()
    try client.deleteGroup(groupName)
    return plan("deleted: \(groupName) and its committed offsets are gone")
  }

  private func report(_ description: GroupDescription, _ committed: [TopicPartition: Int64], note: String) -> Report {
    let topics = Dictionary(grouping: committed.keys, by: \.topic).mapValues(\.count)
    var sections: [Section] = [
      .fields([
        ("group", Cell(groupName)), ("state", Cell(description.state)),
        ("members", Cell(String(description.members.count), level: description.members.isEmpty ? nil : .warn)),
        ("committed", Cell(committed.isEmpty ? "nothing" : "\(committed.count) partition(s) of \(topics.count) topic(s)")),
      ])
    ]
    if !committed.isEmpty {
      sections.append(
        .table(
          Table(
            headers: ["topic", "partition", "committed"],
            rows: committed.sorted { $0.key < $1.key }.map {
              [Cell($0.key.topic), Cell(String($0.key.partition), numeric: true), Cell(formatCount($0.value), numeric: true)]
            })))
    }
    sections.append(.note(note))
    let json = JSON.object([
      ("group", .string(groupName)), ("executed", .bool(execute)), ("state", .string(description.state)),
      ("activeMembers", .int(Int64(description.members.count))),
      (
        "committed",
        .array(
          committed.sorted { $0.key < $1.key }.map {
            .object([("topic", .string($0.key.topic)), ("partition", .int(Int64($0.key.partition))), ("offset", .int($0.value))])
          })
      ),
    ])
    return Report(json: json, sections: sections, plain: groupName)
  }
}
