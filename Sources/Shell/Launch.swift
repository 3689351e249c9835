import Commands
import Config

/// How aetherctl was invoked: the settings given before the command, the
/// mode (-f, -c, --check, --norc) and the command or the script's arguments.
struct Launch: Equatable {
  var flags = GlobalFlags()
  var file: String?
  var commands: String?
  var check = false
  var norc = false
  var words: [String] = []

  init(_ invocation: Invocation) {
    flags = invocation.flags
    (file, commands, check, norc, words) =
      (invocation.file, invocation.commands, invocation.check, invocation.norc, invocation.words)
  }

  private init() {}

  /// The everyday command line read straight from the settings table.
  /// ArgumentParser's parse of `Invocation` reflects over every option and
  /// was most of start-up's work; this takes only lines of known options
  /// (each once), values that do not look like options, and the first word
  /// that is not an option, after which everything is the command's. Any
  /// other line (help, an error, `--`, bundled short flags) returns nil and
  /// goes to ArgumentParser, which reads and reports it as it always has.
  static func quick(_ arguments: [String]) -> Launch? {
    var launch = Launch()
    var i = 0
    func value(_ inline: String?) -> String? {
      if let inline { return inline }
      guard i + 1 < arguments.count else { return nil }
      let v = arguments[i + 1]
      guard v == "-" || !v.hasPrefix("-") else { return nil }
      i += 1
      return v
    }
    while i < arguments.count {
      let w = arguments[i]
      guard w.hasPrefix("-"), w != "-", w != "--version" else {
        launch.words = Array(arguments[i...])
        break
      }
      let (name, inline) = split(w)
      if let row = row(named: name) {
        guard let flag = row.flag, flag.repeatable || !launch.flags.isGiven(row) else { return nil }
        if flag.takesValue {
          guard let v = value(inline) else { return nil }
          launch.flags.give(row, v)
        } else {
          guard inline == nil || flag.inlineValues.contains(inline!) else { return nil }
          launch.flags.give(row, inline ?? "1")
        }
      } else {
        switch name {
        case InvocationModes.file where launch.file == nil:
          guard let v = value(inline) else { return nil }
          launch.file = v
        case InvocationModes.commands where launch.commands == nil:
          guard let v = value(inline) else { return nil }
          launch.commands = v
        case InvocationModes.check where !launch.check && inline == nil: launch.check = true
        case InvocationModes.norc where !launch.norc && inline == nil: launch.norc = true
        default: return nil
        }
      }
      i += 1
    }
    // What Invocation.validate refuses, ArgumentParser says.
    if launch.file != nil && launch.commands != nil { return nil }
    if launch.check && launch.file == nil && launch.commands == nil { return nil }
    return launch
  }

  /// The arguments with each `--NAME=VALUE` of a switch that takes inline
  /// values (`--sandbox=pipeline`) written as the plain switch, and those values.
  static func inlineSwitches(_ arguments: [String]) -> ([String], [(any AnySettingRow, String)]) {
    var values: [(any AnySettingRow, String)] = []
    let plain = arguments.map { w -> String in
      let (name, inline) = split(w)
      // Any value, so that the row itself says what it takes (`--sandbox=1`).
      guard let inline, let row = row(named: name), let flag = row.flag, !flag.inlineValues.isEmpty else {
        return w
      }
      values.append((row, inline))
      return name
    }
    return (plain, values)
  }

  /// `--name=value` as name and value; a short option has no inline value
  /// here (`-bhost` is left to ArgumentParser).
  private static func split(_ word: String) -> (String, String?) {
    guard word.hasPrefix("--"), let eq = word.firstIndex(of: "=") else { return (word, nil) }
    return (String(word[..<eq]), String(word[word.index(after: eq)...]))
  }

  private static func row(named name: String) -> (any AnySettingRow)? { TrailingGlobals.row(named: name) }
}
