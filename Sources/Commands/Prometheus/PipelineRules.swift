import ArgumentParser
import Capacity
import Config
import Formats
import Host
import Output
import Prometheus
import ScriptLanguage

/// `--from-prometheus` for eta and scale-hint: the numbers the dashboard
/// shows, read from the pipeline's recording rules, so the shell's math and
/// Grafana's can be compared side by side. Rule names are options because
/// every deployment names its rules its own way.
struct PipelineRuleOptions: ParsableArguments {
  @Flag(name: .customLong("from-prometheus"), help: "Read lag and rates from Prometheus's recording rules instead of Kafka.")
  var fromPrometheus = false

  @Option(name: .customLong("lag-rule"), help: "Recording rule for total lag per group.")
  var lagRule = "kafka:group_lag_sum"

  @Option(name: .customLong("rate-rule"), help: "Recording rule for consumer throughput (events/s).")
  var rateRule = "crm_events:consumer_rate_1m"

  @Option(name: .customLong("capacity-rule"), help: "Recording rule for peak per-consumer capacity (events/s).")
  var capacityRule = "crm_events:consumer_peak_capacity_1h"

  @Option(name: .customLong("eta-rule"), help: "Recording rule for the dashboard's drain ETA, shown for comparison.")
  var etaRule = "kafka:group_drain_eta_seconds"
}

/// What the rules said; nil where the rule has no series (not recorded yet, or renamed).
struct PipelineFigures {
  var lag: Double?
  var consumeRate: Double?
  var peakCapacity: Double?
  var dashboardETA: Double?
  var partitions: Int?
  var consumers: Int?
}

enum PipelineRules {
  /// One instant query per figure. A group selector is added to the lag and
  /// ETA rules (they carry `consumergroup`); the rate rules are per service.
  static func read(group: String, _ names: PipelineRuleOptions, ctx: CommandContext) throws -> PipelineFigures {
    let api = PromAPI(ctx)
    let selector = "{consumergroup=\(quoteLabelText(group))}"
    func value(_ expr: String) throws -> Double? {
      let (_, result) = try api.query(expr, time: nil)
      switch result {
      case .vector(let samples): return samples.isEmpty ? nil : samples.reduce(0) { $0 + $1.point.value }
      case .scalar(let p): return p.value
      default: return nil
      }
    }
    var f = PipelineFigures()
    f.lag = try whole(try value("sum(\(names.lagRule)\(selector))"), "\(names.lagRule)\(selector)").map(Double.init)
    f.consumeRate = try finite(try value("sum(\(names.rateRule))"), names.rateRule)
    f.peakCapacity = try finite(try value("max(\(names.capacityRule))"), names.capacityRule)
    f.dashboardETA = try value("max(\(names.etaRule)\(selector))")
    f.partitions = try whole(
      try value("count(count by (topic, partition) (kafka_consumergroup_lag\(selector)))"), "kafka_consumergroup_lag\(selector)"
    ).map { Int($0) }
    // kafka-exporter's own gauge of the group's members (its series carry no member id).
    f.consumers = try whole(
      try value("max(kafka_consumergroup_members\(selector))"), "kafka_consumergroup_members\(selector)"
    ).map { Int($0) }
    return f
  }

  /// A rate read from a rule: NaN or ±Inf is the series's fault, said with
  /// its name, never a number the capacity math divides by.
  static func finite(_ v: Double?, _ series: String) throws -> Double? {
    guard let v else { return nil }
    guard v.isFinite else { throw CommandFailure.failed("\(series) is \(formatNumber(v)): not a number a rate can be") }
    guard v >= 0 else { throw CommandFailure.failed("\(series) is \(formatNumber(v)): a rate is never negative") }
    return v
  }

  /// A count read from a rule (a lag, partitions, members), rounded: NaN,
  /// ±Inf, negative or past 2⁵³ (where a double stops counting exactly) is
  /// the series's fault, said with its name, never converted by a trap.
  static func whole(_ v: Double?, _ series: String) throws -> Int64? {
    guard let v else { return nil }
    let r = v.rounded()
    guard v.isFinite, r >= 0, r <= 9_007_199_254_740_992, let n = Int64(exactly: r) else {
      throw CommandFailure.failed("\(series) is \(formatNumber(v)): not a count (a whole number from 0 to 2^53)")
    }
    return n
  }

  /// Names exactly what is missing: the series with its group selector, and
  /// whether the rule has series for other groups (a wrong group name) or
  /// none at all (a rule not loaded, or not evaluated yet).
  static func missing(_ rule: String, group: String?, ctx: CommandContext) -> CommandFailure {
    let series = group.map { "\(rule){consumergroup=\(quoteLabelText($0))}" } ?? rule
    var message = "no series for \(series)"
    let others = try? PromAPI(ctx).query("count by (consumergroup) (\(rule))", time: nil).result
    if case .vector(let samples)? = others {
      let groups = samples.compactMap { $0.labels["consumergroup"] }.filter { !$0.isEmpty }.sorted()
      if samples.isEmpty {
        message += " (the rule has no series at all: is it loaded? see 'prom rules --type record')"
      } else if group != nil && !groups.isEmpty {
        message += " (it has series for consumergroup \(groups.prefix(5).joined(separator: ", ")))"
      }
    }
    return .failed(message)
  }
}
