import Formats
import Vocabulary
/// One alert from `/api/v1/alerts`, or one instance inside an alerting rule.
public struct PromAlert: Equatable, Sendable {
  public var labels: [String: String]
  public var annotations: [String: String]
  /// "firing", "pending" (or "inactive" inside rules).
  public var state: String
  /// As Prometheus wrote it (RFC 3339); nil when absent.
  public var activeAt: String?
  /// `activeAt` as seconds since the epoch, for "firing for 12m" displays.
  public var activeAtSeconds: Double?
  /// The value of the alert expression when it last fired; nil when absent or unreadable.
  public var value: Double?

  public init(
    labels: [String: String], annotations: [String: String] = [:], state: String, activeAt: String? = nil,
    activeAtSeconds: Double? = nil, value: Double? = nil
  ) {
    self.labels = labels
    self.annotations = annotations
    self.state = state
    self.activeAt = activeAt
    self.activeAtSeconds = activeAtSeconds
    self.value = value
  }

  /// `alertname` label, "" when missing.
  public var name: String { labels["alertname"] ?? "" }

  /// Firing first, then the longest-standing: the order an operator reads them in.
  public static func mostUrgentFirst(_ a: PromAlert, _ b: PromAlert) -> Bool {
    (a.state == "firing" ? 0 : 1, a.activeAtSeconds ?? .infinity, a.name)
      < (b.state == "firing" ? 0 : 1, b.activeAtSeconds ?? .infinity, b.name)
  }

  /// The silences muting this alert among what Alertmanager holds, matched on
  /// its labels (Alertmanager may add external labels of its own).
  public func silences(in held: [AMAlert]) -> [String] {
    held.filter { a in labels.allSatisfy { a.labels[$0.key] == $0.value } }.flatMap(\.silencedBy)
  }

  /// `data` of `/api/v1/alerts`: `{"alerts": […]}`.
  public static func decodeList(_ data: JSON?) throws(PromDecodeError) -> [PromAlert] {
    let object = try JSONShape.object(data, at: "data")
    return try JSONShape.elements(object["alerts"], at: "data.alerts", required: true, decode)
  }

  static func decodeArray(_ value: JSON?, at path: String) throws(PromDecodeError) -> [PromAlert] {
    try JSONShape.elements(value, at: path, decode)
  }

  static func decode(_ value: JSON?, at path: String) throws(PromDecodeError) -> PromAlert {
    let entry = try JSONShape.object(value, at: path)
    let activeAt = try JSONShape.optionalString(entry["activeAt"], at: "\(path).activeAt")
    // Prometheus writes the value as a string ("1e+00"); accept a bare number too.
    var number: Double?
    if case .string(let text)? = entry["value"] {
      number = SampleValue.parse(text)
    } else if !JSONShape.isAbsent(entry["value"]) {
      number = try JSONShape.number(entry["value"], at: "\(path).value")
    }
    return PromAlert(
      labels: try JSONShape.labels(entry["labels"], at: "\(path).labels"),
      annotations: try JSONShape.labels(entry["annotations"], at: "\(path).annotations"),
      state: try JSONShape.optionalString(entry["state"], at: "\(path).state") ?? "",
      activeAt: activeAt,
      activeAtSeconds: activeAt.flatMap(parseRFC3339),
      value: number)
  }
}
