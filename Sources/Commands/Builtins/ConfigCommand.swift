import ArgumentParser
import ShellLanguage

struct ConfigCommand: GroupedCommand {
  static let group = CommandGroup.shell
  static let configuration = CommandConfiguration(
    commandName: "config", abstract: "Show the settings in effect and where each came from.",
    subcommands: [ConfigShow.self])
}

struct ConfigShow: ShellCommand, HasDisplayOptions {
  static let configuration = CommandConfiguration(
    commandName: "show",
    abstract: "Settings in effect, with their source (flag, env, profile, default); secrets masked.")

  @OptionGroup var display: DisplayOptions

  func execute(_ ctx: CommandContext) throws -> Report {
    let s = ctx.settings
    let session = ctx.session
    var rows: [(String, String, SettingSource)] = [
      ("profile", s.profile.value, s.profile.source),
      ("brokers", s.brokers.value, s.brokers.source),
      ("prometheus", s.prometheus.value, s.prometheus.source),
      ("topic", s.topic.value, s.topic.source),
      ("group", s.group.value, s.group.source),
      ("capacity", s.capacity.map { formatNumber($0.value) } ?? "—", s.capacity?.source ?? .builtIn),
      ("timeout", Durations.format(s.timeoutSeconds.value), s.timeoutSeconds.source),
      ("protected", s.protected ? "yes" : "no", .profile),
      ("output", session.output.rawValue, session.flags.output == nil ? .builtIn : .flag),
    ]
    if let t = s.prometheusToken { rows.append(("prometheus token", secretMask, t.source)) }
    // The path is shown (it is not the secret) so an operator can see which file is read.
    if let f = s.prometheusTokenFile { rows.append(("prometheus token file", f.value, f.source)) }
    if let f = s.kafkaPasswordFile { rows.append(("kafka.sasl.password file", f.value, f.source)) }
    if let u = s.prometheusUser { rows.append(("prometheus user", u, .profile)) }
    if s.prometheusPassword != nil { rows.append(("prometheus password", secretMask, .profile)) }
    for k in s.kafka {
      rows.append(("kafka." + k.key, isSecretKey(k.key) ? secretMask : k.value, k.source))
    }
    let file = session.config.path ?? "(none: built-in defaults)"
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
