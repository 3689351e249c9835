import Vocabulary

/// The configuration files the sandbox writes for the real Prometheus and
/// Alertmanager: the pipeline's scrape jobs (the job names the shipped rules select, so
/// `up{job="crm-events"}` and the shipped alerts read as on the stack),
/// pointed at the stand-ins' loopback ports.
public enum MonitoringConfig {
  public struct Job: Sendable, Equatable {
    public var name: String
    public var target: String
    public init(_ name: String, _ target: String) {
      self.name = name
      self.target = target
    }
  }

  public static func prometheus(jobs: [Job], rulesFile: String, alertmanager: String?, speed: DrillSpeed) -> String {
    var text = """
      # Written by aetherctl's sandbox (drill speed \(speed.text)).
      global:
        scrape_interval: \(speed.interval)s
        scrape_timeout: \(speed.interval)s
        evaluation_interval: \(speed.interval)s
      rule_files:
        - \(quoted(rulesFile))
      scrape_configs:

      """
    for job in jobs {
      text += """
          - job_name: \(quoted(job.name))
            static_configs:
              - targets: [\(quoted(job.target))]

        """
    }
    if let alertmanager {
      text += """
        alerting:
          alertmanagers:
            - static_configs:
                - targets: [\(quoted(alertmanager))]

        """
    }
    return text
  }

  /// One route to a receiver that notifies nobody: the drill looks at
  /// Alertmanager itself (`am alerts`, silences), not at a pager. Grouping
  /// waits are the stack's defaults, scaled like the rest.
  public static func alertmanager(speed: DrillSpeed) -> String {
    """
    # Written by aetherctl's sandbox (drill speed \(speed.text)).
    route:
      receiver: sandbox
      group_by: ["alertname"]
      group_wait: \(speed.scaled(seconds: 30))s
      group_interval: \(speed.scaled(seconds: 300))s
      repeat_interval: \(speed.scaled(seconds: 4 * 3600))s
    receivers:
      - name: sandbox

    """
  }

  /// The names the rules record (`- record: kafka:group_lag_sum`), in order.
  public static func recorded(in rules: String) -> [String] {
    rules.split(separator: "\n").compactMap { line in
      let t = line.trimmingBlanks()
      guard t.hasPrefix("- record:") else { return nil }
      return t.dropFirst("- record:".count).trimmingBlanks()
    }
  }

  static func quoted(_ s: String) -> String {
    "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
  }
}
