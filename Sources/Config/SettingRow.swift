import Capacity
import Formats
import TOML

/// How a setting is written on the command line.
public struct FlagSpec: Sendable {
  /// Without dashes; nil for a short-only option (`-X`), which cannot trail a command.
  public let long: String?
  public let short: Character?
  /// The placeholder in help (`--timeout <timeout>`); nil for a switch.
  public let valueName: String?
  public let completion: FlagCompletion
  /// Given again, it adds (`-X a=1 -X b=2`) rather than replaces.
  public let repeatable: Bool
  /// A switch that may also be written `--NAME=VALUE` with one of these
  /// (`--sandbox=pipeline`): the plain switch is the first kind, these the others.
  public var inlineValues: [String] = []
  /// A switch that counts (`-vv`): given again, it adds one.
  public var counted = false

  public static func option(
    _ long: String?, short: Character? = nil, value: String, completion: FlagCompletion = .none,
    repeatable: Bool = false
  ) -> FlagSpec {
    FlagSpec(long: long, short: short, valueName: value, completion: completion, repeatable: repeatable)
  }

  public static func toggle(
    _ long: String, short: Character? = nil, values: [String] = [], counted: Bool = false
  ) -> FlagSpec {
    FlagSpec(
      long: long, short: short, valueName: nil, completion: .none, repeatable: false, inlineValues: values,
      counted: counted)
  }

  public var takesValue: Bool { valueName != nil }
  /// `-b`, `--brokers`: as typed.
  public var names: [String] { (short.map { ["-\($0)"] } ?? []) + (long.map { ["--\($0)"] } ?? []) }
}

/// What TAB offers after a flag; the shells' scripts are generated from it.
public enum FlagCompletion: Sendable, Equatable {
  case none
  case file(extensions: [String])
  case values([String])
  case profiles
}

/// Where a setting lives in config.toml.
public enum ConfigKey: Sendable, Equatable {
  /// In a `[profiles.NAME]` table; dotted for a sub-table (`thresholds.lag`).
  case profile(String)
  /// At the top of the file (`history_size`).
  case file(String)

}

/// One setting, type-erased, as the places that treat every setting alike
/// see it: the global options, environment and profile reading, `config show`.
public protocol AnySettingRow: Sendable {
  var name: String { get }
  var flag: FlagSpec? { get }
  var env: String? { get }
  var key: ConfigKey? { get }
  var secret: Bool { get }
  var help: String { get }
  /// Listed by `config show`.
  var shown: Bool { get }
  /// What `config show` prints when there is no value (nil: the row is left out).
  var absentText: String? { get }
  var fileFor: String? { get }
  func parseText(_ text: String) throws(SettingProblem) -> any Sendable
  func readTOML(_ value: TOMLValue) throws(SettingProblem) -> any Sendable
  func show(_ value: any Sendable) -> String
  var anyDefault: (any Sendable)? { get }
}

/// The fields every row has, whatever its default.
public struct SettingSpec<Value: Sendable>: Sendable {
  public let name: String
  public let flag: FlagSpec?
  public let env: String?
  public let key: ConfigKey?
  public let kind: SettingKind<Value>
  public let secret: Bool
  public let help: String
  public let shown: Bool
  /// A file holding the secret of the row of this name (`--bearer-file` for
  /// the Prometheus token): of the two, the one from the higher source wins.
  public let fileFor: String?
}

/// A setting that always has a value: the built-in default when nothing else gives one.
public struct SettingRow<Value: Sendable>: AnySettingRow {
  public let spec: SettingSpec<Value>
  public let defaultValue: Value

  public init(
    _ name: String, flag: FlagSpec? = nil, env: String? = nil, key: ConfigKey? = nil, default defaultValue: Value,
    kind: SettingKind<Value>, secret: Bool = false, shown: Bool = true, help: String = ""
  ) {
    spec = SettingSpec(
      name: name, flag: flag, env: env, key: key, kind: kind, secret: secret, help: help, shown: shown, fileFor: nil)
    self.defaultValue = defaultValue
  }

  public var anyDefault: (any Sendable)? { defaultValue }
  public var absentText: String? { nil }
}

/// A setting that may have no value at all (a token, a replica's capacity).
public struct OptionalSettingRow<Value: Sendable>: AnySettingRow {
  public let spec: SettingSpec<Value>
  public let absentText: String?

  public init(
    _ name: String, flag: FlagSpec? = nil, env: String? = nil, key: ConfigKey? = nil, kind: SettingKind<Value>,
    secret: Bool = false, shown: Bool = true, absent: String? = nil, fileFor: String? = nil, help: String = ""
  ) {
    spec = SettingSpec(
      name: name, flag: flag, env: env, key: key, kind: kind, secret: secret, help: help, shown: shown,
      fileFor: fileFor)
    absentText = absent
  }

  public var anyDefault: (any Sendable)? { nil }
}

/// The protocol's requirements, once for both kinds of row.
public protocol SpecifiedRow: AnySettingRow {
  associatedtype Value: Sendable
  var spec: SettingSpec<Value> { get }
}

extension SettingRow: SpecifiedRow {}
extension OptionalSettingRow: SpecifiedRow {}

extension SpecifiedRow {
  public var name: String { spec.name }
  public var flag: FlagSpec? { spec.flag }
  public var env: String? { spec.env }
  public var key: ConfigKey? { spec.key }
  public var secret: Bool { spec.secret }
  public var help: String { spec.help }
  public var shown: Bool { spec.shown }
  public var fileFor: String? { spec.fileFor }
  /// How the operator wrote this setting's source: its flag, or its config key.
  public func writtenName(from source: SettingSource) -> String {
    if source == .flag, let n = flag?.names.last { return n }
    if case .profile(let k) = key { return k }
    if case .file(let k) = key { return k }
    return env ?? name
  }
  public var kind: SettingKind<Value> { spec.kind }
  public func parseText(_ text: String) throws(SettingProblem) -> any Sendable { try spec.kind.parse(text) }
  public func readTOML(_ value: TOMLValue) throws(SettingProblem) -> any Sendable { try spec.kind.read(value) }
  public func show(_ value: any Sendable) -> String {
    guard let v = value as? Value else { return "?" }
    return secret ? secretMask : spec.kind.show(v)
  }
}
