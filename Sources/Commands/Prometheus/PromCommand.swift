import ArgumentParser
import Capacity
import Config
import Formats
import Foundation
import Host
import Output
import Prometheus
import ScriptLanguage
import Vocabulary

struct PromCommand: GroupedCommand {
  static let group = CommandGroup.prometheus
  static let configuration = CommandConfiguration(
    commandName: "prom",
    abstract: "Query Prometheus: instant and range queries, alerts, rules, targets, series, labels, metrics.",
    discussion: """
      The server is the profile's `prometheus` (default http://localhost:9090), -p/--prometheus, \
      or AETHER_PROMETHEUS_URL; a bearer token comes from AETHER_PROMETHEUS_TOKEN or the profile \
      (prometheus_token, prometheus_token_file). NaN, +Inf and -Inf are shown as such; \
      Prometheus's errorType and error are shown when it refuses a query; its warnings go to stderr.
      """,
    subcommands: [
      PromQuery.self, PromRange.self, PromAlerts.self, PromRules.self, PromTargets.self, PromSeries.self,
      PromLabels.self, PromMetrics.self,
    ])
}

/// `--time`/`--since` values: RFC 3339, epoch milliseconds or `-15m`, as for `tail @TIME`.
enum PromTime {
  @Sendable static func parse(_ text: String) throws -> Double {
    let now = Int64(Date().timeIntervalSince1970 * 1000)
    do {
      return Double(try parseTime(text, nowMillis: now)) / 1000
    } catch {
      throw ValidationError(error.message)
    }
  }

  /// `2025-11-02T00:00:00.000Z` for a Prometheus timestamp in seconds.
  static func text(_ seconds: Double) -> String {
    guard seconds.isFinite, let ms = Int64(exactly: (seconds * 1000).rounded()) else { return "-" }
    return formatTimestamp(ms)
  }

  /// `12m ago` for a moment in the past, from the wall clock.
  static func ago(_ seconds: Double?) -> String {
    guard let seconds, seconds.isFinite, seconds > 0 else { return "-" }
    let delta = Date().timeIntervalSince1970 - seconds
    if delta < 1 { return "just now" }
    return Durations.format(delta.rounded()) + " ago"
  }
}

/// `{job="x",instance="y"}` without `__name__`, or "" when that is all there was.
func labelText(_ labels: [String: String]) -> String {
  formatLabels(labels, excludingName: true)
}

/// The series as PromQL would name it: `up{job="crm-events"}`, `{}` when nameless and unlabelled.
func seriesText(_ labels: [String: String]) -> String {
  let text = metricName(labels) + labelText(labels)
  return text.isEmpty ? "{}" : text
}
