import ArgumentParser
import Formats
import Host
import Output
import Vocabulary

struct TopicCreate: AetherCommand, HasDisplayOptions {
  static let configuration = CommandConfiguration(
    commandName: "create",
    abstract: "Create a topic with its partitions, replication and settings (a protected profile asks first).",
    discussion: """
      The name is checked before any request (letters, digits, '.', '_', '-'; at most 249). \
      Without --replication-factor the broker's default.replication.factor applies. On a \
      protected profile it asks at a terminal and needs --yes in a script. librdkafka's mock \
      cluster (--sandbox) cannot create topics: it says so and exits 1.
      Examples:
        topic create aetherlink.events.dlq --partitions 3
        topic create audit --partitions 6 --replication-factor 3 --config retention.ms=604800000
      """)

  /// A name that does not exist yet: nothing to complete.
  @Argument(help: ArgumentHelp("The new topic's name.", valueName: "new-topic"))
  var topic: String

  @Option(parsing: .unconditional, help: "How many partitions (1 or more).")
  var partitions: Int32

  @Option(name: .customLong("replication-factor"), parsing: .unconditional, help: "Replicas of each partition (default: the broker's).")
  var replicationFactor: Int32?

  @Option(name: .customLong("config"), help: "A topic setting KEY=VALUE (repeatable), e.g. retention.ms=86400000.")
  var configs: [String] = []

  @Flag(help: "Do not ask on a protected profile.")
  var yes = false

  @OptionGroup var display: DisplayOptions

  func validate() throws {
    if let problem = TopicName.problem(topic) { throw ValidationError(problem) }
    if topic.hasPrefix("__") { throw ValidationError("names starting with '__' are Kafka's internal topics") }
    guard partitions >= 1 else { throw ValidationError("--partitions must be 1 or more") }
    if let r = replicationFactor, r < 1 { throw ValidationError("--replication-factor must be 1 or more") }
    _ = try ConfigAssignments.parse(configs, what: "--config")
  }

  func execute(_ ctx: CommandContext) throws -> Report {
    let settings = try ConfigAssignments.parse(configs, what: "--config")
    let client = try ctx.kafka()
    try Confirmation.mutation("create topic \(topic)", yes: yes, ctx: ctx)
    ctx.renewDeadline()
    try client.createTopic(topic, partitions: partitions, replication: replicationFactor ?? -1, configs: settings)
    // What the cluster now says, not what was asked: a broker may still be
    // making the partitions, so metadata is asked until it lists them all.
    let info = try TopicAdmin.awaitPartitions(of: topic, count: partitions, client: client, ctx: ctx)
    let replication = info.partitions.first?.replicas.count ?? 0
    let json = JSON.object([
      ("topic", .string(topic)), ("created", .bool(true)), ("partitions", .int(Int64(info.partitions.count))),
      ("replicationFactor", .int(Int64(replication))),
      ("configs", .object(settings.map { ($0.key, JSON.string($0.value)) })),
    ])
    var fields: [(String, Cell)] = [
      ("created", Cell(topic)), ("partitions", Cell(String(info.partitions.count))),
      ("replication factor", Cell(String(replication))),
    ]
    for s in settings { fields.append((s.key, Cell(s.value))) }
    return Report(json: json, sections: [.fields(fields)], plain: topic)
  }
}
