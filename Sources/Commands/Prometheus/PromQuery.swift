import ArgumentParser
import Capacity
import Config
import Formats
import Host
import Output
import Prometheus
import ScriptLanguage
import Vocabulary

struct PromQuery: AetherCommand, HasDisplayOptions {
  static let configuration = CommandConfiguration(
    commandName: "query",
    abstract: "Instant query: one row per series, its labels and value.",
    discussion: """
      Examples:
        prom query kafka:group_lag_sum
        prom query 'kafka:group_skew_ratio{consumergroup="crm-events-sse"}' --time -10m
        set x $(prom query 'sum(kafka_consumergroup_lag)')   # the value alone, for scripts
        if prom query 'ALERTS{alertstate="firing"}'; echo firing; end
      An expression that matches no series is exit 1 ("no series for EXPR"), never an \
      empty value; --or TEXT prints TEXT instead (`$(prom query … --or unknown)`). -o json prints Prometheus's own `data` object.
      """)

  @Argument(help: "PromQL expression.", completion: .names(.metrics))
  var expr: String

  @Option(parsing: .unconditional, help: "Evaluation time: RFC 3339, epoch ms, or -DURATION (default now).", transform: PromTime.parse)
  var time: Double?

  @Option(
    name: .customLong("or"), parsing: .unconditional,
    help: "Print this instead of failing when no series matches (e.g. --or unknown, --or -1).")
  var orElse: String?

  @OptionGroup var display: DisplayOptions

  func execute(_ ctx: CommandContext) throws -> Report {
    let (envelope, result) = try PromAPI(ctx).query(expr, time: time)
    let report = PromQuery.report(result, data: envelope.data ?? .null, format: ctx.format)
    var empty = false
    if case .vector(let samples) = result, samples.isEmpty { empty = true }
    if case .matrix(let series) = result, series.isEmpty { empty = true }
    if empty {
      // The script said what "no series" means: an explicit value, never a silent empty one.
      if let orElse { return Report(json: envelope.data ?? .null, sections: [.note(orElse)], plain: orElse) }
      // No series is not a value: `$(prom query …)` must not read as one.
      var f = CommandFailure.failed("no series for \(expr)")
      f.report = ctx.format == .json ? report : nil
      throw f
    }
    return report
  }

  /// Only the form `format` shows is built (nil: every form): a large answer
  /// must not cost a table, a text and a CSV of itself at once. A series'
  /// name is made once, not once per sample or per comparison.
  static func report(_ result: QueryResult, data: JSON, format: OutputFormat? = nil) -> Report {
    func wants(_ f: OutputFormat) -> Bool { format == nil || format == f }
    switch result {
    case .vector(let samples):
      let names = samples.map { seriesText($0.labels) }
      let order = names.indices.sorted { names[$0] < names[$1] }
      let sorted = order.map { samples[$0] }
      var sections: [Section] = []
      if wants(.table) {
        let rows = order.map { [Cell(names[$0]), Cell(formatValue(samples[$0].point.value), numeric: true)] }
        sections = [.table(Table(headers: ["SERIES", "VALUE"], rows: rows))]
      }
      if samples.isEmpty { sections = [.note("no data (the expression matched no series)")] }
      var plain = ""
      if wants(.plain) {
        plain = sorted.count == 1
          ? formatValue(sorted[0].point.value)
          : order.map { "\(names[$0]) \(formatValue(samples[$0].point.value))" }.joined(separator: "\n")
      }
      return Report(json: data, sections: sections, plain: plain, csv: wants(.csv) ? csvTable(sorted) : nil)
    case .scalar(let point):
      let v = formatValue(point.value)
      return Report(json: data, sections: [.fields([("scalar", Cell(v, numeric: true))])], plain: v)
    case .string(_, let value):
      return Report(json: data, sections: [.fields([("string", Cell(value))])], plain: value)
    case .matrix(let series):
      // A range selector (`x[5m]`) in an instant query: every raw sample.
      var rows: [[Cell]] = []
      var plain: [String] = []
      for s in series {
        let name = seriesText(s.labels)
        for p in s.points {
          let time = PromTime.text(p.timestamp)
          let value = formatValue(p.value)
          if wants(.table) || wants(.csv) { rows.append([Cell(name), Cell(time), Cell(value, numeric: true)]) }
          if wants(.plain) { plain.append("\(name) \(time) \(value)") }
        }
      }
      let table = Table(headers: ["SERIES", "TIME", "VALUE"], rows: rows)
      return Report(json: data, sections: [.table(table)], plain: plain.joined(separator: "\n"))
    }
  }

  /// One column per label (union, sorted) plus the value: what a spreadsheet wants.
  static func csvTable(_ samples: [Sample]) -> Table {
    let names = Array(Set(samples.flatMap { $0.labels.keys })).sorted()
    let rows = samples.map { s in names.map { Cell(s.labels[$0] ?? "") } + [Cell(formatValue(s.point.value))] }
    return Table(headers: names + ["value"], rows: rows)
  }
}
