import ArgumentParser
import Capacity
import Config
import Formats
import Host
import Output
import Prometheus
import ScriptLanguage

struct PromMetrics: AetherCommand, HasDisplayOptions {
  static let configuration = CommandConfiguration(
    commandName: "metrics", abstract: "Metric names Prometheus knows, optionally only those starting with PREFIX.")

  @Argument(help: "Only names starting with this.", completion: .names(.metrics))
  var prefix: String?

  @OptionGroup var display: DisplayOptions

  func execute(_ ctx: CommandContext) throws -> Report {
    var names = try PromAPI(ctx).labelValues("__name__").sorted()
    if let prefix { names = names.filter { $0.hasPrefix(prefix) } }
    return .names(names, header: "METRIC", empty: "no metric names")
  }
}
