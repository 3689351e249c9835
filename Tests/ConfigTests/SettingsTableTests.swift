import Testing

@testable import Config

/// The precedence rule, checked for every row of the table that can be
/// given in more than one place: a new row is covered without a new test.
struct SettingsTableTests {
  /// A text each kind accepts from a flag or the environment, and the same
  /// value as a TOML literal for a profile; distinct per place so the
  /// winner can be told apart.
  static func sample(_ row: any AnySettingRow, _ place: Int) -> (text: String, toml: String)? {
    switch row.name {
    case "brokers": return ("host\(place):9092", "\"host\(place):9092\"")
    case "timeout": return ("\(place + 1)s", "\"\(place + 1)s\"")
    default:
      if (try? row.parseText("v\(place)")) is String { return ("v\(place)", "\"v\(place)\"") }
      return nil
    }
  }

  static let layered = SettingsTable.all.filter { row in
    guard case .profile = row.key, sample(row, 0) != nil else { return false }
    return row.flag != nil || row.env != nil
  }

  @Test func everyLayeredRowIsCovered() {
    // brokers, prometheus, topic, group, timeout, the token (env + profile), the password file (flag + profile).
    #expect(Self.layered.count >= 7, "\(Self.layered.map(\.name))")
  }

  @Test(arguments: layered.map(\.name))
  func flagBeatsEnvBeatsProfileBeatsDefault(name: String) throws {
    let row = try #require(SettingsTable.row(named: name))
    guard case .profile(let key) = row.key else { return }
    let (flagText, _) = try #require(Self.sample(row, 1))
    let (envText, _) = try #require(Self.sample(row, 2))
    let (_, profileTOML) = try #require(Self.sample(row, 3))
    let config = try ConfigFile.parse("[profiles.p]\n\(key) = \(profileTOML)\n", file: "c.toml")
    var flags = GlobalFlags()
    if row.flag != nil { flags.give(row, flagText) }
    let env = row.env.map { [$0: envText] } ?? [:]

    func resolved(_ f: GlobalFlags, _ e: [String: String], _ c: ConfigFile) throws -> (String, SettingSource)? {
      try Settings.resolve(flags: f, environment: e, config: c).shown(row).map { ($0.text, $0.source) }
    }
    let shownFlag = row.flag != nil ? try row.show(row.parseText(flagText)) : nil
    let shownEnv = row.env != nil ? try row.show(row.parseText(envText)) : nil
    if let shownFlag {
      let r = try #require(try resolved(flags, env, config))
      #expect(r.0 == shownFlag && r.1 == .flag)
    }
    if let shownEnv {
      let r = try #require(try resolved(GlobalFlags(), env, config))
      #expect(r.0 == shownEnv && r.1 == .env)
    }
    let fromProfile = try #require(try resolved(GlobalFlags(), [:], config))
    #expect(fromProfile.1 == .profile)
    let none = try resolved(GlobalFlags(), [:], ConfigFile())
    if let d = row.anyDefault {
      #expect(none?.0 == row.show(d) && none?.1 == .builtIn)
    } else {
      #expect(none == nil)
    }
  }

  @Test func everyNameAndKeyIsUnique() {
    let names = SettingsTable.all.map(\.name)
    #expect(Set(names).count == names.count)
    let flags = SettingsTable.all.compactMap(\.flag).flatMap(\.names)
    #expect(Set(flags).count == flags.count)
    let envs = SettingsTable.all.compactMap(\.env)
    #expect(Set(envs).count == envs.count)
  }

  @Test func aFlagsBadValueNamesTheFlag() {
    var flags = GlobalFlags()
    flags.give(SettingsTable.timeoutSeconds, "soon")
    #expect {
      try Settings.resolve(flags: flags, environment: [:], config: ConfigFile())
    } throws: { "\($0)".hasPrefix("--timeout: ") }
    #expect {
      try Settings.resolve(flags: GlobalFlags(), environment: ["AETHER_BROKERS": "a b!!"], config: ConfigFile())
    } throws: { "\($0)".hasPrefix("AETHER_BROKERS: ") }
  }

  /// Of a token given as a value and as a file, the higher source wins; in
  /// one profile, the value.
  @Test func secretValueAgainstItsFile() throws {
    let both = try ConfigFile.parse(
      "[profiles.p]\nprometheus_token = \"tok-1234\"\nprometheus_token_file = \"/t\"\n", file: "c")
    var s = try Settings.resolve(flags: GlobalFlags(), environment: [:], config: both)
    #expect(s.prometheusToken?.value == "tok-1234" && s.prometheusTokenFile == nil)
    var flags = GlobalFlags()
    flags.give(SettingsTable.prometheusTokenFile, "/f")
    s = try Settings.resolve(flags: flags, environment: ["AETHER_PROMETHEUS_TOKEN": "env-1234"], config: both)
    #expect(s.prometheusTokenFile?.value == "/f" && s.prometheusToken == nil)
    s = try Settings.resolve(flags: GlobalFlags(), environment: ["AETHER_PROMETHEUS_TOKEN": "env-1234"], config: both)
    #expect(s.prometheusToken?.value == "env-1234" && s.prometheusTokenFile == nil)
    #expect(s.secrets.contains("env-1234"))
  }

  @Test func profileKeysComeFromTheRows() throws {
    let config = try ConfigFile.parse("[profiles.p]\ntimeout = 3\n[profiles.p.thresholds]\neta_warn = 60\nnope = 1\n", file: "c")
    let p = try #require(config.profiles["p"])
    #expect(p.timeoutSeconds == 3)
    #expect(p.thresholds.etaWarn == 60)
    #expect(config.warnings.count == 1 && config.warnings[0].contains("unknown key 'nope' in [profiles.p.thresholds]"))
  }
}
