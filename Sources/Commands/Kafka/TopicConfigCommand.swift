import ArgumentParser
import Clients
import Formats
import Host
import Output
import Vocabulary

struct TopicConfigCommand: AetherCommand, HasDisplayOptions {
  static let configuration = CommandConfiguration(
    commandName: "config",
    abstract: "Show a topic's settings, or plan (default) or apply changes to the named keys only.",
    discussion: """
      Without KEY=VALUE: every setting with its value and where it comes from (set on the \
      topic, the broker's, or Kafka's default). With them: a plan of the named keys, now and \
      after; --execute applies it (a protected profile asks first). librdkafka 2.0.2 has only \
      Kafka's non-incremental AlterConfigs, which replaces the topic's whole set of settings: \
      the keys set on the topic and not named are read first and sent again unchanged, so \
      nothing else is reset (the plan lists them). librdkafka's mock cluster (--sandbox) cannot \
      describe or change settings, and says so.
      Examples:
        topic config aetherlink.events
        topic config aetherlink.events retention.ms=259200000
        topic config aetherlink.events retention.ms=259200000 --execute
      """)

  @Argument(help: "Topic.", completion: .names(.topics))
  var topic: String

  @Argument(help: "KEY=VALUE: the settings to change.")
  var changes: [String] = []

  @Flag(help: "Apply the changes (default: dry run).")
  var execute = false

  @Flag(help: "Do not ask on a protected profile.")
  var yes = false

  @OptionGroup var display: DisplayOptions

  func validate() throws {
    _ = try ConfigAssignments.parse(changes, what: "setting")
    if execute && changes.isEmpty { throw ValidationError("--execute changes the KEY=VALUE given: name at least one") }
  }

  func execute(_ ctx: CommandContext) throws -> Report {
    let wanted = try ConfigAssignments.parse(changes, what: "setting")
    let client = try ctx.kafka()
    _ = try TopicAdmin.existing(topic, client: client, changing: execute)
    let entries = try client.topicConfig(topic)
    if wanted.isEmpty { return show(entries) }
    let byName = Dictionary(entries.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
    for w in wanted {
      guard let e = byName[w.key] else {
        let hint = closestMatch(w.key, in: entries.map(\.name)).map { "; did you mean '\($0)'?" } ?? ""
        throw CommandFailure.usage("\(topic) has no setting '\(w.key)'\(hint)")
      }
      if e.isReadOnly { throw CommandFailure.usage("\(w.key) is read-only: the broker does not let it change") }
    }
    let kept = try Self.kept(entries, except: Set(wanted.map(\.key)), topic: topic)
    func plan(_ note: String) -> Report { report(wanted, byName: byName, kept: kept, note: note) }
    guard execute else { return plan("dry run: nothing changed; add --execute to apply") }
    try Confirmation.mutation("change the settings of \(topic)", yes: yes, ctx: ctx, plan: { plan("not changed yet") })
    ctx.renewDeadline()
    // Read again after the question, which may have waited: a key set on
    // the topic meanwhile must be kept too, or AlterConfigs would reset it.
    let now = try Self.kept(try client.topicConfig(topic), except: Set(wanted.map(\.key)), topic: topic)
    guard now.map(\.name) == kept.map(\.name), now.map(\.value) == kept.map(\.value) else {
      throw CommandFailure.failed("\(topic)'s settings changed while this waited: nothing changed; run it again to see them")
    }
    try client.replaceTopicConfig(topic, kept.map { ($0.name, $0.value ?? "") } + wanted.map { ($0.key, $0.value) })
    let after = Dictionary(try client.topicConfig(topic).map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
    let differ = wanted.filter { after[$0.key]?.value != $0.value }
    let lost = kept.filter { after[$0.name]?.value != $0.value }
    if !differ.isEmpty || !lost.isEmpty {
      let what = (differ.map { "\($0.key) is \(after[$0.key]?.value ?? "unset")" } + lost.map { "\($0.name) changed" })
      throw CommandFailure.failed("the broker accepted the change, but now: \(what.joined(separator: ", "))")
    }
    return plan("applied: \(topic) has the values above; \(kept.count) other setting(s) set on it kept")
  }

  /// Everything else set on the topic, to send again as it is: AlterConfigs
  /// resets any key it is not sent. A value the broker hides (sensitive)
  /// cannot be sent again: refused rather than reset.
  static func kept(_ entries: [TopicConfigEntry], except named: Set<String>, topic: String) throws -> [TopicConfigEntry] {
    let kept = entries.filter { $0.isSetOnTopic && !named.contains($0.name) }
    if let secret = kept.first(where: { $0.value == nil }) {
      throw CommandFailure.failed(
        "\(secret.name) is set on \(topic) but the broker does not return its value (sensitive): sending the others would reset it; nothing changed")
    }
    return kept
  }

  private func report(
    _ wanted: [(key: String, value: String)], byName: [String: TopicConfigEntry], kept: [TopicConfigEntry], note: String
  ) -> Report {
    let rows = wanted.map { w -> [Cell] in
      let now = byName[w.key]
      let same = now?.value == w.value
      return [
        Cell(w.key), Cell(now.map(Self.valueText) ?? "—"), Cell(w.value, level: same ? nil : .warn),
        Cell(now.map(Self.sourceText) ?? "—"), Cell(same ? "unchanged" : "changes"),
      ]
    }
    var sections: [Section] = [
      .table(Table(headers: ["setting", "now", "after", "now from", "change"], rows: rows))
    ]
    if !kept.isEmpty {
      sections.append(
        .note(
          "kept as they are (AlterConfigs replaces the topic's whole set; these are sent again unchanged): "
            + kept.map { "\($0.name)=\($0.value ?? "")" }.joined(separator: ", ")))
    }
    sections.append(.note(note))
    let json = JSON.object([
      ("topic", .string(topic)), ("executed", .bool(execute)),
      (
        "changes",
        .array(
          wanted.map { w in
            .object([
              ("name", .string(w.key)), ("before", byName[w.key]?.value.map(JSON.string) ?? .null), ("after", .string(w.value)),
            ])
          })
      ),
      ("kept", .array(kept.map { .object([("name", .string($0.name)), ("value", .string($0.value ?? ""))]) })),
    ])
    return Report(json: json, sections: sections, plain: wanted.map { "\($0.key)=\($0.value)" }.joined(separator: "\n"))
  }

  private func show(_ entries: [TopicConfigEntry]) -> Report {
    let rows = entries.map { e -> [Cell] in
      [Cell(e.name), Cell(Self.valueText(e), level: e.isSetOnTopic ? .warn : nil), Cell(Self.sourceText(e))]
    }
    let json = JSON.object([
      ("topic", .string(topic)),
      (
        "configs",
        .array(
          entries.map { e in
            .object([
              ("name", .string(e.name)), ("value", e.value.map(JSON.string) ?? .null), ("source", .string(e.source)),
              ("default", .bool(e.isDefault)), ("readOnly", .bool(e.isReadOnly)), ("sensitive", .bool(e.isSensitive)),
            ])
          })
      ),
    ])
    let set = entries.filter(\.isSetOnTopic).count
    return Report(
      json: json,
      sections: [
        .table(Table(headers: ["setting", "value", "from"], rows: rows)),
        .note("\(set) of \(entries.count) set on \(topic); the rest are the broker's or Kafka's defaults"),
      ],
      plain: entries.map { "\($0.name)=\($0.value ?? "")" }.joined(separator: "\n"))
  }

  static func valueText(_ e: TopicConfigEntry) -> String {
    if e.isSensitive { return "(sensitive)" }
    return e.value ?? "(none)"
  }

  /// Kafka's source names, as an operator says them.
  static func sourceText(_ e: TopicConfigEntry) -> String {
    switch e.source {
    case "DYNAMIC_TOPIC_CONFIG": return "set on the topic"
    case "DEFAULT_CONFIG": return "Kafka's default"
    case "STATIC_BROKER_CONFIG": return "broker (server.properties)"
    case "DYNAMIC_BROKER_CONFIG": return "broker (dynamic)"
    case "DYNAMIC_DEFAULT_BROKER_CONFIG": return "cluster default (dynamic)"
    default: return e.source.lowercased()
    }
  }
}
