import ArgumentParser
import Capacity
import Config
import Formats
import Host
import Output
import Prometheus
import ScriptLanguage

struct PromLabels: AetherCommand, HasDisplayOptions {
  static let configuration = CommandConfiguration(
    commandName: "labels", abstract: "Label names, or the values of one label (prom labels consumergroup).")

  @Argument(help: "A label name: list its values instead.")
  var name: String?

  @OptionGroup var display: DisplayOptions

  func execute(_ ctx: CommandContext) throws -> Report {
    let api = PromAPI(ctx)
    let items = try (name.map { try api.labelValues($0) } ?? api.labels()).sorted()
    return .names(items, header: name?.uppercased() ?? "LABEL", empty: "none")
  }
}
