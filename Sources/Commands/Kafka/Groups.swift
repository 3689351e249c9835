import ArgumentParser
import Capacity
import Clients
import Config
import Formats
import Host
import Output
import Prometheus
import ScriptLanguage
import Vocabulary

struct Groups: AetherCommand, GroupedCommand, HasDisplayOptions {
  static let group = CommandGroup.kafka
  static let configuration = CommandConfiguration(
    commandName: "groups", abstract: "Consumer groups with state, members and total lag.")

  @Option(help: "Only groups matching this glob.")
  var pattern: String?

  @OptionGroup var display: DisplayOptions

  func execute(_ ctx: CommandContext) throws -> Report {
    let client = try ctx.kafka()
    var names: [(id: String, state: String)]
    var note: String?
    do throws(KafkaError) {
      names = try client.listGroups().map { ($0.id, $0.state) }
    } catch {
      guard error.kind == .unsupported else { throw CommandFailure(error) }
      names = [(ctx.settings.group.value, "unknown")]
      note = "the broker cannot list groups (ListGroups unsupported); showing the profile's group"
    }
    if let p = pattern { names = names.filter { globMatch(p, $0.id) } }
    var rows: [[Cell]] = []
    var json: [JSON] = []
    // Every group in six calls (GroupListing.swift), all within one --timeout.
    let snapshots = try GroupReader.readMany(
      names.map(\.id), fallback: ctx.settings.topic.value, client: client, now: ctx.monotonicSeconds)
    for g in names {
      guard let s = snapshots[g.id] else { continue }
      let state = s.state == "unknown" ? g.state : s.state
      // A group that committed nothing has no lag to show: not 0. One that
      // committed some partitions has a total that counts only those: said.
      let all = s.lag.rows.count
      let counted = all - s.lag.uncommitted.count
      // A committed topic deleted since, or unreadable, is left out of the total: said beside it.
      let left = s.topicErrors.map { "\($0.topic) \($0.deleted ? "deleted" : "unread")" }
      let total = formatCount(s.lag.totalLag) + (left.isEmpty ? "" : " (not counted: \(left.joined(separator: ", ")))")
      rows.append([
        Cell(g.id), Cell(state), Cell(s.members.map { String($0.count) } ?? "?", numeric: true),
        counted == 0 && !left.isEmpty
          // Nothing countable because its topics or commits could not be read: not "no commits".
          ? Cell("unknown (\(left.joined(separator: ", ")))", level: .warn)
          : counted == 0
          ? Cell("no commits", level: .warn)
          : counted < all
            ? Cell(
              "\(total) (counts \(counted) of \(all) partitions)",
              level: max(.warn, ctx.thresholds.level(totalLag: s.lag.totalLag)), numeric: true)
            : Cell(
              total, level: left.isEmpty ? ctx.thresholds.level(totalLag: s.lag.totalLag) : max(.warn, ctx.thresholds.level(totalLag: s.lag.totalLag)),
              numeric: true),
      ])
      json.append(
        .object([
          ("group", .string(g.id)), ("state", .string(state)), ("members", .optional(s.members?.count)),
          ("totalLag", counted > 0 ? .int(s.lag.totalLag) : .null),
          ("uncommittedPartitions", .int(Int64(s.lag.uncommitted.count))),
          ("topicErrors", .array(s.topicErrors.map { .string($0.topic) })),
        ]))
    }
    var sections: [Section] = [.table(Table(headers: ["group", "state", "members", "lag"], rows: rows))]
    if let n = note { sections.append(.note(n)) }
    return Report(json: .array(json), sections: sections, plain: names.map(\.id).joined(separator: "\n"))
  }
}
