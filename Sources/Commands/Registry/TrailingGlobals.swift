import ArgumentParser
import Capacity
import Config
import Formats
import Host
import Output
import Prometheus
import ScriptLanguage

/// Global options written after the command, as operators type them
/// (`prom query up --timeout 2s`). They are taken out only when the command
/// does not parse with them, so a command's own option of the same name
/// (`http get --timeout`) always wins. The names are the settings table's.
package enum TrailingGlobals {
  /// Long names only: a short one after the command is more likely a
  /// misplaced option of the command itself (kcat's `-p 0` for a partition)
  /// than a global, and must not be reinterpreted silently.
  static func option(_ word: String) -> (FlagSpec, inlineValue: Bool)? {
    guard word.hasPrefix("--") else { return nil }
    let name = String(word.split(separator: "=", maxSplits: 1)[0])
    guard let flag = SettingsTable.all.lazy.compactMap(\.flag).first(where: { $0.long.map { "--" + $0 } == name })
    else { return nil }
    return (flag, name != word)
  }

  /// argv without the global options found after the command word, and those
  /// options (with their values) in order; nil when there are none.
  static func split(_ argv: [String]) -> (command: [String], globals: [String])? {
    var command: [String] = argv.isEmpty ? [] : [argv[0]]
    var globals: [String] = []
    var i = 1
    while i < argv.count {
      let w = argv[i]
      if w == "--" {
        command += argv[i...]
        break
      }
      if let (flag, inline) = option(w) {
        globals.append(w)
        if flag.takesValue && !inline && i + 1 < argv.count {
          globals.append(argv[i + 1])
          i += 1
        }
      } else {
        command.append(w)
      }
      i += 1
    }
    return globals.isEmpty ? nil : (command, globals)
  }

  /// The trailing words as settings; those that only make sense before the
  /// command (a sandbox, another config file) are refused.
  /// `--sandbox`, `--drill-speed`, `--sandbox-broker`, `--config` (or `--NAME=VALUE`): they set up the session.
  static func isStartUpOnly(_ word: String) -> Bool {
    word.hasPrefix("--") && startUpOnly.contains(String(word.prefix { $0 != "=" }))
  }

  private static let startUpOnly = Set(
    ([SettingsTable.sandbox, SettingsTable.drillSpeed, SettingsTable.sandboxBroker, SettingsTable.config] as [any AnySettingRow]).compactMap {
      $0.flag?.long.map { "--" + $0 }
    })

  /// A global setting that takes one value, given twice among `words` (the
  /// options before a command, or those after it): `-o json -o table`,
  /// `--timeout 1s --timeout 2s`, short and long forms alike. ArgumentParser
  /// would keep the last one silently. Stops at the first word that is not
  /// an option (the command).
  package static func repeated(_ words: [String]) -> String? {
    var seen: Set<String> = []
    var i = 0
    while i < words.count {
      let w = words[i]
      guard w.hasPrefix("-"), w != "-", w != "--" else { break }
      let name = w.hasPrefix("--") ? String(w.prefix { $0 != "=" }) : w
      let inline = w.hasPrefix("--") && w.contains("=")
      if let row = row(named: name), let flag = row.flag {
        if flag.takesValue && !flag.repeatable {
          guard seen.insert(row.name).inserted else {
            return "\(flag.names.joined(separator: "/")) takes one value, given more than once: ask once"
          }
        }
        if flag.takesValue && !inline { i += 1 }
      } else if [InvocationModes.file, InvocationModes.commands].contains(name) {
        i += 1
      }
      i += 1
    }
    return nil
  }

  /// The setting a global flag names (`-o`, `--output`), for the launcher too.
  package static func row(named name: String) -> (any AnySettingRow)? { rowsByName[name] }

  private static let rowsByName: [String: any AnySettingRow] = {
    var byName: [String: any AnySettingRow] = [:]
    for row in SettingsTable.all { for n in row.flag?.names ?? [] { byName[n] = row } }
    return byName
  }()

  static func parse(_ words: [String]) throws(CommandFailure) -> GlobalFlags {
    if let repeated = repeated(words) { throw .usage(repeated) }
    if words.contains(where: isStartUpOnly) {
      throw .usage("--sandbox, --drill-speed, --sandbox-broker and --config go before the command")
    }
    let parsed: GlobalOptions
    do {
      parsed = try GlobalOptions.parse(words)
    } catch {
      throw .usage(GlobalOptions.message(for: error))
    }
    return parsed.flags
  }
}
