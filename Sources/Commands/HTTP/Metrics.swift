import ArgumentParser
import Capacity
import Config
import Formats
import Host
import Output
import Prometheus
import ScriptLanguage
import Vocabulary

struct Metrics: AetherCommand, GroupedCommand, HasDisplayOptions {
  static let group = CommandGroup.http
  static let configuration = CommandConfiguration(
    commandName: "metrics",
    abstract: "Read a /metrics page (Prometheus text format): name, labels, value.",
    discussion: """
      --grep matches the series as written (`name{label="value"}`), so it filters on names and \
      label values alike. Examples:
        metrics http://localhost:9010/metrics --grep '^crm_events_'
        metrics http://localhost:9308/metrics --grep 'kafka_consumergroup_lag\\{.*crm-events-sse'
        set x $(metrics http://localhost:9010/metrics --grep crm_events_sse_clients)
      """)

  @Argument(help: "http:// or https:// URL of the page.")
  var url: String

  @Option(parsing: .unconditional, help: "Only series matching this regular expression.")
  var grep: String?

  @OptionGroup var http: HTTPOptions
  @OptionGroup var display: DisplayOptions

  func execute(_ ctx: CommandContext) throws -> Report {
    var regex: Regex<AnyRegexOutput>?
    if let grep {
      do { regex = try Regex(grep) } catch { throw CommandFailure.usage("--grep: '\(grep)' is not a regular expression") }
    }
    var request = try http.request(url, ctx: ctx)
    request.headers.append(("Accept", "text/plain;version=0.0.4;q=1,*/*;q=0.1"))
    let response = try ctx.send(request)
    if response.status >= 400 { throw statusFailure(response, method: "GET") }
    var samples: [MetricSample]
    do {
      samples = try Exposition.parse(response.body)
    } catch {
      throw CommandFailure.failed("\(response.effectiveURL): line \(error.line): \(error.message)")
    }
    if let regex {
      samples = samples.filter { s in
        let series = s.description.split(separator: " ").first.map(String.init) ?? s.name
        return (try? regex.firstMatch(in: series)) != nil
      }
    }
    let rows = samples.map { s in
      [Cell(s.name), Cell(Metrics.labelText(s.labels)), Cell(formatValue(s.value), numeric: true)]
    }
    let json = JSON.array(
      samples.map { s in
        .object([
          ("name", .string(s.name)), ("labels", .object(s.labels.map { ($0.0, .string($0.1)) })),
          ("value", .double(s.value)), ("timestampMs", s.timestampMs.map { .int($0) } ?? .null),
          ("type", .optional(s.type)),
        ])
      })
    let table = Table(headers: ["NAME", "LABELS", "VALUE"], rows: rows)
    let plain = samples.count == 1 ? formatValue(samples[0].value) : samples.map(\.description).joined(separator: "\n")
    if samples.isEmpty {
      // `$(metrics URL --grep X)` must not read as an empty, healthy answer.
      var f = CommandFailure.failed(
        grep.map { "no series match '\($0)' at \(response.effectiveURL)" }
          ?? "\(response.effectiveURL) has no samples")
      f.report = Report(json: json, sections: [], plain: "")
      throw f
    }
    return Report(json: json, sections: [.table(table)], plain: plain, csv: table)
  }

  /// Labels in page order, escaped as the page wrote them.
  static func labelText(_ labels: [(String, String)]) -> String {
    guard !labels.isEmpty else { return "" }
    return MetricSample(name: "", labels: labels, value: 0).description.split(separator: " ").first.map(String.init) ?? ""
  }
}
