import ArgumentParser
import Capacity
import Clients
import Config
import Formats
import Host
import Output
import Prometheus
import ShellLanguage

struct PromQuery: ShellCommand, HasDisplayOptions {
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

  @Argument(help: "PromQL expression.")
  var expr: String

  @Option(parsing: .unconditional, help: "Evaluation time: RFC 3339, epoch ms, or -DURATION (default now).", transform: PromTime.parse)
  var time: Double?

  @Option(name: .customLong("or"), help: "Print this instead of failing when no series matches (e.g. --or unknown).")
  var orElse: String?

  @OptionGroup var display: DisplayOptions

  func execute(_ ctx: CommandContext) throws -> Report {
    let (envelope, result) = try PromAPI(ctx).query(expr, time: time)
    let report = PromQuery.report(result, data: JSON(foundation: envelope.data))
    var empty = false
    if case .vector(let samples) = result, samples.isEmpty { empty = true }
    if case .matrix(let series) = result, series.isEmpty { empty = true }
    if empty {
      // The script said what "no series" means: an explicit value, never a silent empty one.
      if let orElse { return Report(json: JSON(foundation: envelope.data), sections: [.note(orElse)], plain: orElse) }
      // No series is not a value: `$(prom query …)` must not read as one.
      var f = CommandFailure.failed("no series for \(expr)")
      f.report = ctx.format == .json ? report : nil
      throw f
    }
    return report
  }

  static func report(_ result: QueryResult, data: JSON) -> Report {
    switch result {
    case .vector(let samples):
      let sorted = samples.sorted { seriesText($0.labels) < seriesText($1.labels) }
      let rows = sorted.map { [Cell(seriesText($0.labels)), Cell(formatValue($0.point.value), numeric: true)] }
      let table = Table(headers: ["SERIES", "VALUE"], rows: rows)
      var sections: [Section] = [.table(table)]
      if samples.isEmpty { sections = [.note("no data (the expression matched no series)")] }
      let plain = sorted.count == 1
        ? formatValue(sorted[0].point.value)
        : sorted.map { "\(seriesText($0.labels)) \(formatValue($0.point.value))" }.joined(separator: "\n")
      return Report(json: data, sections: sections, plain: plain, csv: csvTable(sorted))
    case .scalar(let point):
      let v = formatValue(point.value)
      return Report(json: data, sections: [.fields([("scalar", Cell(v, numeric: true))])], plain: v)
    case .string(_, let value):
      return Report(json: data, sections: [.fields([("string", Cell(value))])], plain: value)
    case .matrix(let series):
      // A range selector (`x[5m]`) in an instant query: every raw sample.
      var rows: [[Cell]] = []
      for s in series {
        for p in s.points {
          rows.append([Cell(seriesText(s.labels)), Cell(PromTime.text(p.timestamp)), Cell(formatValue(p.value), numeric: true)])
        }
      }
      let plain = rows.map { $0.map(\.text).joined(separator: " ") }.joined(separator: "\n")
      return Report(json: data, sections: [.table(Table(headers: ["SERIES", "TIME", "VALUE"], rows: rows))], plain: plain)
    }
  }

  /// One column per label (union, sorted) plus the value: what a spreadsheet wants.
  static func csvTable(_ samples: [Sample]) -> Table {
    let names = Array(Set(samples.flatMap { $0.labels.keys })).sorted()
    let rows = samples.map { s in names.map { Cell(s.labels[$0] ?? "") } + [Cell(formatValue(s.point.value))] }
    return Table(headers: names + ["value"], rows: rows)
  }
}
