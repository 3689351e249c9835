import ArgumentParser
import Capacity
import Config
import Formats
import Host
import Output
import Prometheus
import ScriptLanguage
import Vocabulary

struct PromTargets: AetherCommand, HasDisplayOptions {
  static let configuration = CommandConfiguration(
    commandName: "targets", abstract: "Scrape targets: job, instance, health, last scrape, error.")

  @Option(help: "Only targets with this health.")
  var health: Health?

  @Option(help: "Only this job.")
  var job: String?

  @OptionGroup var display: DisplayOptions

  enum Health: String, Choices {
    case up, down
  }

  /// `Get "http://host/metrics": dial tcp …: connection refused` → the reason
  /// alone: the URL is already in the row, and the reason is what gets cut off.
  static func withoutRequestPrefix(_ error: String) -> String {
    guard error.hasPrefix("Get \""), let end = error.range(of: "\": ") else { return error }
    return String(error[end.upperBound...])
  }

  func execute(_ ctx: CommandContext) throws -> Report {
    var targets = try PromAPI(ctx).targets().active
    if let health { targets = targets.filter { $0.health == health.rawValue } }
    if let job { targets = targets.filter { ($0.labels["job"] ?? $0.scrapePool) == job } }
    targets.sort { ($0.labels["job"] ?? "", $0.labels["instance"] ?? "") < ($1.labels["job"] ?? "", $1.labels["instance"] ?? "") }
    let rows = targets.map { t -> [Cell] in
      [
        Cell(t.labels["job"] ?? t.scrapePool), Cell(t.labels["instance"] ?? t.scrapeUrl),
        Cell(t.health, level: t.health == "up" ? .ok : .critical), Cell(PromTime.ago(t.lastScrapeSeconds)),
        Cell(t.lastError.map { firstLine(of: PromTargets.withoutRequestPrefix($0), limit: 100) } ?? ""),
      ]
    }
    let json = JSON.array(
      targets.map { t in
        .object([
          ("job", .string(t.labels["job"] ?? t.scrapePool)), ("instance", .optional(t.labels["instance"])),
          ("scrapeUrl", .string(t.scrapeUrl)), ("health", .string(t.health)), ("lastScrape", .optional(t.lastScrape)),
          ("lastScrapeDuration", .optional(t.lastScrapeDuration)), ("lastError", .optional(t.lastError)),
          ("labels", labelsJSON(t.labels)),
        ])
      })
    let table = Table(headers: ["JOB", "INSTANCE", "HEALTH", "LAST SCRAPE", "ERROR"], rows: rows)
    let sections: [Section] = targets.isEmpty ? [.note("no matching targets")] : [.table(table)]
    let plain = targets.map { "\($0.labels["job"] ?? $0.scrapePool) \($0.labels["instance"] ?? "") \($0.health)" }
      .joined(separator: "\n")
    return Report(json: json, sections: sections, plain: plain, csv: table)
  }
}
