import ArgumentParser
import Capacity
import Clients
import Config
import Formats
import Host
import Output
import Prometheus
import ScriptLanguage
import Vocabulary

struct ConfigCommand: GroupedCommand {
  static let group = CommandGroup.shell
  static let configuration = CommandConfiguration(
    commandName: "config", abstract: "Show the settings in effect and where each came from.",
    subcommands: [ConfigShow.self, ConfigGet.self])
}

/// One setting's value, for scripts: `set prom ${prom:-$(config get prometheus)}`
/// follows the flag, the environment, the profile and a sandbox alike.
struct ConfigGet: AetherCommand {
  static let configuration = CommandConfiguration(
    commandName: "get", abstract: "One setting's value in effect (as config show names it); secrets are refused.")

  @Argument(help: "The setting, as 'config show' names it (prometheus, service, sink, exporter, thresholds.lag, …).")
  var name: String

  func validate() throws {
    guard SettingsTable.row(named: name) != nil else {
      var message = "no setting '\(name)'"
      let names = SettingsTable.all.filter(\.shown).map(\.name)
      if let s = closestMatch(name, in: names) { message += "; did you mean '\(s)'?" }
      throw ValidationError(message + " (config show lists them)")
    }
  }

  func execute(_ ctx: CommandContext) throws -> Report {
    guard let row = SettingsTable.row(named: name) else { throw CommandFailure.usage("no setting '\(name)'") }
    guard !row.secret else { throw CommandFailure.usage("\(name) is a secret: it is never printed") }
    let text: String
    if row.name == SettingsTable.output.name {
      text = ctx.sessionOutput.rawValue
    } else if let (shown, _) = ctx.settings.shown(row) {
      text = shown
    } else {
      throw CommandFailure.failed("\(name) has no value in this session")
    }
    return .text(text)
  }
}

struct ConfigShow: AetherCommand, HasDisplayOptions {
  static let configuration = CommandConfiguration(
    commandName: "show",
    abstract: "Settings in effect, with their source (flag, env, profile, default); secrets masked.")

  @OptionGroup var display: DisplayOptions

  func execute(_ ctx: CommandContext) throws -> Report {
    let s = ctx.settings
    // Every row the table shows, in its order; the output row is the
    // session's, which `set output` may have changed.
    var rows: [(String, String, SettingSource)] = []
    for row in SettingsTable.all where row.shown {
      if row.name == SettingsTable.output.name {
        rows.append((row.name, ctx.sessionOutput.rawValue, s.output.source))
      } else if let (text, source) = s.shown(row) {
        // A URL's password (http://user:pw@host) is a secret wherever it is written.
        rows.append((row.name, redactingCredentials(in: text), source))
      } else if let absent = row.absentText {
        rows.append((row.name, absent, .builtIn))
      }
    }
    for k in s.kafka {
      rows.append(("kafka." + k.key, isSecretKey(k.key) ? secretMask : k.value, k.source))
    }
    let file = ctx.config.path ?? "(none: built-in defaults)"
    rows.append(("config file", file, .builtIn))

    let json = JSON.object(
      rows.map { ($0.0, .object([("value", .string($0.1)), ("source", .string($0.2.rawValue))])) })
    let table = Table(
      headers: ["setting", "value", "source"],
      rows: rows.map { [Cell($0.0), Cell($0.1), Cell($0.2.rawValue)] })
    return Report(
      json: json, sections: [.table(table)],
      plain: rows.map { "\($0.0)=\($0.1)" }.joined(separator: "\n"))
  }
}
