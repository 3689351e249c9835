import ArgumentParser
import Capacity
import Config
import Formats
import Host
import Output
import Prometheus
import ScriptLanguage
import Vocabulary

struct Skew: AetherCommand, GroupedCommand, HasDisplayOptions {
  static let group = CommandGroup.capacity
  static let configuration = CommandConfiguration(
    commandName: "skew",
    abstract: "Skew of lag across partitions (max/avg) and the hottest partition.",
    discussion: """
      Same formula as kafka:group_skew_ratio: max / clamp_min(avg, 0.001). \
      Below 2 is balanced, above 4 is a hot key (CrmEventsHotKeySkewHigh).
      Live: GROUP's committed lag now, or with no GROUP and no --lags the profile's group (said \
      on stderr).
      Examples:
        skew --lags 0,0,339
        skew --lags 120,80,95 --topic aetherlink.events
        skew crm-events-sse
      """)

  @Argument(help: "Consumer group to read live.", completion: .names(.groups))
  var group: String?

  @Option(help: "Partition lags, partition 0 first (e.g. 0,0,339).", transform: ArgumentParsing.lags)
  var lags: [Int64]?

  @Option(
    help: "Topic the lags belong to (default: none, partitions by number), or the live form's only topic (default: the group's).",
    completion: .names(.topics))
  var topic: String?

  @OptionGroup var display: DisplayOptions

  func validate() throws {
    // No GROUP and no --lags: the live form on the profile's group, as lag and status.
    if group != nil && lags != nil { throw ValidationError("give either a GROUP or --lags, not both") }
  }

  /// The local form (given numbers) reads nothing from the profile.
  var needsSettings: Bool { lags == nil }

  func execute(_ ctx: CommandContext) throws -> Report {
    if let lags {
      // Numbers only: a topic is named only when one was given (--topic), never the profile's.
      let partitions = lags.enumerated().map {
        PartitionLag(topic: topic ?? "", partition: Int32($0.offset), lag: $0.element)
      }
      return Skew.report(try skew(partitions), partitions: partitions, thresholds: ctx.thresholds)
    }
    let g = ctx.group(group, for: "skew")
    let snapshot = try GroupReader.read(group: g, topic: topic, ctx: ctx, describe: false)
    guard let s = snapshot.lag.skew else {
      throw CommandFailure.failed("group \(g) has no committed offsets: there is no lag to compare")
    }
    let partitions = snapshot.lag.rows.compactMap { r in
      r.lag.map { PartitionLag(topic: r.offsets.topic, partition: r.offsets.partition, lag: $0) }
    }
    return Skew.report(s, partitions: partitions, thresholds: ctx.thresholds)
  }

  /// `{"topic","partition","lag"}` (topic null when only numbers were given), or null when nothing lags.
  static func hottestJSON(_ h: PartitionLag?) -> JSON {
    guard let h else { return .null }
    return .object([
      ("topic", h.topic.isEmpty ? .null : .string(h.topic)), ("partition", .int(Int64(h.partition))), ("lag", .int(h.lag)),
    ])
  }

  static func hottestText(_ h: PartitionLag?) -> String {
    h.map { "\($0.name) lag \(formatCount($0.lag))" } ?? "none: no partition lags"
  }

  static func report(_ s: SkewResult, partitions: [PartitionLag], thresholds: Thresholds) -> Report {
    let level = thresholds.level(skewRatio: s.ratio)
    let json = JSON.object([
      ("skewRatio", .double(s.ratio)), ("hottest", hottestJSON(s.hottest)),
    ])
    // Numbers given without --topic have no topic: no column for one.
    let named = partitions.contains { !$0.topic.isEmpty }
    let rows = partitions.map { p in
      (named ? [Cell(p.topic)] : []) + [
        Cell(String(p.partition), numeric: true), Cell(formatCount(p.lag), numeric: true),
        Cell(String(repeating: "█", count: s.total == 0 ? 0 : Int((Double(p.lag) / Double(max(s.hottest?.lag ?? 1, 1)) * 20).rounded()))),
      ]
    }
    var sections: [Section] = [
      .fields([
        ("skew ratio", Cell("\(formatNumber(s.ratio))x", level: level)),
        ("hottest", Cell(hottestText(s.hottest))),
        ("total lag", Cell(formatCount(s.total), level: thresholds.level(totalLag: s.total))),
      ]),
      .table(Table(headers: (named ? ["topic"] : []) + ["partition", "lag", ""], rows: rows)),
    ]
    if level == .critical {
      sections.append(
        .note(
          "One partition holds most of the backlog: a hot key. More replicas cannot split a partition; "
            + "check the key distribution, or add partitions."))
    }
    // CSV keeps its columns whatever the input (an empty topic when none was named).
    let csv = Table(
      headers: ["topic", "partition", "lag"],
      rows: partitions.map { [Cell($0.topic), Cell(String($0.partition)), Cell(String($0.lag))] })
    return Report(json: json, sections: sections, plain: formatNumber(s.ratio, digits: 3), csv: csv)
  }
}
