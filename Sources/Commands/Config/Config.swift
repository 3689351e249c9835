import Capacity
import Foundation
import ShellLanguage

/// The pipeline's names from PIPELINE.md: what a fresh install points at.
public enum PipelineDefaults {
  public static let profile = "local"
  public static let brokers = "localhost:9092"
  public static let prometheus = "http://localhost:9090"
  public static let topic = "aetherlink.events"
  public static let group = "crm-events-sse"
  public static let timeoutSeconds = 10.0
  public static let historySize = 1000
}

public struct Profile: Equatable {
  public var name: String
  public var brokers: String?
  public var prometheus: String?
  public var topic: String?
  public var group: String?
  /// Events/s one consumer replica handles (scale hints).
  public var capacity: Double?
  /// Mutations ask for the profile name to be typed back.
  public var protected = false
  public var timeoutSeconds: Double?
  public var prometheusToken: String?
  public var prometheusTokenFile: String?
  public var kafkaPasswordFile: String?
  public var prometheusUser: String?
  public var prometheusPassword: String?
  /// librdkafka properties, passed through in file order.
  public var kafka: [(key: String, value: String)] = []
  public var thresholds = Thresholds()

  public init(name: String) { self.name = name }

  public static func == (a: Profile, b: Profile) -> Bool {
    a.name == b.name && a.brokers == b.brokers && a.prometheus == b.prometheus && a.topic == b.topic
      && a.group == b.group && a.capacity == b.capacity && a.protected == b.protected
      && a.timeoutSeconds == b.timeoutSeconds && a.kafka.map(\.key) == b.kafka.map(\.key)
      && a.kafka.map(\.value) == b.kafka.map(\.value) && a.thresholds == b.thresholds
      && a.prometheusToken == b.prometheusToken && a.prometheusUser == b.prometheusUser
      && a.prometheusPassword == b.prometheusPassword && a.prometheusTokenFile == b.prometheusTokenFile
      && a.kafkaPasswordFile == b.kafkaPasswordFile
  }
}

/// A quick fix defined in the config: an argv template run without a shell.
public struct FixDefinition: Equatable {
  public var name: String
  public var run: [String]
  public var summary: String?
}

public struct ConfigFile: Equatable {
  /// Where it was read from; nil when no file exists and built-in defaults apply.
  public var path: String?
  public var defaultProfile: String?
  public var historySize: Int?
  public var profiles: [String: Profile] = [:]
  public var profileOrder: [String] = []
  public var fixes: [FixDefinition] = []
  /// Unknown keys and similar: reported, not fatal, since keys may be added.
  public var warnings: [String] = []

  public init(path: String? = nil) { self.path = path }
}

/// A config problem, printed as `FILE:LINE: message`.
public struct ConfigError: Error, CustomStringConvertible {
  public var file: String
  public var line: Int?
  public var message: String
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

extension ConfigFile {
  public static func parse(_ text: String, file: String) throws -> ConfigFile {
    let root: TOMLTable
    do {
      root = try TOML.parse(text)
    } catch {
      throw ConfigError(file: file, line: error.line, message: error.message)
    }
    var config = ConfigFile(path: file)
    var reader = Reader(file: file)
    for key in root.keys {
      guard let node = root[key] else { continue }
      switch key {
      case "profile": config.defaultProfile = try reader.string(node, "profile")
      case "history_size": config.historySize = try reader.positiveInt(node, "history_size")
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
        reader.unknown(key, node, in: nil, known: ["profile", "history_size", "profiles", "fixes"])
      }
    }
    config.warnings = reader.warnings
    if let d = config.defaultProfile, !config.profiles.isEmpty, config.profiles[d] == nil {
      throw ConfigError(
        file: file, line: root["profile"]?.line,
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

    func string(_ node: TOMLNode, _ key: String) throws -> String {
      guard case .string(let s) = node.value else {
        throw error(node, "key '\(key)' must be a string, got \(node.value.typeName)")
      }
      return s
    }
    func bool(_ node: TOMLNode, _ key: String) throws -> Bool {
      guard case .bool(let b) = node.value else {
        throw error(node, "key '\(key)' must be true or false, got \(node.value.typeName)")
      }
      return b
    }
    func number(_ node: TOMLNode, _ key: String) throws -> Double {
      switch node.value {
      case .integer(let i): return Double(i)
      case .float(let d) where d.isFinite: return d
      default: throw error(node, "key '\(key)' must be a finite number, got \(node.value.typeName)")
      }
    }
    func positiveNumber(_ node: TOMLNode, _ key: String) throws -> Double {
      let d = try number(node, key)
      guard d > 0 else { throw error(node, "key '\(key)' must be greater than 0, got \(formatNumber(d))") }
      return d
    }
    func positiveInt(_ node: TOMLNode, _ key: String) throws -> Int {
      guard case .integer(let i) = node.value, i > 0, i <= Int64(Int32.max) else {
        throw error(node, "key '\(key)' must be a positive integer")
      }
      return Int(i)
    }
    func duration(_ node: TOMLNode, _ key: String) throws -> Double {
      switch node.value {
      case .integer, .float: return try positiveNumber(node, key)
      case .string(let s):
        do { return try Durations.parse(s) } catch { throw self.error(node, "key '\(key)': \(error)") }
      default: throw error(node, "key '\(key)' must be a duration such as \"10s\", got \(node.value.typeName)")
      }
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

    static let profileKeys = [
      "brokers", "prometheus", "topic", "group", "capacity", "protected", "timeout",
      "prometheus_token", "prometheus_token_file", "kafka_password_file", "prometheus_user", "prometheus_password", "kafka",
      "thresholds",
    ]
    static let thresholdKeys = [
      "lag", "eta_warn", "eta_critical", "skew_warn", "skew_critical", "consumers_ok", "scale_critical",
    ]

    mutating func profile(_ name: String, _ node: TOMLNode) throws -> Profile {
      let t = try table(node, "profiles.\(name)")
      var p = Profile(name: name)
      for key in t.keys {
        guard let n = t[key] else { continue }
        let full = "profiles.\(name).\(key)"
        switch key {
        case "brokers": p.brokers = try string(n, full)
        case "prometheus": p.prometheus = try string(n, full)
        case "topic": p.topic = try string(n, full)
        case "group": p.group = try string(n, full)
        case "capacity": p.capacity = try positiveNumber(n, full)
        case "protected": p.protected = try bool(n, full)
        case "timeout": p.timeoutSeconds = try duration(n, full)
        case "prometheus_token": p.prometheusToken = try string(n, full)
        case "prometheus_token_file": p.prometheusTokenFile = try string(n, full)
        case "kafka_password_file": p.kafkaPasswordFile = try string(n, full)
        case "prometheus_user": p.prometheusUser = try string(n, full)
        case "prometheus_password": p.prometheusPassword = try string(n, full)
        case "kafka":
          let k = try table(n, full)
          for prop in k.keys {
            guard let v = k[prop] else { continue }
            switch v.value {
            case .string(let s): p.kafka.append((prop, s))
            case .integer(let i): p.kafka.append((prop, String(i)))
            case .bool(let b): p.kafka.append((prop, b ? "true" : "false"))
            case .float(let d): p.kafka.append((prop, formatNumber(d, digits: 6)))
            default:
              throw error(v, "key '\(full).\(prop)' must be a string, number or boolean (a librdkafka property)")
            }
          }
        case "thresholds":
          let th = try table(n, full)
          for key in th.keys {
            guard let v = th[key] else { continue }
            let f = "\(full).\(key)"
            switch key {
            case "lag": p.thresholds.lagCritical = Int64(try positiveNumber(v, f))
            case "eta_warn": p.thresholds.etaWarn = try positiveNumber(v, f)
            case "eta_critical": p.thresholds.etaCritical = try positiveNumber(v, f)
            case "skew_warn": p.thresholds.skewWarn = try positiveNumber(v, f)
            case "skew_critical": p.thresholds.skewCritical = try positiveNumber(v, f)
            case "consumers_ok": p.thresholds.consumersOk = try positiveInt(v, f)
            case "scale_critical": p.thresholds.scaleCritical = try positiveInt(v, f)
            default: unknown(key, v, in: full, known: Self.thresholdKeys)
            }
          }
        default:
          unknown(key, n, in: "profiles.\(name)", known: Self.profileKeys)
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
