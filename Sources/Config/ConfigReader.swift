import Capacity
import Formats
import TOML

extension ConfigFile {
  /// Reads config.toml: every key a setting row declares, `[profiles.*]` and
  /// `[fixes.*]`. A wrong type is an error with its line; an unknown key a
  /// warning (keys may be added by a newer aetherctl).
  public static func parse(_ text: String, file: String) throws -> ConfigFile {
    let root: TOMLTable
    do {
      root = try TOML.parse(text)
    } catch {
      throw ConfigError(file: file, line: error.line, message: error.message)
    }
    var config = ConfigFile(path: file)
    var reader = Reader(file: file)
    let topKeys = SettingsTable.fileRows.keys.sorted() + ["profiles", "fixes"]
    for key in root.keys {
      guard let node = root[key] else { continue }
      if let row = SettingsTable.fileRows[key] {
        config.fileValues[row.name] = (try reader.read(row, node, key), node.line)
        continue
      }
      switch key {
      case "profiles":
        let table = try reader.table(node, "profiles")
        for name in table.keys {
          guard let p = table[name] else { continue }
          config.profiles[name] = try reader.profile(name, p)
          config.profileOrder.append(name)
        }
      case "fixes":
        let table = try reader.table(node, "fixes")
        for name in table.keys {
          guard let f = table[name] else { continue }
          config.fixes.append(try reader.fix(name, f))
        }
      default:
        reader.unknown(key, node, in: nil, known: topKeys)
      }
    }
    config.warnings = reader.warnings
    if let d = config.defaultProfile, !config.profiles.isEmpty, config.profiles[d] == nil {
      throw ConfigError(
        file: file, line: config.line(of: SettingsTable.profile),
        message: "key 'profile' names '\(d)', which has no [profiles.\(d)] table")
    }
    return config
  }

  struct Reader {
    var file: String
    var warnings: [String] = []

    func error(_ node: TOMLNode, _ message: String) -> ConfigError {
      ConfigError(file: file, line: node.line, message: message)
    }

    func read(_ row: any AnySettingRow, _ node: TOMLNode, _ fullKey: String) throws -> any Sendable {
      do {
        return try row.readTOML(node.value)
      } catch {
        throw ConfigError(file: file, line: error.line ?? node.line, message: error.about(fullKey))
      }
    }

    func string(_ node: TOMLNode, _ key: String) throws -> String {
      guard case .string(let s) = node.value else {
        throw error(node, "key '\(key)' must be a string, got \(node.value.typeName)")
      }
      return s
    }

    func table(_ node: TOMLNode, _ key: String) throws -> TOMLTable {
      guard case .table(let t) = node.value else {
        throw error(node, "key '\(key)' must be a table, got \(node.value.typeName)")
      }
      return t
    }

    mutating func unknown(_ key: String, _ node: TOMLNode, in table: String?, known: [String]) {
      let place = table.map { " in [\($0)]" } ?? ""
      var message = "\(file):\(node.line): unknown key '\(key)'\(place), ignored"
      if let s = closestMatch(key, in: known) { message += " (did you mean '\(s)'?)" }
      warnings.append(message)
    }

    /// A profile's keys are the rows' `.profile` keys; a dotted one
    /// (`thresholds.lag`) is a key of a sub-table.
    mutating func profile(_ name: String, _ node: TOMLNode) throws -> Profile {
      let t = try table(node, "profiles.\(name)")
      let rows = SettingsTable.profileRows
      let known = Array(Set(rows.keys.map { String($0.split(separator: ".")[0]) })).sorted()
      var p = Profile(name: name)
      for key in t.keys {
        guard let n = t[key] else { continue }
        let full = "profiles.\(name).\(key)"
        if let row = rows[key] {
          p.set(row, try read(row, n, full))
        } else if known.contains(key) {
          let sub = try table(n, full)
          let subKeys = rows.keys.filter { $0.hasPrefix(key + ".") }.map { String($0.dropFirst(key.count + 1)) }.sorted()
          for k in sub.keys {
            guard let v = sub[k] else { continue }
            if let row = rows[key + "." + k] {
              p.set(row, try read(row, v, "\(full).\(k)"))
            } else {
              unknown(k, v, in: full, known: subKeys)
            }
          }
        } else {
          unknown(key, n, in: "profiles.\(name)", known: known)
        }
      }
      return p
    }

    mutating func fix(_ name: String, _ node: TOMLNode) throws -> FixDefinition {
      let t = try table(node, "fixes.\(name)")
      guard let runNode = t["run"] else {
        throw error(node, "[fixes.\(name)] needs 'run', the argv to execute (an array of strings)")
      }
      guard case .array(let items) = runNode.value, !items.isEmpty else {
        throw error(runNode, "key 'fixes.\(name).run' must be a non-empty array of strings")
      }
      var argv: [String] = []
      for item in items { argv.append(try string(item, "fixes.\(name).run")) }
      var summary: String?
      if let s = t["summary"] { summary = try string(s, "fixes.\(name).summary") }
      for key in t.keys where key != "run" && key != "summary" {
        if let n = t[key] { unknown(key, n, in: "fixes.\(name)", known: ["run", "summary"]) }
      }
      return FixDefinition(name: name, run: argv, summary: summary)
    }
  }
}
