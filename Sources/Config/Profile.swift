import Capacity
import Formats
import TOML
import Vocabulary

/// One `[profiles.NAME]` table, as the setting rows read it: only the keys it
/// writes have values, so precedence can tell "set here" from "default".
@dynamicMemberLookup
public struct Profile: Sendable {
  public var name: String
  private var values: [String: any Sendable] = [:]

  public init(name: String) { self.name = name }

  public func value<R: SpecifiedRow>(_ row: R) -> R.Value? { values[row.name] as? R.Value }
  public func has(_ row: any AnySettingRow) -> Bool { values[row.name] != nil }
  func anyValue(_ row: any AnySettingRow) -> (any Sendable)? { values[row.name] }
  mutating func set(_ row: any AnySettingRow, _ value: any Sendable) { values[row.name] = value }

  public subscript<T>(dynamicMember kp: KeyPath<SettingsTable.Type, SettingRow<T>>) -> T? {
    value(SettingsTable.self[keyPath: kp])
  }
  public subscript<T>(dynamicMember kp: KeyPath<SettingsTable.Type, OptionalSettingRow<T>>) -> T? {
    value(SettingsTable.self[keyPath: kp])
  }

  /// The profile's thresholds, the built-in ones where it sets none.
  public var thresholds: Thresholds {
    var t = Thresholds()
    if let v = self.lagCritical { t.lagCritical = Thresholds.count(v) }
    if let v = self.etaWarn { t.etaWarn = v }
    if let v = self.etaCritical { t.etaCritical = v }
    if let v = self.behindWarn { t.behindWarn = v }
    if let v = self.behindCritical { t.behindCritical = v }
    if let v = self.skewWarn { t.skewWarn = v }
    if let v = self.skewCritical { t.skewCritical = v }
    if let v = self.consumersOk { t.consumersOk = v }
    if let v = self.scaleCritical { t.scaleCritical = v }
    if let v = self.commitInterval { t.commitInterval = v }
    return t
  }

  /// librdkafka properties, in file order.
  public var kafka: [KafkaProperty] { self.kafkaProperties ?? [] }
}

/// A quick fix defined in the config: an argv template run without a shell.
public struct FixDefinition: Equatable, Sendable {
  public var name: String
  public var run: [String]
  public var summary: String?
  public init(name: String, run: [String], summary: String?) {
    self.name = name
    self.run = run
    self.summary = summary
  }
}

public struct ConfigFile: Sendable {
  /// Where it was read from; nil when no file exists and built-in defaults apply.
  public var path: String?
  /// The rows kept at the top of the file (`profile`, `history_size`), with their lines.
  var fileValues: [String: (value: any Sendable, line: Int)] = [:]
  public var profiles: [String: Profile] = [:]
  public var profileOrder: [String] = []
  public var fixes: [FixDefinition] = []
  /// Unknown keys and similar: reported, not fatal, since keys may be added.
  public var warnings: [String] = []

  public init(path: String? = nil) { self.path = path }

  public func value<R: SpecifiedRow>(_ row: R) -> R.Value? { fileValues[row.name]?.value as? R.Value }
  public func line(of row: any AnySettingRow) -> Int? { fileValues[row.name]?.line }

  public var defaultProfile: String? { value(SettingsTable.profile) }
  public var historySize: Int? { value(SettingsTable.historySize) }

  /// Any secret written in the file itself: the loader warns when others can read it.
  public var holdsSecrets: Bool {
    profiles.values.contains { p in
      SettingsTable.all.contains { $0.secret && p.has($0) } || p.kafka.contains { isSecretKey($0.key) }
    }
  }
}

/// A config problem, printed as `FILE:LINE: message`.
public struct ConfigError: Error, CustomStringConvertible {
  public var file: String
  public var line: Int?
  public var message: String
  public init(file: String, line: Int?, message: String) {
    self.file = file
    self.line = line
    self.message = message
  }
  public var description: String {
    line.map { "\(file):\($0): \(message)" } ?? "\(file): \(message)"
  }
}

/// Secrets are recognised by name so that `config show`, `-v` logs and errors
/// never print them: librdkafka's `sasl.password`, `ssl.key.password`,
/// `sasl.oauthbearer.client.secret`, and any token or password of ours.
public func isSecretKey(_ key: String) -> Bool {
  let k = key.lowercased()
  return k.contains("password") || k.contains("secret") || k.contains("token")
    || k == "sasl.oauthbearer.config" || k.hasSuffix("ssl.key.pem") || k.hasSuffix("private.key")
}

public let secretMask = "********"

extension ConfigError: StatusError {
  /// A config file is the operator's input, named with its file:line.
  public var exitStatus: Int32 { ExitStatus.usage }
}
