import ArgumentParser
import Capacity
import Config
import Formats
import Foundation
import Host
import Output
import Prometheus
import ScriptLanguage
import Vocabulary

struct GroupCommand: GroupedCommand {
  static let group = CommandGroup.kafka
  static let configuration = CommandConfiguration(
    commandName: "group", abstract: "Describe a consumer group, reset its committed offsets, or delete it.",
    subcommands: [GroupDescribe.self, GroupSeek.self, GroupDelete.self])
}

struct GroupDescribe: AetherCommand, HasDisplayOptions {
  static let configuration = CommandConfiguration(
    commandName: "describe", abstract: "State, members, and per partition: committed, log end, lag, owner.")

  @Argument(help: "Consumer group (default: the profile's group).", completion: .names(.groups))
  var groupName: String?

  @Option(help: "Only this topic.", completion: .names(.topics))
  var topic: String?

  @Flag(name: .customLong("no-time"), help: "Skip the time lag (reads no message).")
  var noTime = false

  @OptionGroup var display: DisplayOptions

  func execute(_ ctx: CommandContext) throws -> Report {
    let snapshot = try GroupReader.read(
      group: ctx.group(groupName, for: "group describe"), topic: topic, ctx: ctx, times: !noTime)
    return try GroupReport.finish(snapshot, GroupReport.report(snapshot, thresholds: ctx.thresholds))
  }
}

struct GroupSeek: AetherCommand, HasDisplayOptions {
  static let configuration = CommandConfiguration(
    commandName: "seek",
    abstract: "Reset a group's committed offsets; a dry run unless --execute.",
    discussion: """
      --to start | end | OFFSET | @TIME (RFC 3339, epoch ms, or @-15m) | -DURATION (that long ago).
      Without --execute the plan (before → after) is printed and nothing changes. The broker \
      refuses while the group has active members: stop its consumers first.
      Examples:
        group seek crm-events-sse --to start
        group seek crm-events-sse --to -15m --execute
      """)

  @Argument(help: "Consumer group.", completion: .names(.groups))
  var groupName: String

  @Option(
    parsing: .unconditional, help: "start, end, OFFSET, @TIME or -DURATION.", completion: .list(SeekTarget.keywords),
    transform: ArgumentParsing.seekTarget)
  var to: SeekTarget

  @Option(help: "Only this topic (default: the group's topics, else the profile's).", completion: .names(.topics))
  var topic: String?

  @Option(help: "Only this partition.")
  var partition: Int32?

  @Flag(help: "Commit the plan (default: dry run).")
  var execute = false

  @Flag(help: "Do not ask for confirmation on a protected profile.")
  var yes = false

  @OptionGroup var display: DisplayOptions

  func execute(_ ctx: CommandContext) throws -> Report {
    let target = to
    let snapshot = try GroupReader.read(
      group: groupName, topic: topic, partition: partition, ctx: ctx, describe: execute,
      requireCommits: false)
    let client = try ctx.kafka()
    var after: [TopicPartition: Int64] = [:]
    for p in snapshot.offsets {
      let tp = TopicPartition(p.topic, p.partition)
      // Clamped as tail clamps it, and said the same way.
      after[tp] = try OffsetLookup.start(
        target, tp, logStart: p.logStart, logEnd: p.logEnd, ctx: ctx, client: client
      ) { "group seek: \($0); seeking to \($1)" }
    }
    let rows = snapshot.offsets.map { p -> [Cell] in
      let a = after[TopicPartition(p.topic, p.partition)] ?? p.logEnd
      let before = p.committed.map(formatCount) ?? "—"
      let delta = p.committed.map { a - $0 }
      return [
        Cell(p.topic), Cell(String(p.partition), numeric: true), Cell(before, numeric: true),
        Cell(formatCount(a), numeric: true),
        Cell(delta.map { $0 == 0 ? "unchanged" : ($0 > 0 ? "+\(formatCount($0))" : formatCount($0)) } ?? "new"),
        Cell(formatCount(max(0, p.logEnd - a)), numeric: true),
      ]
    }
    // The dry run asks too, so that a plan --execute would refuse says so up
    // front; a broker that cannot say (the mock) or fails to leaves the plan as it is.
    let members = execute ? snapshot.members : (try? client.describeGroup(groupName))?.members
    let active = members.map { m in
      m.isEmpty ? nil : "group \(groupName) has \(m.count) active member(s); stop its consumers before seeking"
    } ?? nil
    var note = "dry run: nothing changed; add --execute to commit this plan"
    if let active { note = "dry run: nothing changed; --execute would be refused now: \(active)" }
    if execute {
      if let active { throw CommandFailure.failed(active) }
      try Confirmation.mutation("reset the offsets of \(groupName)", yes: yes, ctx: ctx)
      try client.commitOffsets(group: groupName, after)
      note = "committed: \(groupName) now starts from the offsets above"
    }
    let json = JSON.object([
      ("group", .string(groupName)), ("executed", .bool(execute)), ("activeMembers", .optional(members?.count)),
      (
        "partitions",
        .array(
          snapshot.offsets.map { p in
            .object([
              ("topic", .string(p.topic)), ("partition", .int(Int64(p.partition))),
              ("before", p.committed.map { .int($0) } ?? .null),
              ("after", .int(after[TopicPartition(p.topic, p.partition)] ?? p.logEnd)),
            ])
          })
      ),
    ])
    return Report(
      json: json,
      sections: [
        .table(Table(headers: ["topic", "partition", "before", "after", "change", "lag after"], rows: rows)), .note(note),
      ],
      plain: snapshot.offsets.map { "\($0.topic) \($0.partition) \(after[TopicPartition($0.topic, $0.partition)] ?? $0.logEnd)" }
        .joined(separator: "\n"))
  }
}

func nowMillis() -> Int64 { Int64((Date().timeIntervalSince1970 * 1000).rounded()) }

