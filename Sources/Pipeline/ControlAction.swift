import Vocabulary

/// What `sandbox control` asks of a pipeline sandbox, read from its words.
/// The container and compose service names of the stack (`aether-crm-events`,
/// `crm-events-sink`) name the same parts, so the quick fixes' templates
/// (`docker stop {container}`) have a sandbox twin taking the same values.
public enum ControlAction: Equatable, Sendable {
  public enum Part: String, Sendable, CaseIterable {
    case service, sink, exporter, prometheus, alertmanager
  }

  /// The consumer inside the service: it leaves the group; the service still answers.
  case consumer(running: Bool)
  /// Events per second per replica.
  case rate(Double)
  case replicas(Int)
  /// The whole part, as `docker stop`/`start`: its port refuses, its consumer leaves the group.
  case part(Part, up: Bool)
  case restart(Part)
  /// `docker compose up --scale crm-events=N`: only the consumer service scales.
  case scale(Part, Int)
  /// `docker logs --tail N --timestamps`: a part's last lines, by any
  /// name: a service the sandbox does not run has none, which is an answer.
  case logs(String, Int)
  case status

  public static let defaultLogLines = 50
  public static let maximumLogLines = 500

  public static let usage =
    "consumer stop|start|rate N|replicas N, sink stop|start, service down|up, "
    + "container NAME stop|start|restart|scale N|logs [N], status"

  /// The stack's parts by their docker container and compose service names.
  public static let stack: [(part: Part, container: String, service: String)] = [
    (.service, "aether-crm-events", "crm-events"), (.sink, "aether-crm-events-sink", "crm-events-sink"),
    (.exporter, "aether-kafka-exporter", "kafka-exporter"), (.prometheus, "aether-prom", "prometheus"),
    (.alertmanager, "aether-alertmanager", "alertmanager"),
  ]

  /// Names of the stack's containers and compose services, by part, and the
  /// sandbox's short names (`service`, `sink`, `exporter`).
  public static let names: [String: Part] = {
    var byName: [String: Part] = ["service": .service, "sink": .sink, "exporter": .exporter]
    for p in stack {
      byName[p.container] = p.part
      byName[p.service] = p.part
    }
    return byName
  }()

  public static func parse(_ words: [String]) -> Result<ControlAction, ControlError> {
    switch words {
    case ["status"]: return .success(.status)
    case ["consumer", "stop"]: return .success(.consumer(running: false))
    case ["consumer", "start"]: return .success(.consumer(running: true))
    case ["sink", "stop"]: return .success(.part(.sink, up: false))
    case ["sink", "start"]: return .success(.part(.sink, up: true))
    case ["service", "down"]: return .success(.part(.service, up: false))
    case ["service", "up"]: return .success(.part(.service, up: true))
    default: break
    }
    if words.count == 3, words[0] == "consumer", words[1] == "rate" {
      guard let r = Double(words[2]), r.isFinite, r >= 0, r <= 100_000 else {
        return .failure(ControlError("consumer rate: '\(words[2])' is not a rate in events/s (0–100000)"))
      }
      return .success(.rate(r))
    }
    if words.count == 3, words[0] == "consumer", words[1] == "replicas" {
      guard let n = Int(words[2]), (0...64).contains(n) else {
        return .failure(ControlError("consumer replicas: '\(words[2])' is not a count (0–64)"))
      }
      return .success(.replicas(n))
    }
    if words.count == 4, words[0] == "container", words[2] == "scale" {
      guard let part = names[words[1]] else { return .failure(unknown(words[1])) }
      guard let n = Int(words[3]), (0...64).contains(n) else {
        return .failure(ControlError("container \(words[1]) scale: '\(words[3])' is not a count (0–64)"))
      }
      guard part == .service else {
        return .failure(ControlError("container \(words[1]) scale: only crm-events has replicas in the sandbox"))
      }
      return .success(.scale(part, n))
    }
    if words.count == 4, words[0] == "container", words[2] == "logs" {
      guard let n = Int(words[3]), (1...ControlAction.maximumLogLines).contains(n) else {
        return .failure(ControlError("container \(words[1]) logs: '\(words[3])' is not a line count (1–\(maximumLogLines))"))
      }
      return .success(.logs(words[1], n))
    }
    if words.count == 3, words[0] == "container", words[2] == "logs" {
      return .success(.logs(words[1], defaultLogLines))
    }
    if words.count == 3, words[0] == "container" {
      guard let part = names[words[1]] else { return .failure(unknown(words[1])) }
      switch words[2] {
      case "stop": return .success(.part(part, up: false))
      case "start": return .success(.part(part, up: true))
      case "restart": return .success(.restart(part))
      default:
        return .failure(ControlError("container \(words[1]): expected stop, start, restart, scale N or logs [N], got '\(words[2])'"))
      }
    }
    return .failure(ControlError("expected \(usage); got '\(words.joined(separator: " "))'"))
  }

  private static func unknown(_ name: String) -> ControlError {
    ControlError(
      "container: the sandbox has no '\(name)' (it runs crm-events, crm-events-sink, kafka-exporter, prometheus, "
        + "alertmanager; Grafana, Keycloak and the gateway are not in it)")
  }
}

public struct ControlError: Error, Equatable, CustomStringConvertible {
  public let description: String
  public init(_ description: String) { self.description = description }
}

extension ControlError: StatusError {
  /// A control line's words are checked as usage before it is sent
  /// (SandboxControl), so what reaches a command as ControlError is the
  /// sandbox failing at run time (a seed not delivered).
  public var exitStatus: Int32 { ExitStatus.failure }
}
