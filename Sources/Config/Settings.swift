import Capacity
import Formats
import TOML

/// Every setting in effect, resolved once with the rule flag > environment >
/// profile > built-in default. Read a setting by its row's name:
/// `settings.brokers.value`, `settings.brokers.source`.
@dynamicMemberLookup
public struct Settings: Sendable {
  private var values: [String: Sourced<any Sendable>] = [:]
  /// librdkafka properties with the source of each: the profile's, then -X's
  /// on top, key by key, with the SASL password's own precedence applied.
  public var kafka: [(key: String, value: String, source: SettingSource)] = []
  /// Every secret value read while resolving; the caller hands them to the
  /// stderr scrubber, keeping this resolution free of side effects.
  public private(set) var secrets: [String] = []

  public subscript<T>(dynamicMember kp: KeyPath<SettingsTable.Type, SettingRow<T>>) -> Sourced<T> {
    get { self[SettingsTable.self[keyPath: kp]] }
    set { self[SettingsTable.self[keyPath: kp]] = newValue }
  }

  public subscript<T>(dynamicMember kp: KeyPath<SettingsTable.Type, OptionalSettingRow<T>>) -> Sourced<T>? {
    get { self[SettingsTable.self[keyPath: kp]] }
  }

  public subscript<T>(row: SettingRow<T>) -> Sourced<T> {
    get {
      guard let s = values[row.name], let v = s.value as? T else { return Sourced(row.defaultValue, .builtIn) }
      return Sourced(v, s.source)
    }
    set { values[row.name] = Sourced(newValue.value, newValue.source) }
  }

  public subscript<T>(row: OptionalSettingRow<T>) -> Sourced<T>? {
    guard let s = values[row.name], let v = s.value as? T else { return nil }
    return Sourced(v, s.source)
  }

  /// Where a row's value came from, in words: "profile local", "AETHER_GROUP",
  /// "flag", "default", "sandbox".
  public func origin(of source: SettingSource, for row: any AnySettingRow) -> String {
    switch source {
    case .builtIn: return "default"
    case .profile: return "profile \(self[SettingsTable.profile].value)"
    case .env: return row.env ?? "environment"
    case .flag: return "flag"
    case .sandbox: return "sandbox"
    }
  }

  /// Value and source of any row, for `config show`; nil when it has none.
  public func shown(_ row: any AnySettingRow) -> (text: String, source: SettingSource)? {
    if let s = values[row.name] { return (row.show(s.value), s.source) }
    if let d = row.anyDefault { return (row.show(d), .builtIn) }
    return nil
  }

  /// The thresholds in effect, as the capacity math and the colours read them.
  public var thresholds: Thresholds {
    var t = Thresholds()
    t.lagCritical = Thresholds.count(self.lagCritical.value)
    t.etaWarn = self.etaWarn.value
    t.etaCritical = self.etaCritical.value
    t.behindWarn = self.behindWarn.value
    t.behindCritical = self.behindCritical.value
    t.skewWarn = self.skewWarn.value
    t.skewCritical = self.skewCritical.value
    t.consumersOk = self.consumersOk.value
    t.scaleCritical = self.scaleCritical.value
    t.commitInterval = self.commitInterval.value
    return t
  }

  public static func resolve(flags: GlobalFlags, environment env: [String: String], config: ConfigFile) throws
    -> Settings
  {
    var s = Settings()
    let profileName = try s.pick(SettingsTable.profile, flags: flags, env: env, profile: nil, config: config)
    let profile = try selectProfile(profileName, config: config)
    // The first profile of a file that names no default was still chosen by the file.
    let fromFile = profileName == nil && config.profiles[profile.name] != nil
    s.values[SettingsTable.profile.name] = Sourced(profile.name, profileName?.source ?? (fromFile ? .profile : .builtIn))
    for row in SettingsTable.all where row.name != SettingsTable.profile.name {
      if let v = try s.pick(row, flags: flags, env: env, profile: profile, config: config) {
        s.values[row.name] = v
        if row.secret, let text = v.value as? String { s.secrets.append(text) }
      }
    }
    try s.mergeKafkaProperties(flags: flags, profile: profile)
    for row in SettingsTable.all { if let value = row.fileFor { s.preferHigherSource(value: value, file: row.name) } }
    return s
  }

  /// The first of flag, environment, profile, top of the file that gives the
  /// row a value. A flag's or variable's text that the row refuses is a usage
  /// error naming it; the file's values were checked when it was read.
  private func pick(
    _ row: any AnySettingRow, flags: GlobalFlags, env: [String: String], profile: Profile?, config: ConfigFile
  ) throws -> Sourced<any Sendable>? {
    if let flag = row.flag, flags.isGiven(row) {
      let name = flag.names.last ?? row.name
      if flag.repeatable { return nil }  // merged by its own rule below
      // A switch's text is "1", or its inline value (`--sandbox=pipeline`).
      do { return Sourced(try row.parseText(flags.texts(row).last ?? ""), .flag) } catch {
        throw SettingError(message: "\(name): \(error.message)")
      }
    }
    if let name = row.env, let text = env[name], !text.isEmpty {
      do { return Sourced(try row.parseText(text), .env) } catch {
        throw SettingError(message: "\(name): \(error.message)")
      }
    }
    if let p = profile, case .profile = row.key, let v = p.anyValue(row) { return Sourced(v, .profile) }
    if case .file = row.key, let v = config.fileValues[row.name]?.value { return Sourced(v, .profile) }
    return nil
  }

  /// Flag, environment, the file's `profile =`, else the first profile in
  /// the file rather than a built-in one the operator never wrote.
  private static func selectProfile(_ picked: Sourced<any Sendable>?, config: ConfigFile) throws -> Profile {
    let defaultName = SettingsTable.profile.defaultValue
    let name: String
    if let p = picked?.value as? String {
      name = p
    } else if config.profiles[defaultName] == nil, let first = config.profileOrder.first {
      name = first
    } else {
      name = defaultName
    }
    if let p = config.profiles[name] { return p }
    if picked == nil || picked?.source == .builtIn { return Profile(name: name) }
    let known = config.profileOrder.isEmpty ? "none defined" : config.profileOrder.joined(separator: ", ")
    var message = "unknown profile '\(name)' (profiles in \(config.path ?? "config"): \(known))"
    if let s = closestMatch(name, in: config.profileOrder) { message += "; did you mean '\(s)'?" }
    throw ConfigError(file: config.path ?? "aetherctl", line: nil, message: message)
  }

  /// Of a secret given both as a value and as a file, the one from the higher
  /// source; on a tie (both in the profile) the value.
  private mutating func preferHigherSource(value: String, file: String) {
    guard let v = values[value], let f = values[file] else { return }
    if f.source > v.source { values[value] = nil } else { values[file] = nil }
  }

  /// -X overrides the profile's properties key by key. The SASL password has
  /// the usual precedence over its own three places: `-X sasl.password` or
  /// `--password-file`, then AETHER_KAFKA_PASSWORD, then the profile's inline
  /// value or its file.
  private mutating func mergeKafkaProperties(flags: GlobalFlags, profile: Profile) throws {
    var kafka = profile.kafka.map { (key: $0.key, value: $0.value, source: SettingSource.profile) }
    for text in flags.texts(SettingsTable.kafkaProperties) {
      let given: [KafkaProperty]
      do { given = try SettingsTable.kafkaProperties.kind.parse(text) } catch {
        throw ConfigError(file: "-X", line: nil, message: error.message)
      }
      for p in given {
        kafka.removeAll { $0.key == p.key }
        kafka.append((p.key, p.value, .flag))
      }
    }
    let password = "sasl.password"
    let file = SettingsTable.kafkaPasswordFile.name
    let envPassword = SettingsTable.kafkaPassword.name
    if values[file]?.source == .flag {
      kafka.removeAll { $0.key == password }
    } else if kafka.contains(where: { $0.key == password && $0.source == .flag }) {
      values[file] = nil
    } else if let p = values[envPassword], let text = p.value as? String {
      kafka.removeAll { $0.key == password }
      kafka.append((password, text, .env))
      values[file] = nil
    } else if kafka.contains(where: { $0.key == password }) {
      values[file] = nil
    }
    values[envPassword] = nil
    values[SettingsTable.kafkaProperties.name] = nil
    self.kafka = kafka
    secrets += kafka.filter { isSecretKey($0.key) }.map(\.value)
  }
}
