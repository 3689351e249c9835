import ArgumentParser
import Capacity
import Config
import Formats
import Host
import Output
import Prometheus
import ScriptLanguage

struct ProfileCommand: GroupedCommand {
  static let group = CommandGroup.shell
  static let configuration = CommandConfiguration(
    commandName: "profile", abstract: "List profiles or switch to another for this session.",
    subcommands: [ProfileUse.self, ProfileList.self])
}

struct ProfileUse: AetherCommand {
  static let configuration = CommandConfiguration(
    commandName: "use", abstract: "Switch this session to another profile (flags still win).")

  @Argument(help: "Profile name from the config file.", completion: .names(.profiles))
  var name: String

  func execute(_ ctx: CommandContext) throws -> Report {
    do {
      try ctx.useProfile(name)
    } catch let e as ConfigError {
      throw CommandFailure.usage(e.message)
    }
    ctx.warn("profile: now using '\(name)' (brokers \(ctx.settings.brokers.value))")
    return .empty
  }
}

struct ProfileList: AetherCommand, HasDisplayOptions {
  static let configuration = CommandConfiguration(commandName: "list", abstract: "Profiles in the config file.")

  @OptionGroup var display: DisplayOptions

  func execute(_ ctx: CommandContext) throws -> Report {
    let config = ctx.config
    let current = ctx.settings.profile.value
    let names = config.profileOrder.isEmpty ? [current] : config.profileOrder
    let rows = names.map { n -> [Cell] in
      let p = config.profiles[n]
      return [
        Cell(n == current ? "*" : ""), Cell(n), Cell(p?.brokers ?? SettingsTable.brokers.defaultValue),
        Cell(p?.protected == true ? "protected" : ""),
      ]
    }
    return Report(
      json: .array(
        names.map {
          .object([
            ("name", .string($0)), ("current", .bool($0 == current)),
            ("brokers", .string(config.profiles[$0]?.brokers ?? SettingsTable.brokers.defaultValue)),
            ("protected", .bool(config.profiles[$0]?.protected ?? false)),
          ])
        }),
      sections: [.table(Table(headers: ["", "profile", "brokers", ""], rows: rows))],
      plain: names.joined(separator: "\n"))
  }
}
