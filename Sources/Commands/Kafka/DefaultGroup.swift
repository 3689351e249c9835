import Config
import Host

extension CommandContext {
  /// The group a command reads: the one named, else the session's `group`
  /// setting, the same for every command that takes one. A default is said
  /// on stderr with where it came from, so it is never mistaken for what
  /// was asked; data on stdout is unchanged.
  func group(_ named: String?, for command: String) -> String {
    if let named { return named }
    let g = settings.group
    notice("\(command): group \(g.value) (\(settings.origin(of: g.source, for: SettingsTable.group)))")
    return g.value
  }
}
