import Testing

@testable import Config
import TOML

struct SettingsTests {
  let config: ConfigFile = {
    // A literal config: parse failures would show up as an empty profile set.
    (try? ConfigFile.parse(
      """
      profile = "staging"
      [profiles.staging]
      brokers = "staging:9092"
      prometheus = "http://prom.staging:9090"
      group = "staging-group"
      capacity = 7
      timeout = "3s"
      [profiles.staging.kafka]
      "sasl.username" = "op"
      "sasl.password" = "hunter2"
      [profiles.prod]
      brokers = "prod:9092"
      protected = true
      """, file: "c.toml")) ?? ConfigFile()
  }()

  @Test func profileValuesWithoutFlagsOrEnv() throws {
    let s = try Settings.resolve(flags: GlobalFlags(), environment: [:], config: config)
    #expect(s.profile.value == "staging")
    #expect(s.brokers.value == "staging:9092")
    #expect(s.brokers.source == .profile)
    #expect(s.group.value == "staging-group")
    #expect(s.topic.value == "aetherlink.events")
    #expect(s.topic.source == .builtIn)
    #expect(s.capacity?.value == 7)
    #expect(s.timeoutSeconds.value == 3)
  }

  @Test func envBeatsProfileAndFlagBeatsEnv() throws {
    var flags = GlobalFlags()
    let env = ["AETHER_BROKERS": "env:9092", "AETHER_PROMETHEUS_URL": "http://env:9090"]
    var s = try Settings.resolve(flags: flags, environment: env, config: config)
    #expect(s.brokers.value == "env:9092")
    #expect(s.brokers.source == .env)
    #expect(s.prometheus.value == "http://env:9090")
    flags.give(SettingsTable.brokers, "flag:9092")
    s = try Settings.resolve(flags: flags, environment: env, config: config)
    #expect(s.brokers.value == "flag:9092")
    #expect(s.brokers.source == .flag)
  }

  @Test func profileSelection() throws {
    var flags = GlobalFlags()
    var s = try Settings.resolve(flags: flags, environment: ["AETHER_PROFILE": "prod"], config: config)
    #expect(s.profile.value == "prod")
    #expect(s.protected.value)
    flags.give(SettingsTable.profile, "staging")
    s = try Settings.resolve(flags: flags, environment: ["AETHER_PROFILE": "prod"], config: config)
    #expect(s.profile.value == "staging")
    flags.give(SettingsTable.profile, "prd")
    #expect {
      try Settings.resolve(flags: flags, environment: [:], config: config)
    } throws: { error in
      "\(error)".contains("unknown profile 'prd'") && "\(error)".contains("did you mean 'prod'?")
    }
  }

  @Test func noConfigMeansThePipelineDefaults() throws {
    let s = try Settings.resolve(flags: GlobalFlags(), environment: [:], config: ConfigFile())
    #expect(s.profile.value == "local")
    #expect(s.brokers.value == "localhost:9092")
    #expect(s.prometheus.value == "http://localhost:9090")
    #expect(s.group.value == "crm-events-sse")
    #expect(s.timeoutSeconds.value == SettingsTable.timeoutSeconds.defaultValue)
  }

  @Test func dashXOverridesProfileProperties() throws {
    var flags = GlobalFlags()
    for p in ["sasl.username=other", "linger.ms=5"] { flags.give(SettingsTable.kafkaProperties, p) }
    let s = try Settings.resolve(flags: flags, environment: [:], config: config)
    #expect(s.kafka.map(\.key) == ["sasl.password", "sasl.username", "linger.ms"])
    #expect(s.kafka.first { $0.key == "sasl.username" }?.value == "other")
    for p in ["sasl.password"] { flags.give(SettingsTable.kafkaProperties, p) }
    #expect {
      try Settings.resolve(flags: flags, environment: [:], config: config)
    } throws: { error in "\(error)".contains("is not KEY=VALUE") }
  }
}
