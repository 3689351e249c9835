import ArgumentParser
import Capacity
import Clients
import Config
import Formats
import Host
import Output
import Prometheus
import ScriptLanguage

public enum AetherVersion {
  public static let string = "0.1.0"
}

struct Version: AetherCommand, GroupedCommand, HasDisplayOptions {
  static let group = CommandGroup.shell
  static let configuration = CommandConfiguration(
    commandName: "version", abstract: "aetherctl's version and the C libraries it runs on.")

  @OptionGroup var display: DisplayOptions

  var needsSettings: Bool { false }

  func execute(_ ctx: CommandContext) throws -> Report {
    let rdkafka = LibraryVersions.librdkafka
    let curl = LibraryVersions.libcurl
    return Report(
      json: .object([
        ("aetherctl", .string(AetherVersion.string)), ("librdkafka", .string(rdkafka)), ("libcurl", .string(curl)),
      ]),
      sections: [
        .fields([
          ("aetherctl", Cell(AetherVersion.string)), ("librdkafka", Cell(rdkafka)), ("libcurl", Cell(curl)),
        ])
      ],
      plain: AetherVersion.string)
  }
}
