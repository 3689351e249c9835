import ArgumentParser
import Capacity
import Config
import Formats
import Host
import Output
import Prometheus
import ScriptLanguage

struct PromSeries: AetherCommand, TrailingWords, HasDisplayOptions {
  static let configuration = CommandConfiguration(
    commandName: "series", abstract: "Series matching selectors, e.g. prom series 'kafka_consumergroup_lag{topic=\"aetherlink.events\"}'.")

  @Argument(help: "Series selectors (at least one).", completion: .names(.metrics))
  var match: [String]
  static let trailingParsing = TrailingParsing.remaining
  mutating func append(trailing more: [String]) { match += more }

  @Option(help: "Only series seen within this long (default: Prometheus's default, all retained).", transform: ArgumentParsing.duration)
  var since: Double?

  @OptionGroup var display: DisplayOptions

  func validateWords() throws {
    if match.isEmpty { throw ValidationError("give at least one selector, e.g. 'up' or '{job=\"crm-events\"}'") }
  }

  func execute(_ ctx: CommandContext) throws -> Report {
    let sets = try PromAPI(ctx).series(match, since: since).map(seriesText).sorted()
    return .names(sets, header: "SERIES", empty: "no matching series")
  }
}
