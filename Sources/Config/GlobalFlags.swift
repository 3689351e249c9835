import Capacity
import Formats
import TOML

/// Settings as given on the command line: the text of each flag by row, in
/// the order given. Parsing them into values is the row's, so a flag and
/// the environment variable of one setting are read the same way.
public struct GlobalFlags: Sendable, Equatable {
  private var texts: [String: [String]] = [:]

  public init() {}

  public func texts(_ row: any AnySettingRow) -> [String] { texts[row.name] ?? [] }
  public func isGiven(_ row: any AnySettingRow) -> Bool { !(texts[row.name] ?? []).isEmpty }

  /// A switch is given as "1"; a repeatable option adds, a counted switch
  /// adds its count (`-vv` then a trailing `--verbose` is 3), another replaces.
  public mutating func give(_ row: any AnySettingRow, _ text: String) {
    if row.flag?.repeatable == true {
      texts[row.name, default: []].append(text)
    } else if row.flag?.counted == true, let given = texts[row.name]?.last.flatMap({ Int($0) }), let more = Int(text) {
      texts[row.name] = [String(given + more)]
    } else {
      texts[row.name] = [text]
    }
  }

  public mutating func remove(_ row: any AnySettingRow) { texts[row.name] = nil }

  /// These flags, then `later`'s on top: trailing globals after the command.
  public func merged(with later: GlobalFlags) -> GlobalFlags {
    var out = self
    for (name, values) in later.texts {
      guard let row = SettingsTable.row(named: name) else { continue }
      for v in values { out.give(row, v) }
    }
    return out
  }
}
