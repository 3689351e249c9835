import Vocabulary

/// One sample line of a `/metrics` page, with its family's TYPE and HELP.
public struct MetricSample: Sendable, CustomStringConvertible {
  public var name: String
  /// In the order the page lists them (it is often meaningful: `le`, `quantile` last).
  public var labels: [(String, String)]
  public var value: Double
  public var timestampMs: Int64?
  /// counter, gauge, histogram, summary, untyped (or an OpenMetrics type); nil without a TYPE line.
  public var type: String?
  public var help: String?

  public init(
    name: String, labels: [(String, String)] = [], value: Double, timestampMs: Int64? = nil, type: String? = nil,
    help: String? = nil
  ) {
    self.name = name
    self.labels = labels
    self.value = value
    self.timestampMs = timestampMs
    self.type = type
    self.help = help
  }

  /// The value of the first label with this name.
  public func label(_ name: String) -> String? {
    labels.first(where: { $0.0 == name })?.1
  }

  /// `name{a="b"} value` in exposition syntax, labels in page order.
  public var description: String {
    var out = name
    if !labels.isEmpty {
      out += "{"
      out += labels.map { (isClassicLabelName($0.0) ? $0.0 : quoteLabelText($0.0)) + "=" + quoteLabelText($0.1) }
        .joined(separator: ",")
      out += "}"
    }
    out += " " + formatValue(value)
    if let timestampMs { out += " \(timestampMs)" }
    return out
  }
}

/// What was wrong with an exposition page and on which line (1-based).
public struct ExpositionError: Error, Equatable, Sendable, CustomStringConvertible {
  public var line: Int
  public var message: String
  public init(line: Int, message: String) {
    self.line = line
    self.message = message
  }
  public var description: String { "line \(line): \(message)" }
}

extension ExpositionError: StatusError {
  public var exitStatus: Int32 { ExitStatus.failure }
}
