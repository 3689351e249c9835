import ArgumentParser
import Capacity
import Clients
import Config
import Formats
import Foundation
import Host
import Output
import Prometheus
import ScriptLanguage
import Vocabulary

struct PromRange: AetherCommand, HasDisplayOptions {
  static let configuration = CommandConfiguration(
    commandName: "range",
    abstract: "Range query drawn as a terminal chart; --table prints the numbers.",
    discussion: """
      The step defaults to the span divided by 60 (at least 1s), so the chart has a point per \
      column at 80 columns. Examples:
        prom range kafka:group_lag_sum --since 1h
        prom range 'rate(crm_events_messages_total[1m])' --table
        prom range kafka:group_lag_sum --start 2025-11-02T09:00:00Z --end 2025-11-02T10:00:00Z
        prom range kafka:group_lag_sum --start -3h --end -2h
      The window's start and end (the options of those names) take RFC 3339, epoch ms or \
      -DURATION before now, as prom query's time does; --since measures the start back from the \
      end (default now).
      -o json prints Prometheus's own `data` object.
      """)

  @Argument(help: "PromQL expression.", completion: .names(.metrics))
  var expr: String

  @Option(help: "How far back from --end (default 1h).", transform: ArgumentParsing.duration)
  var since: Double?

  @Option(parsing: .unconditional, help: "Where the range starts: RFC 3339, epoch ms, or -DURATION.", transform: PromTime.parse)
  var start: Double?

  @Option(parsing: .unconditional, help: "Where the range ends (default now): RFC 3339, epoch ms, or -DURATION.", transform: PromTime.parse)
  var end: Double?

  @Option(help: "Resolution (default: span/60).", transform: ArgumentParsing.duration)
  var step: Double?

  @Flag(help: "Draw a chart (the default on a terminal).")
  var chart = false

  @Flag(help: "Print the numbers: one row per series and time.")
  var table = false

  @Option(
    name: .customLong("or"), parsing: .unconditional,
    help: "Print this instead of failing when no series matches (e.g. --or unknown, --or -1).")
  var orElse: String?

  @OptionGroup var display: DisplayOptions

  func validate() throws {
    if chart && table { throw ValidationError("--chart and --table exclude each other") }
    if let since, since <= 0 { throw ValidationError("--since must be positive") }
    if let step, step <= 0 { throw ValidationError("--step must be positive") }
    if start != nil && since != nil { throw ValidationError("give --start or --since, not both") }
    if let start, let end, start >= end { throw ValidationError("--start must be before --end") }
  }

  func execute(_ ctx: CommandContext) throws -> Report {
    let end = self.end ?? Date().timeIntervalSince1970
    if let start, start >= end { throw CommandFailure.usage("--start must be before --end (now)") }
    let span = start.map { end - $0 } ?? since ?? 3600
    let resolution = step ?? max(1, (span / 60).rounded(.up))
    if span / resolution > 11_000 {
      throw CommandFailure.usage(
        "a span of \(Durations.format(span)) at --step \(Durations.format(resolution)) is more than 11,000 points per series (Prometheus's limit); use a larger --step")
    }
    let (envelope, result) = try PromAPI(ctx).range(expr, start: end - span, end: end, step: resolution)
    let series: [Series]
    let names: [String]
    switch result {
    case .matrix(let m):
      // A series' name is made once, not once per sample or comparison.
      let unsorted = m.map { seriesText($0.labels) }
      let order = unsorted.indices.sorted { unsorted[$0] < unsorted[$1] }
      series = order.map { m[$0] }
      names = order.map { unsorted[$0] }
    default: throw CommandFailure.failed("Prometheus answered a range query with a \(result.resultType)")
    }
    let data = envelope.data ?? .null
    let drawChart = chart || (!table && ctx.stdoutIsTerminal && !ctx.isCaptured)
    // Only the form shown is built: a large answer must not cost a table,
    // a text and a CSV of itself at once.
    var rows: [[Cell]] = []
    if (ctx.format == .table && !drawChart) || ctx.format == .csv {
      for (s, name) in zip(series, names) {
        for p in s.points {
          rows.append([Cell(name), Cell(PromTime.text(p.timestamp)), Cell(formatValue(p.value), numeric: true)])
        }
      }
    }
    let numbers = Table(headers: ["SERIES", "TIME", "VALUE"], rows: rows)
    var plain = ""
    if ctx.format == .plain {
      plain = zip(series, names).map { s, name in
        name + " " + s.points.map { formatValue($0.value) }.joined(separator: " ")
      }.joined(separator: "\n")
    }
    var report = Report(json: data, sections: [.table(numbers)], plain: plain, csv: numbers)
    if series.isEmpty {
      // As `prom query`: no series is not a value, unless the script said what it means.
      if let orElse { return Report(json: data, sections: [.note(orElse)], plain: orElse) }
      var f = CommandFailure.failed("no series for \(expr) in the last \(Durations.format(span))")
      f.report = ctx.format == .json ? report : nil
      throw f
    } else if drawChart {
      let width = max(40, min(terminalColumns(), 160))
      let text = renderChart(
        zip(series, names).map { s, name in (label: visibleControls(name), points: s.points.map { (t: $0.timestamp, v: $0.value) }) },
        width: width, height: 12, color: ctx.color)
      report.sections = [.styled(text)]
    }
    return report
  }
}
