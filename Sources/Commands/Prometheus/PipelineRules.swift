import ArgumentParser
import Capacity
import Clients
import Config
import Formats
import Host
import Output
import Prometheus
import ShellLanguage

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
    f.lag = try value("sum(\(names.lagRule)\(selector))")
    f.consumeRate = try value("sum(\(names.rateRule))")
    f.peakCapacity = try value("max(\(names.capacityRule))")
    f.dashboardETA = try value("max(\(names.etaRule)\(selector))")
    f.partitions = try value("count(count by (topic, partition) (kafka_consumergroup_lag\(selector)))").map { Int($0) }
    f.consumers = try value(
      "count(count by (memberid) (kafka_consumergroup_current_offset\(selector)))").map { Int($0) }
    return f
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
