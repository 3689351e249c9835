import Capacity
import Formats
import TOML
import Vocabulary

/// How one setting's value is read from text (a flag, the environment) and
/// from the config file, and how it is shown. One reading per kind, so a
/// duration means the same thing in `--timeout`, `timeout = "3s"` and `config show`.
public struct SettingKind<Value: Sendable>: Sendable {
  let fromText: @Sendable (String) throws(SettingProblem) -> Value
  let fromTOML: @Sendable (TOMLValue) throws(SettingProblem) -> Value
  public let show: @Sendable (Value) -> String

  public func parse(_ text: String) throws(SettingProblem) -> Value { try fromText(text) }
  public func read(_ value: TOMLValue) throws(SettingProblem) -> Value { try fromTOML(value) }
}

/// Why a value was refused, without where: the caller names the flag,
/// variable or `file:line`.
public struct SettingProblem: Error, CustomStringConvertible {
  /// A predicate ("must be a string, got an integer") or a reason.
  public var message: String
  /// Inside a table value (a profile's `[kafka]`): the entry at fault and its line.
  public var subkey: String?
  public var line: Int?
  public init(_ message: String, subkey: String? = nil, line: Int? = nil) {
    self.message = message
    self.subkey = subkey
    self.line = line
  }
  public var description: String { message }

  /// `key 'x' must be …` or `key 'x': reason`, as a sentence about `key`.
  public func about(_ key: String) -> String {
    let k = subkey.map { key + "." + $0 } ?? key
    return message.hasPrefix("must") ? "key '\(k)' \(message)" : "key '\(k)': \(message)"
  }
}

extension SettingKind where Value == String {
  public static let string = SettingKind(
    fromText: { $0 },
    fromTOML: { v throws(SettingProblem) in
      guard case .string(let s) = v else { throw SettingProblem("must be a string, got \(v.typeName)") }
      return s
    }, show: { $0 })

  /// Refused when given on the command line or in the environment; a
  /// profile's list is checked by the first command that connects, so
  /// `help`, `profile use` and the shell itself still work.
  public static let brokerList = SettingKind(
    fromText: { t throws(SettingProblem) in
      if let problem = BrokerAddress.problem(in: t) { throw SettingProblem(problem) }
      return t
    }, fromTOML: string.fromTOML, show: { $0 })
}

extension SettingKind where Value == Double {
  public static let duration = SettingKind(
    fromText: { t throws(SettingProblem) in
      do { return try Durations.parse(t) } catch let e as DurationError { throw SettingProblem(e.message) } catch { throw SettingProblem("\(error)") }
    },
    fromTOML: { v throws(SettingProblem) in
      switch v {
      case .integer, .float: return try positiveNumber.fromTOML(v)
      case .string(let s):
        do { return try Durations.parse(s) } catch let e as DurationError { throw SettingProblem(e.message) } catch { throw SettingProblem("\(error)") }
      default: throw SettingProblem("must be a duration such as \"10s\", got \(v.typeName)")
      }
    }, show: { Durations.format($0) })

  /// A network timeout: a duration longer than 0 and at most
  /// `Durations.maximumTimeout` (librdkafka takes milliseconds as a 32-bit int).
  public static let timeout = SettingKind(
    fromText: { t throws(SettingProblem) in
      do throws(DurationError) { return try Durations.parseTimeout(t, what: "the timeout") } catch { throw SettingProblem(error.message) }
    },
    fromTOML: { v throws(SettingProblem) in
      let d = try duration.fromTOML(v)
      do throws(DurationError) { return try Durations.checkTimeout(d, what: "the timeout", text: Durations.format(d)) } catch { throw SettingProblem(error.message) }
    }, show: { Durations.format($0) })

  /// How many times faster than real time a drill runs: 1 (real time) to 3600.
  public static let drillFactor = SettingKind(
    fromText: { t throws(SettingProblem) in
      guard let d = Double(t), d.isFinite, d >= 1, d <= 3600 else {
        throw SettingProblem("'\(t)' is not a drill speed (a factor from 1 to 3600)")
      }
      return d
    },
    fromTOML: { _ throws(SettingProblem) in throw SettingProblem("is a command-line option only") },
    show: { formatNumber($0) })

  public static let positiveNumber = SettingKind(
    fromText: { t throws(SettingProblem) in
      guard let d = Double(t), d.isFinite else { throw SettingProblem("'\(t)' is not a number") }
      guard d > 0 else { throw SettingProblem("must be greater than 0, got \(t)") }
      return d
    },
    fromTOML: { v throws(SettingProblem) in
      let d: Double
      switch v {
      case .integer(let i): d = Double(i)
      case .float(let f) where f.isFinite: d = f
      default: throw SettingProblem("must be a finite number, got \(v.typeName)")
      }
      guard d > 0 else { throw SettingProblem("must be greater than 0, got \(formatNumber(d))") }
      return d
    }, show: { formatNumber($0) })
}

extension SettingKind where Value == Int {
  public static let positiveInteger = SettingKind(
    fromText: { t throws(SettingProblem) in
      guard let i = Int32(t), i > 0 else { throw SettingProblem("must be a positive integer") }
      return Int(i)
    },
    fromTOML: { v throws(SettingProblem) in
      guard case .integer(let i) = v, i > 0, i <= Int64(Int32.max) else {
        throw SettingProblem("must be a positive integer")
      }
      return Int(i)
    }, show: { String($0) })

  /// How many times a counted switch was given (`-vv` is 2); a switch's
  /// other texts (an environment variable) count as once when not empty.
  public static let switchCount = SettingKind(
    fromText: { t throws(SettingProblem) in
      if let n = Int(t), n >= 0 { return n }
      return t.isEmpty ? 0 : 1
    },
    fromTOML: { v throws(SettingProblem) in
      guard case .integer(let i) = v, i >= 0, i <= 9 else { throw SettingProblem("must be a count from 0 to 9") }
      return Int(i)
    }, show: { String($0) })
}

extension SettingKind where Value == Bool {
  public static let boolean = SettingKind(
    fromText: { t throws(SettingProblem) in
      switch t.lowercased() {
      case "true", "yes", "1", "on": return true
      case "false", "no", "0", "off": return false
      default: throw SettingProblem("'\(t)' is not true or false")
      }
    },
    fromTOML: { v throws(SettingProblem) in
      guard case .bool(let b) = v else { throw SettingProblem("must be true or false, got \(v.typeName)") }
      return b
    }, show: { $0 ? "yes" : "no" })

  /// A command-line switch (`--no-color`); in the environment any non-empty
  /// value turns it on, as NO_COLOR's convention says.
  public static let onOff = SettingKind(
    fromText: { !$0.isEmpty }, fromTOML: boolean.fromTOML, show: { $0 ? "on" : "off" })
}

/// What `--sandbox` starts: nothing, the mock cluster, or the whole pipeline.
public enum SandboxMode: String, Sendable, CaseIterable {
  case off, kafka, pipeline
}

extension SettingKind where Value == SandboxMode {
  /// The switch alone is the cluster (its text is "1"); `=pipeline` the pipeline.
  public static let sandboxMode = SettingKind(
    fromText: { t throws(SettingProblem) in
      switch t {
      case "1", "kafka": return .kafka
      case "pipeline": return .pipeline
      default: throw SettingProblem("'\(t)' is not a sandbox (--sandbox, or --sandbox=pipeline)")
      }
    },
    fromTOML: { _ throws(SettingProblem) in throw SettingProblem("is a command-line switch only") },
    show: { $0.rawValue })
}

/// Which Kafka a pipeline sandbox runs on. Plain `--sandbox` is always the
/// in-process mock: instant, and it needs nothing installed.
public enum SandboxBroker: String, Sendable, CaseIterable {
  case auto, noida, mock

  /// The broker to start, and the one line that says which and why.
  /// `noida` when it is not installed is an error naming what to run.
  public func choose(noidaInstalled: Bool) -> Result<(noida: Bool, why: String), SettingProblem> {
    switch (self, noidaInstalled) {
    case (.auto, true):
      return .success((true, "Kafka on noida-db, a real broker (members, rebalances, time lookups); sandbox_broker = mock for the in-process mock"))
    case (.auto, false):
      return .success((false, "Kafka on librdkafka's in-process mock cluster: noida-db is not installed (scripts/setup installs it)"))
    case (.noida, true):
      return .success((true, "Kafka on noida-db, a real broker (sandbox_broker = noida)"))
    case (.noida, false):
      return .failure(SettingProblem("sandbox_broker is noida, but noida-db is not installed (scripts/setup installs it)"))
    case (.mock, _):
      return .success((false, "Kafka on librdkafka's in-process mock cluster (sandbox_broker = mock)"))
    }
  }
}

extension SettingKind where Value: RawRepresentable & CaseIterable, Value.RawValue == String {
  /// A word from a closed set, read the same way from the command line, the
  /// environment and the file: `what` names the set in the message.
  static func oneOf(_ what: String) -> SettingKind {
    let words = Value.allCases.map(\.rawValue)
    let list = words.dropLast().joined(separator: ", ") + (words.count > 1 ? " or " : "") + (words.last ?? "")
    return SettingKind(
      fromText: { t throws(SettingProblem) in
        guard let v = Value(rawValue: t) else { throw SettingProblem("'\(t)' is not \(what) (\(list))") }
        return v
      },
      fromTOML: { v throws(SettingProblem) in
        guard case .string(let s) = v, let value = Value(rawValue: s) else { throw SettingProblem("must be \(list)") }
        return value
      }, show: { $0.rawValue })
  }
}

extension SettingKind where Value == SandboxBroker {
  public static let sandboxBroker = oneOf("a sandbox broker")
}

extension SettingKind where Value == Partitioner {
  public static let partitioner = oneOf("a partitioner")
}

extension SettingKind where Value == OutputFormat {
  public static let outputFormat = oneOf("an output format")
}

/// One librdkafka property, `KEY=VALUE` on the command line.
public struct KafkaProperty: Sendable, Equatable {
  public var key: String
  public var value: String
  public init(key: String, value: String) {
    self.key = key
    self.value = value
  }
}

extension SettingKind where Value == [KafkaProperty] {
  /// `-X key=value` (repeatable) and a profile's `[kafka]` table, in order.
  public static let kafkaProperties = SettingKind(
    fromText: { t throws(SettingProblem) in
      guard let eq = t.firstIndex(of: "="), eq != t.startIndex else {
        throw SettingProblem("'\(isSecretKey(t) ? secretMask : t)' is not KEY=VALUE")
      }
      return [KafkaProperty(key: String(t[..<eq]), value: String(t[t.index(after: eq)...]))]
    },
    fromTOML: { v throws(SettingProblem) in
      guard case .table(let table) = v else { throw SettingProblem("must be a table, got \(v.typeName)") }
      var out: [KafkaProperty] = []
      for key in table.keys {
        guard let node = table[key] else { continue }
        let text: String
        switch node.value {
        case .string(let s): text = s
        case .integer(let i): text = String(i)
        case .bool(let b): text = b ? "true" : "false"
        case .float(let d): text = formatNumber(d, digits: 6)
        default:
          throw SettingProblem("must be a string, number or boolean (a librdkafka property)", subkey: key, line: node.line)
        }
        out.append(KafkaProperty(key: key, value: text))
      }
      return out
    }, show: { $0.map { "\($0.key)=\(isSecretKey($0.key) ? secretMask : $0.value)" }.joined(separator: " ") })
}

extension SettingProblem: StatusError {
  public var exitStatus: Int32 { ExitStatus.usage }
}
