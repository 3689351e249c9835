import Config
import Vocabulary

/// A variable a runbook takes, declared in its header:
///
///     # var group = setting group | the consumer group to triage
///     # var capacity = setting capacity, else measured | events/s one replica handles
///     # var window = 10s | how long offsets are sampled
///
/// Declared rather than written as `set group ${group:-crm-events-sse}` in
/// the body, so that its default follows the session (a profile's group, a
/// sandbox's URLs) and `runbook show` and `--help` can list it without
/// running anything.
struct RunbookVariable: Equatable {
  var name: String
  /// The setting (as `config show` names it) that gives the default.
  var setting: String?
  /// The default when no setting is named, or the named one has no value.
  var fallback: String?
  var help: String

  /// Reads a `var` header line's body (after `# var `); nil when it is not one.
  init?(declaration text: Substring) {
    let (head, help) = Self.split(text, at: " | ")
    guard let eq = head.firstIndex(of: "=") else { return nil }
    let name = head[..<eq].trimmingBlanks()
    let spec = head[head.index(after: eq)...].trimmingBlanks()
    guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }), !spec.isEmpty else { return nil }
    self.name = name
    self.help = help.trimmingBlanks()
    if spec.hasPrefix("setting ") {
      let (setting, rest) = Self.split(spec.dropFirst("setting ".count), at: ", else ")
      self.setting = setting.trimmingBlanks()
      let fallback = rest.trimmingBlanks()
      self.fallback = fallback.isEmpty ? nil : fallback
    } else {
      self.setting = nil
      self.fallback = spec
    }
  }

  private static func split(_ s: Substring, at separator: String) -> (Substring, Substring) {
    guard let r = s.range(of: separator) else { return (s, "") }
    return (s[..<r.lowerBound], s[r.upperBound...])
  }

  /// The value this session gives it, and where it came from.
  func resolve(_ settings: Settings, given: [String: String]) -> (value: String, from: String)? {
    if let v = given[name] { return (v, "--var") }
    if let setting, let row = SettingsTable.row(named: setting), !row.secret,
      let (text, source) = settings.shown(row)
    {
      return (text, "setting \(setting) (\(settings.origin(of: source, for: row)))")
    }
    if let fallback { return (fallback, setting == nil ? "runbook default" : "runbook default (no \(setting!) set)") }
    return nil
  }
}
