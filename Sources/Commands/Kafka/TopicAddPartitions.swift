import ArgumentParser
import Capacity
import Clients
import Formats
import Host
import Output
import Vocabulary

struct TopicAddPartitions: AetherCommand, HasDisplayOptions {
  static let configuration = CommandConfiguration(
    commandName: "add-partitions",
    abstract: "Plan (default) or add partitions to a topic, saying which keys will move.",
    discussion: """
      A keyed message's partition is hash(key) % partitions: a new count sends most keys to \
      another partition, so a key's events before and after the change sit on different \
      partitions (their order across it is lost) and a hot key may land beside another. The \
      plan reads the keys of the last --sample messages of each partition (within --timeout) \
      and says, for librdkafka's consistent_random (CRC32: kcat, librdkafka, Confluent's .NET, \
      Go and Python clients) and Kafka's murmur2_random (Java clients, rpk), or only for the \
      profile's `partitioner` when set, how many keys and messages of the sample would move, \
      where the hottest keys go, which partitioner the sampled keys follow today, and how much of \
      the busiest partition's keyed traffic would fall, each partition weighed by its rate over \
      its sample and a hot key moving whole (with -o plain, that percentage alone, or \
      'unknown'). Keyless \
      messages are not placed by key: they spread over the new partitions too. Partitions \
      cannot be removed: a smaller --to is refused. --execute adds them (a protected profile \
      asks first); librdkafka's mock cluster (--sandbox) cannot, and says so.
      Examples:
        topic add-partitions aetherlink.events --to 6
        topic add-partitions aetherlink.events --to 6 --execute
      """)

  @Argument(help: "Topic.", completion: .names(.topics))
  var topic: String

  @Option(parsing: .unconditional, help: "The partition count after the change (more than now).")
  var to: Int32

  @Option(parsing: .unconditional, help: "Messages per partition whose keys are read (at most 100000).")
  var sample: Int = 2000

  @Flag(help: "Add the partitions (default: dry run).")
  var execute = false

  @Flag(help: "Do not ask on a protected profile.")
  var yes = false

  @OptionGroup var display: DisplayOptions

  static let maximumSample = 100_000

  func validate() throws {
    guard to >= 1 else { throw ValidationError("--to must be 1 or more") }
    guard (0...Self.maximumSample).contains(sample) else {
      throw ValidationError("--sample must be from 0 to \(formatCount(Int64(Self.maximumSample)))")
    }
  }

  func execute(_ ctx: CommandContext) throws -> Report {
    let client = try ctx.kafka()
    let info = try TopicAdmin.existing(topic, client: client, changing: execute, healthy: true)
    let from = Int32(info.partitions.count)
    guard to > from else {
      throw CommandFailure.usage(
        to == from
          ? "\(topic) already has \(from) partitions: --to must be more"
          : "\(topic) has \(from) partitions, and partitions cannot be removed: --to \(to) is fewer")
    }
    let tps = info.partitions.map { TopicPartition(topic, $0.id) }
    let marks = try client.watermarks(tps)
    var ranges: [TopicPartition: (low: Int64, high: Int64)] = [:]
    for tp in tps {
      let m = marks[tp] ?? Watermarks(low: 0, high: 0)
      ranges[tp] = (max(m.low, m.high - Int64(sample)), m.high)
    }
    let sampling = sample == 0 ? KeySampling() : try ctx.messageCounter().sampleKeys(ranges)
    let sampledAtMs = nowMillis()
    let samples = sampling.keys.flatMap { tp, counts in
      counts.map { KeyMovement.Sample(key: $0.key, partition: tp.partition, messages: $0.value) }
    }
    let perMessage = Self.perMessage(sampling, sampledAtMs: sampledAtMs)
    let plans = Self.partitioners(profile: ctx.settings.partitioner?.value).map {
      KeyMovement.plan(samples, from: from, to: to, partitioner: $0, perMessage: perMessage)
    }
    let read = sampling.messages.values.reduce(0, +)
    let incomplete = tps.filter { !sampling.complete.contains($0) && (ranges[$0].map { $0.high > $0.low } ?? false) }
    func plan(_ note: String) -> Report {
      report(
        from: from, plans: plans, read: read, keyed: read - sampling.keyless, keyless: sampling.keyless,
        incomplete: incomplete, weighed: perMessage != nil, note: note, ctx: ctx)
    }
    guard execute else { return plan("dry run: nothing changed; add --execute to add \(to - from) partitions") }
    try Confirmation.mutation(
      "add \(to - from) partitions to \(topic)", yes: yes, ctx: ctx, plan: { plan("not changed yet") })
    // The sample may have taken the whole --timeout: the change gets its own.
    ctx.renewDeadline()
    try client.createPartitions(topic, total: to)
    _ = try TopicAdmin.awaitPartitions(of: topic, count: to, client: client, ctx: ctx)
    return plan("added: \(topic) now has \(to) partitions; the groups consuming it rebalance to take the new ones")
  }

  /// The partitioners to plan for: the profile's, else both. round_robin and
  /// sticky place keyed messages as librdkafka's default does (CRC32).
  static func partitioners(profile: Partitioner?) -> [Partitioner] {
    switch profile {
    case nil: return [.consistentRandom, .murmur2Random]
    case .roundRobin?, .sticky?: return [.consistentRandom]
    case let p?: return [p]
    }
  }

  /// Each partition gives the same number of messages whatever its rate: a
  /// sampled message stands for 1 / the seconds its partition's sample
  /// spans. nil (weighed alike) when a partition with keys has no timestamps.
  static func perMessage(_ sampling: KeySampling, sampledAtMs: Int64) -> [Int32: Double]? {
    var out: [Int32: Double] = [:]
    for tp in sampling.keys.keys {
      guard let t = sampling.times[tp] else { return nil }
      // From its sample's first message to the moment it was read (a
      // partition quiet since counts as slow), a second at least (a burst
      // says nothing finer).
      out[tp.partition] = 1000 / Double(max(sampledAtMs - t.first, 1000))
    }
    return out
  }

  private func report(
    from: Int32, plans: [KeyMovement], read: Int, keyed: Int, keyless: Int, incomplete: [TopicPartition],
    weighed: Bool, note: String, ctx: CommandContext
  ) -> Report {
    func share(_ part: Int, _ whole: Int) -> String {
      whole == 0 ? "—" : "\(formatCount(Int64(part))) (\(part * 100 / whole)%)"
    }
    var sections: [Section] = [
      .fields([
        ("topic", Cell(topic)), ("partitions", Cell("\(from) → \(to)")),
        (
          "sampled",
          Cell(
            "\(formatCount(Int64(read))) message(s), the last \(formatCount(Int64(sample))) of each partition at most: "
              + "\(formatCount(Int64(keyed))) keyed, \(formatCount(Int64(keyless))) keyless")
        ),
      ])
    ]
    let rows = plans.map { p -> [Cell] in
      let follows: String
      let counted = "\(formatCount(Int64(p.keysWhereExpected))) of \(formatCount(Int64(p.keys)))"
      switch p.matchesProducers {
      case true?: follows = "yes, \(counted)"
      case false?: follows = "no, \(counted)"
      case nil: follows = "too few keys to tell"
      }
      return [
        Cell(p.partitioner.rawValue), Cell(formatCount(Int64(p.keys)), numeric: true),
        Cell(share(p.movedKeys, p.keys), level: p.movedKeys > 0 ? .warn : nil, numeric: true),
        Cell(share(p.movedMessages, p.messages), numeric: true), Cell(follows),
      ]
    }
    sections.append(
      .table(
        Table(
          title: "Keys that move partition",
          headers: ["partitioner", "keys", "keys moving", "messages moving", "keys where it puts them now"], rows: rows)))
    if let hottest = plans.first?.hottest, !hottest.isEmpty {
      let hotRows = hottest.map { h -> [Cell] in
        [Cell(displayText(h.key)), Cell(formatCount(Int64(h.messages)), numeric: true), Cell(String(h.from), numeric: true)]
          + plans.map { p in
            let to = p.hottest.first { $0.key == h.key }?.to ?? p.partitioner.partition(key: h.key, count: self.to)
            return Cell(to.map(String.init) ?? "random")
          }
      }
      sections.append(
        .table(
          Table(
            title: "The hottest keys of the sample",
            headers: ["key", "messages", "partition now"] + plans.map { "after (\($0.partitioner.rawValue))" },
            rows: hotRows)))
    }
    let producers = Self.producersPlan(plans, configured: ctx.settings.partitioner != nil)
    if read == 0 {
      sections.append(.note("no message was sampled (--sample 0, or empty partitions): which keys move is not known"))
    } else if keyed == 0 {
      sections.append(.note("no keyed message in the sample: nothing is placed by key, so no key moves"))
    } else if let p = producers, let b = p.busiest, let relief = p.busiestRelief {
      let measure =
        weighed
        ? "each partition weighed by its rate over its sample"
        : "partitions weighed alike: their messages carry no timestamps to tell their rates"
      sections.append(
        .note(
          "partition \(b.partition) carries the most keyed traffic (\(measure)); under \(p.partitioner.rawValue), the producers' "
            + "partitioner, the busiest partition after the change (\(b.partitionAfter)) would carry "
            + (relief < 30
              ? "\(relief)% less, so more partitions would not relieve it (a hot key moves whole): spread the key instead"
              : "\(relief)% less, so more partitions relieve it")))
    } else {
      sections.append(
        .note(
          "the sampled keys follow neither partitioner (or are too few to tell): whether more partitions relieve the busiest "
            + "one is unknown; set the profile's partitioner to say how the producers place keys"))
    }
    if keyless > 0 {
      sections.append(
        .note("keyless messages are not placed by key: they spread over the new partitions too, and no key's order is at stake"))
    }
    if keyed > 0 {
      sections.append(
        .note(
          "a key that moves has its older events on the old partition and its newer ones on the new: their order across the change is lost, "
            + "and consumers that start new partitions at the end (auto.offset.reset=latest) skip what lands there before they are assigned"))
    }
    if !incomplete.isEmpty {
      sections.append(
        .note(
          "\(incomplete.count) partition(s) could not be read to their end within --timeout (\(incomplete.map { String($0.partition) }.joined(separator: ", "))): the sample holds what was read"))
    }
    sections.append(.note(note))
    let json = JSON.object([
      ("topic", .string(topic)), ("from", .int(Int64(from))), ("to", .int(Int64(to))), ("executed", .bool(execute)),
      ("producersPartitioner", producers.map { .string($0.partitioner.rawValue) } ?? .null),
      ("busiestRelief", producers?.busiestRelief.map { .int(Int64($0)) } ?? .null),
      ("loadPerSecond", .bool(weighed)),
      (
        "sample",
        .object([
          ("perPartition", .int(Int64(sample))), ("messages", .int(Int64(read))), ("keyed", .int(Int64(keyed))),
          ("keyless", .int(Int64(keyless))), ("incompletePartitions", .array(incomplete.map { .int(Int64($0.partition)) })),
        ])
      ),
      (
        "partitioners",
        .array(
          plans.map { p in
            .object([
              ("partitioner", .string(p.partitioner.rawValue)), ("keys", .int(Int64(p.keys))),
              ("movedKeys", .int(Int64(p.movedKeys))), ("messages", .int(Int64(p.messages))),
              ("movedMessages", .int(Int64(p.movedMessages))), ("keysWhereExpected", .int(Int64(p.keysWhereExpected))),
              ("matchesProducers", p.matchesProducers.map(JSON.bool) ?? .null),
              (
                "busiest",
                p.busiest.map {
                  .object([
                    ("partition", .int(Int64($0.partition))), ("load", .double($0.load)),
                    ("partitionAfter", .int(Int64($0.partitionAfter))), ("loadAfter", .double($0.loadAfter)),
                  ])
                } ?? .null
              ),
              (
                "hottest",
                .array(
                  p.hottest.map { h in
                    .object([
                      ("key", .string(displayText(h.key))), ("messages", .int(Int64(h.messages))), ("load", .double(h.load)),
                      ("from", .int(Int64(h.from))), ("to", h.to.map { .int(Int64($0)) } ?? .null),
                    ])
                  })
              ),
            ])
          })
      ),
    ])
    // For scripts (the runbooks): whether more partitions relieve the busiest one.
    let plain = producers?.busiestRelief.map(String.init) ?? "unknown"
    return Report(json: json, sections: sections, plain: plain)
  }

  /// The plan of the partitioner the producers use: the profile's when set
  /// (then the only one), else the one the sampled keys follow.
  static func producersPlan(_ plans: [KeyMovement], configured: Bool) -> KeyMovement? {
    if configured { return plans.first }
    return plans.first { $0.matchesProducers == true }
  }
}
