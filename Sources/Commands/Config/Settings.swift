import Capacity
import Clients

/// Where a setting's value came from; `config show` prints it so an operator can
/// see why the shell points where it points.
public enum SettingSource: String, Sendable {
  case flag, env, profile, sandbox
  case builtIn = "default"
}

public struct Sourced<T> {
  public var value: T
  public var source: SettingSource
  public init(_ value: T, _ source: SettingSource) {
    self.value = value
    self.source = source
  }
}

/// A setting whose value cannot be used: a usage error (exit 2).
public struct SettingError: Error, CustomStringConvertible {
  public var message: String
  public var description: String { message }
}

/// Global options as given on the command line (nil: not given).
public struct GlobalFlags {
  public var brokers: String?
  public var prometheus: String?
  public var profile: String?
  public var configPath: String?
  public var kafkaProperties: [String] = []
  public var passwordFile: String?
  public var bearerFile: String?
  public var output: OutputFormat?
  public var sandbox = false
  public var timeoutSeconds: Double?
  public var noColor = false
  public var verbose = false
  public init() {}
}

/// Everything a command reads from the session, resolved once with the rule
/// flag > environment > profile > built-in default.
public struct Settings {
  public var profile: Sourced<String>
  public var brokers: Sourced<String>
  public var prometheus: Sourced<String>
  public var topic: Sourced<String>
  public var group: Sourced<String>
  public var capacity: Sourced<Double>?
  public var timeoutSeconds: Sourced<Double>
  public var protected: Bool
  public var kafka: [(key: String, value: String, source: SettingSource)]
  public var prometheusToken: Sourced<String>?
  /// Read when a request needs it, so a rotated token is picked up and the secret never sits in settings.
  public var prometheusTokenFile: Sourced<String>?
  /// `sasl.password` kept in a file; read when a Kafka client is made, for the same reasons.
  public var kafkaPasswordFile: Sourced<String>?
  public var prometheusUser: String?
  public var prometheusPassword: String?
  public var thresholds: Thresholds
  public var historySize: Int

  public static func resolve(flags: GlobalFlags, environment env: [String: String], config: ConfigFile) throws
    -> Settings
  {
    let configName = config.path ?? "config"
    let profileName: Sourced<String>
    if let p = flags.profile {
      profileName = Sourced(p, .flag)
    } else if let p = env["AETHER_PROFILE"], !p.isEmpty {
      profileName = Sourced(p, .env)
    } else if let p = config.defaultProfile {
      profileName = Sourced(p, .profile)
    } else if config.profiles[PipelineDefaults.profile] == nil, let first = config.profileOrder.first {
      // No default named: the first profile in the file, rather than a built-in
      // one the operator never wrote.
      profileName = Sourced(first, .profile)
    } else {
      profileName = Sourced(PipelineDefaults.profile, .builtIn)
    }
    let profile: Profile
    if let p = config.profiles[profileName.value] {
      profile = p
    } else if profileName.source == .builtIn {
      profile = Profile(name: profileName.value)
    } else {
      let known = config.profileOrder.isEmpty ? "none defined" : config.profileOrder.joined(separator: ", ")
      var message = "unknown profile '\(profileName.value)' (profiles in \(configName): \(known))"
      if let s = closestMatch(profileName.value, in: config.profileOrder) { message += "; did you mean '\(s)'?" }
      throw ConfigError(file: config.path ?? "aetherctl", line: nil, message: message)
    }

    func pick(_ flag: String?, _ envKey: String?, _ fromProfile: String?, _ fallback: String) -> Sourced<String> {
      if let f = flag { return Sourced(f, .flag) }
      if let k = envKey, let e = env[k], !e.isEmpty { return Sourced(e, .env) }
      if let p = fromProfile { return Sourced(p, .profile) }
      return Sourced(fallback, .builtIn)
    }

    var kafka: [(key: String, value: String, source: SettingSource)] = profile.kafka.map {
      ($0.key, $0.value, .profile)
    }
    for property in flags.kafkaProperties {
      guard let eq = property.firstIndex(of: "="), eq != property.startIndex else {
        throw ConfigError(
          file: "-X", line: nil, message: "'\(isSecretKey(property) ? secretMask : property)' is not KEY=VALUE")
      }
      let key = String(property[..<eq])
      let value = String(property[property.index(after: eq)...])
      kafka.removeAll { $0.key == key }
      kafka.append((key, value, .flag))
    }

    // The SASL password, by the usual precedence: -X or --password-file, then
    // AETHER_KAFKA_PASSWORD, then the profile's inline value or its file.
    let password = "sasl.password"
    var passwordFile: Sourced<String>?
    if let f = flags.passwordFile {
      kafka.removeAll { $0.key == password }
      passwordFile = Sourced(f, .flag)
    } else if !kafka.contains(where: { $0.key == password && $0.source == .flag }),
      let p = env["AETHER_KAFKA_PASSWORD"], !p.isEmpty
    {
      kafka.removeAll { $0.key == password }
      kafka.append((password, p, .env))
    } else if !kafka.contains(where: { $0.key == password }), let f = profile.kafkaPasswordFile {
      passwordFile = Sourced(f, .profile)
    }

    var token: Sourced<String>?
    var tokenFile: Sourced<String>?
    if let f = flags.bearerFile {
      tokenFile = Sourced(f, .flag)
    } else if let t = env["AETHER_PROMETHEUS_TOKEN"], !t.isEmpty {
      token = Sourced(t, .env)
    } else if let t = profile.prometheusToken {
      token = Sourced(t, .profile)
    } else if let f = profile.prometheusTokenFile {
      tokenFile = Sourced(f, .profile)
    }

    let timeout: Sourced<Double>
    if let t = flags.timeoutSeconds {
      timeout = Sourced(t, .flag)
    } else if let t = profile.timeoutSeconds {
      timeout = Sourced(t, .profile)
    } else {
      timeout = Sourced(PipelineDefaults.timeoutSeconds, .builtIn)
    }

    let brokers = pick(flags.brokers, "AETHER_BROKERS", profile.brokers, PipelineDefaults.brokers)
    // Given now (a flag, the environment): refused now. A profile's list is
    // refused by the first command that uses it, so `help`, `profile use` and
    // the shell itself still work.
    if brokers.source == .flag || brokers.source == .env, let problem = BrokerAddress.problem(in: brokers.value) {
      throw SettingError(message: "\(brokers.source == .flag ? "--brokers" : "AETHER_BROKERS"): \(problem)")
    }

    for k in kafka where isSecretKey(k.key) { Secrets.remember(k.value) }
    Secrets.remember(token?.value)
    Secrets.remember(profile.prometheusPassword)
    return Settings(
      profile: profileName,
      brokers: brokers,
      prometheus: pick(flags.prometheus, "AETHER_PROMETHEUS_URL", profile.prometheus, PipelineDefaults.prometheus),
      topic: pick(nil, "AETHER_TOPIC", profile.topic, PipelineDefaults.topic),
      group: pick(nil, "AETHER_GROUP", profile.group, PipelineDefaults.group),
      capacity: profile.capacity.map { Sourced($0, .profile) },
      timeoutSeconds: timeout,
      protected: profile.protected,
      kafka: kafka,
      prometheusToken: token,
      prometheusTokenFile: tokenFile,
      kafkaPasswordFile: passwordFile,
      prometheusUser: profile.prometheusUser,
      prometheusPassword: profile.prometheusPassword,
      thresholds: profile.thresholds,
      historySize: config.historySize ?? PipelineDefaults.historySize)
  }
}
