import Formats
import Vocabulary
/// A rule group from `/api/v1/rules`.
public struct PromRuleGroup: Equatable, Sendable {
  public var name: String
  public var file: String
  /// Evaluation interval in seconds, when given.
  public var interval: Double?
  public var rules: [PromRule]

  public init(name: String, file: String = "", interval: Double? = nil, rules: [PromRule]) {
    self.name = name
    self.file = file
    self.interval = interval
    self.rules = rules
  }

  /// `data` of `/api/v1/rules`: `{"groups": […]}`.
  public static func decodeList(_ data: JSON?) throws(PromDecodeError) -> [PromRuleGroup] {
    let object = try JSONShape.object(data, at: "data")
    return try JSONShape.elements(object["groups"], at: "data.groups", required: true) { item, path throws(PromDecodeError) in
      let entry = try JSONShape.object(item, at: path)
      let rules = try JSONShape.elements(entry["rules"], at: "\(path).rules", required: true, PromRule.decode)
      return PromRuleGroup(
        name: try JSONShape.optionalString(entry["name"], at: "\(path).name") ?? "",
        file: try JSONShape.optionalString(entry["file"], at: "\(path).file") ?? "",
        interval: try JSONShape.optionalNumber(entry["interval"], at: "\(path).interval"),
        rules: rules)
    }
  }
}

/// An alerting or recording rule.
public struct PromRule: Equatable, Sendable {
  public enum Kind: String, Equatable, Sendable {
    case alerting
    case recording
  }

  public var kind: Kind
  public var name: String
  public var query: String
  /// "ok", "err" or "unknown".
  public var health: String
  /// nil when the last evaluation succeeded.
  public var lastError: String?
  /// Alerting rules: "firing", "pending" or "inactive"; nil for recording rules.
  public var state: String?
  /// Alerting rules: the `for:` duration in seconds.
  public var duration: Double?
  public var labels: [String: String]
  public var annotations: [String: String]
  /// Alerting rules: the alerts this rule currently holds.
  public var alerts: [PromAlert]

  public init(
    kind: Kind, name: String, query: String, health: String = "ok", lastError: String? = nil,
    state: String? = nil, duration: Double? = nil, labels: [String: String] = [:],
    annotations: [String: String] = [:], alerts: [PromAlert] = []
  ) {
    self.kind = kind
    self.name = name
    self.query = query
    self.health = health
    self.lastError = lastError
    self.state = state
    self.duration = duration
    self.labels = labels
    self.annotations = annotations
    self.alerts = alerts
  }

  static func decode(_ value: JSON?, at path: String) throws(PromDecodeError) -> PromRule {
    let entry = try JSONShape.object(value, at: path)
    let type = try JSONShape.string(entry["type"], at: "\(path).type")
    guard let kind = Kind(rawValue: type) else {
      throw PromDecodeError("Prometheus response: \(path).type '\(type.prefix(40))' is neither alerting nor recording")
    }
    let lastError = try JSONShape.optionalString(entry["lastError"], at: "\(path).lastError")
    return PromRule(
      kind: kind,
      name: try JSONShape.string(entry["name"], at: "\(path).name"),
      query: try JSONShape.optionalString(entry["query"], at: "\(path).query") ?? "",
      health: try JSONShape.optionalString(entry["health"], at: "\(path).health") ?? "unknown",
      lastError: lastError?.isEmpty == true ? nil : lastError,
      state: try JSONShape.optionalString(entry["state"], at: "\(path).state"),
      duration: try JSONShape.optionalNumber(entry["duration"], at: "\(path).duration"),
      labels: try JSONShape.labels(entry["labels"], at: "\(path).labels"),
      annotations: try JSONShape.labels(entry["annotations"], at: "\(path).annotations"),
      alerts: try PromAlert.decodeArray(entry["alerts"], at: "\(path).alerts"))
  }
}
