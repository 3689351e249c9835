import Foundation
import Testing
import TestSupport

/// One real Prometheus for the whole suite: started on first use, stopped when
/// the test process exits (its wrapper watches our pipe).
enum SharedPrometheus {
  static let server = Result { try PrometheusServer.start() }
  static func url() throws -> String { try server.get().url }
}

/// `prom …` and the --from-prometheus forms against Debian's Prometheus,
/// scraping the fixture's exposition and evaluating the shipped rule file.
// No suite time limit: every program and fixture it runs has its own deadline
// (runToCompletion's, the fixtures' start-up marker waits), and a wall-clock
// limit counted the minutes a test waited for one of the two cooperative
// threads while blocking suites held them: it cut passing tests in CI.
@Suite struct PrometheusCommandTests {
  func prom(_ args: [String]) throws -> Run {
    try aetherctl(["-p", try SharedPrometheus.url()] + args)
  }

  @Test func recordingRuleFromTheShippedFile() throws {
    let r = try prom(["prom", "query", "kafka:group_lag_sum"])
    #expect(r.status == 0, "\(r.stderr)")
    #expect(r.stdout.contains(#"kafka:group_lag_sum{consumergroup="crm-events-sse",topic="aetherlink.events"}"#))
    #expect(r.stdout.contains("339"))
    // The skew rule of the notes: 339 / avg(0, 0, 339) = 3.
    let skew = try prom(["-o", "plain", "prom", "query", #"kafka:group_skew_ratio{consumergroup="crm-events-sse"}"#])
    #expect(skew.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "3")
  }

  @Test func scriptsCaptureTheValue() throws {
    let r = try aetherctl([
      "-p", try SharedPrometheus.url(), "-c",
      "set lag $(prom query 'sum(kafka:group_lag_sum)'); assert $lag == 339 --message \"lag was $lag\"; echo ok",
    ])
    #expect(r.status == 0, "\(r.stderr)")
    #expect(r.stdout == "ok\n")
  }

  @Test func noSeriesIsAnErrorNamingTheExpressionUnlessTheScriptSaysWhatItMeans() throws {
    let r = try prom(["prom", "query", #"kafka:group_lag_sum{consumergroup="no-such-group"}"#])
    #expect(r.status == 1)
    #expect(r.stderr.contains(#"no series for kafka:group_lag_sum{consumergroup="no-such-group"}"#), "\(r.stderr)")
    let script = try aetherctl([
      "-p", try SharedPrometheus.url(), "-c",
      #"set x $(prom query 'nope_metric' --or unknown); echo x=$x; set y $(prom query nope_metric); echo never"#,
    ])
    #expect(script.status == 1)
    #expect(script.stdout == "x=unknown\n")
    #expect(script.stderr.contains("no series for nope_metric"), "\(script.stderr)")
    let firing = try aetherctl([
      "-p", try SharedPrometheus.url(), "-c", #"if prom query 'nope_metric > 0'; echo firing; else; echo quiet; end"#,
    ])
    #expect(firing.stdout == "quiet\n", "\(firing.stderr)")
  }

  @Test func scaleHintFromPrometheusCallsTheRateWhatItIs() throws {
    // A small capacity and no partition cap: the reason is the rate, which the
    // dashboard's rule measures as consumed, not arriving.
    let hint = try prom([
      "scale-hint", "crm-events-sse", "--from-prometheus", "--capacity", "0.0001", "--partitions", "1000000000",
    ])
    #expect(hint.status == 0, "\(hint.stderr)")
    #expect(hint.stdout.contains(#/reason\s+[0-9.]+/s consumed at /#), "\(hint.stdout)")
    #expect(!hint.stdout.contains("incoming"), "\(hint.stdout)")
  }

  @Test func specialValuesAreShownAsSuch() throws {
    let r = try prom(["prom", "query", "odd_values"])
    #expect(r.status == 0, "\(r.stderr)")
    let rows = r.stdout.split(separator: "\n")
    #expect(rows.contains { $0.contains(#"kind="nan""#) && $0.hasSuffix("NaN") })
    #expect(rows.contains { $0.contains(#"kind="inf""#) && $0.hasSuffix("+Inf") })
    #expect(rows.contains { $0.contains(#"kind="neginf""#) && $0.hasSuffix("-Inf") })
  }

  @Test func jsonIsPrometheusData() throws {
    let r = try prom(["-o", "json", "prom", "query", "kafka:group_lag_sum"])
    #expect(r.status == 0, "\(r.stderr)")
    let object = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
    #expect(object?["resultType"] as? String == "vector")
    let result = object?["result"] as? [[String: Any]]
    let value = result?.first?["value"] as? [Any]
    #expect(value?.last as? String == "339")
  }

  @Test func syntaxErrorShowsPrometheusMessage() throws {
    let r = try prom(["prom", "query", "sum(rate("])
    #expect(r.status == 1)
    #expect(r.stderr.contains("bad_data"), "\(r.stderr)")
    #expect(r.stderr.contains("parse error"), "\(r.stderr)")
    #expect(r.stderr.split(separator: "\n").count == 1)
  }

  @Test func rangeDrawsAChartOrATable() throws {
    let chart = try prom(["prom", "range", "kafka:group_lag_sum", "--since", "30s", "--step", "1s", "--chart"])
    #expect(chart.status == 0, "\(chart.stderr)")
    let lines = chart.stdout.split(separator: "\n", omittingEmptySubsequences: false)
    #expect(lines.contains { $0.contains("└") })
    #expect(lines.contains { $0.contains("339 ┤") })
    #expect(lines.contains { $0.contains("UTC") && $0.contains("step 1s") })
    #expect(lines.contains { $0.hasPrefix("•") && $0.contains("kafka:group_lag_sum") })
    #expect(lines.allSatisfy { $0.count <= 80 })
    let table = try prom(["prom", "range", "kafka:group_lag_sum", "--since", "30s", "--step", "5s", "--table"])
    #expect(table.status == 0)
    #expect(table.stdout.hasPrefix("SERIES"))
    #expect(table.stdout.split(separator: "\n").dropFirst().allSatisfy { $0.hasSuffix("339") })
    let json = try prom(["-o", "json", "prom", "range", "up", "--since", "10s"])
    #expect(json.stdout.contains(#""resultType":"matrix""#))
    // A window in the past: --start and --end, as RFC 3339, epoch ms or before now.
    func points(_ r: Run) throws -> [Double] {
      let data = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any], "\(r.stdout)")
      let first = try #require((data["result"] as? [[String: Any]])?.first, "\(r.stdout)")
      return (first["values"] as? [[Any]] ?? []).compactMap { $0.first as? Double }
    }
    // The shared Prometheus may be younger than the window: asked until it has data there.
    var window = try prom(["-o", "json", "prom", "range", "kafka:group_lag_sum", "--start", "-6s", "--end", "-2s", "--step", "1s"])
    var now = Date().timeIntervalSince1970
    _ = try eventually(by: Date().addingTimeInterval(30), every: 1) {
      window = try prom(["-o", "json", "prom", "range", "kafka:group_lag_sum", "--start", "-6s", "--end", "-2s", "--step", "1s"])
      now = Date().timeIntervalSince1970
      return window.end == .exited(0)
    }
    #expect(window.end == .exited(0), "\(window.stderr)")
    let times = try points(window)
    // At most 5 steps of 1s in 4s (fewer when Prometheus is younger than the window), all in it.
    #expect((1...5).contains(times.count), "\(window.stdout)")
    #expect(times.allSatisfy { $0 >= now - 8 && $0 <= now - 1 }, "a window in the past: \(times) now \(now)")
    let ms = Int64(now * 1000)
    let epoch = try prom(["-o", "json", "prom", "range", "up", "--start", "\(ms - 5_000)", "--end", "\(ms - 2_000)", "--step", "1s"])
    #expect(epoch.end == .exited(0), "\(epoch.stderr)")
    let epochTimes = try points(epoch)
    #expect((1...4).contains(epochTimes.count) && epochTimes.allSatisfy { $0 >= now - 6 && $0 <= now - 1 }, "\(epochTimes)")
    for (args, says) in [
      (["--start", "-10s", "--end", "-30s"], "--start must be before --end"),
      (["--start", "-10s", "--since", "5m"], "give --start or --since, not both"),
      (["--end", "yesterday"], "bad time 'yesterday'"),
    ] {
      let bad = try prom(["prom", "range", "up"] + args)
      #expect(bad.end == .exited(2), "\(args): \(bad.stderr)")
      #expect(bad.stderr.contains(says), "\(args): \(bad.stderr)")
    }
  }

  @Test func alertsShowTheFiringOne() throws {
    let r = try prom(["prom", "alerts", "--state", "firing"])
    #expect(r.status == 0, "\(r.stderr)")
    let row = r.stdout.split(separator: "\n").first { $0.hasPrefix("TestSinkDownNow") }
    #expect(row?.contains("firing") == true, "\(r.stdout)")
    #expect(row?.contains("The sink target is down") == true)
    #expect(row?.contains(#"job="crm-events-sink""#) == true)
    let json = try prom(["-o", "json", "prom", "alerts"])
    #expect(json.stdout.contains(#""name":"TestSinkDownNow","state":"firing""#))
    // Filtered by name and labels, as am alerts is: amtool's matcher syntax.
    for (args, shown) in [
      (["TestSinkDownNow"], true), (["TestSinkDownNow", #"job="crm-events-sink""#], true),
      (["alertname=~Test.*Now", "job!=other"], true), (["TestSinkDownNow", "job=other"], false),
      (["NoSuchAlert"], false),
    ] {
      let f = try prom(["-o", "plain", "prom", "alerts"] + args)
      #expect(f.end == .exited(0), "\(args): \(f.stderr)")
      #expect(f.stdout.contains("TestSinkDownNow firing") == shown, "\(args): \(f.stdout)")
      if !shown { #expect(!f.stdout.contains("TestSinkDownNow"), "\(args): \(f.stdout)") }
    }
    let bad = try prom(["prom", "alerts", "job=~("])
    #expect(bad.end == .exited(2), "\(bad.stderr)")
  }

  @Test func rulesTargetsSeriesLabelsMetrics() throws {
    let rules = try prom(["prom", "rules", "--type", "record"])
    #expect(rules.status == 0, "\(rules.stderr)")
    for name in ["kafka:group_lag_sum", "kafka:group_skew_ratio", "crm_events:consumer_rate_1m", "kafka:group_hottest_partition"] {
      #expect(rules.stdout.split(separator: "\n").contains { $0.contains(name) && $0.contains(" ok ") }, "\(name)")
    }
    #expect(!rules.stdout.contains("CrmEventsSinkDown"))
    let alerting = try prom(["prom", "rules", "--type", "alert"])
    #expect(alerting.stdout.contains("CrmEventsHotKeySkewHigh"))
    #expect(alerting.stdout.contains("12m"))

    let targets = try prom(["prom", "targets"])
    #expect(targets.stdout.split(separator: "\n").contains { $0.hasPrefix("crm-events-sink") && $0.contains("down") && $0.contains("connection ref") }, "\(targets.stdout)")
    #expect(targets.stdout.split(separator: "\n").contains { $0.hasPrefix("crm-events ") && $0.contains(" up ") })
    let down = try prom(["-o", "plain", "prom", "targets", "--health", "down"])
    #expect(down.stdout.split(separator: "\n").count == 1)

    let series = try prom(["prom", "series", #"kafka_consumergroup_lag{partition="2"}"#])
    #expect(series.stdout.contains(#"kafka_consumergroup_lag{consumergroup="crm-events-sse","#))
    #expect(series.stdout.split(separator: "\n").count == 2)

    let labels = try prom(["-o", "plain", "prom", "labels"])
    #expect(labels.stdout.split(separator: "\n").contains("consumergroup"))
    let values = try prom(["-o", "plain", "prom", "labels", "partition"])
    #expect(values.stdout == "0\n1\n2\n")
    let metrics = try prom(["-o", "plain", "prom", "metrics", "kafka:"])
    #expect(metrics.stdout.split(separator: "\n").contains("kafka:group_lag_sum"))
    #expect(metrics.stdout.split(separator: "\n").allSatisfy { $0.hasPrefix("kafka:") })
  }

  /// The shell's math over the rules' inputs equals the dashboard's own rule.
  @Test func etaFromPrometheusAgreesWithTheDashboard() throws {
    let r = try prom(["-o", "json", "eta", "crm-events-sse", "--from-prometheus"])
    #expect(r.status == 0, "\(r.stderr)")
    let o = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
    #expect((o?["lag"] as? NSNumber)?.intValue == 339)
    let mine = (o?["etaSeconds"] as? NSNumber)?.doubleValue ?? -1
    let dashboard = (o?["dashboardEtaSeconds"] as? NSNumber)?.doubleValue ?? -2
    #expect(abs(mine - dashboard) <= max(1, dashboard * 0.05), "\(mine) vs \(dashboard)")
    let hint = try prom(["-o", "json", "scale-hint", "crm-events-sse", "--from-prometheus"])
    #expect(hint.status == 0, "\(hint.stderr)")
    #expect(hint.stdout.contains(#""max":3"#), "\(hint.stdout)")
    let renamed = try prom(["eta", "crm-events-sse", "--from-prometheus", "--lag-rule", "no:such_rule"])
    #expect(renamed.status == 1)
    #expect(
      renamed.stderr.contains(
        #"no series for no:such_rule{consumergroup="crm-events-sse"} (the rule has no series at all"#),
      "\(renamed.stderr)")
    // A group the rule has no series for is named, and the groups it has are listed.
    let typo = try prom(["eta", "crm-events-ss", "--from-prometheus"])
    #expect(typo.status == 1)
    #expect(
      typo.stderr.contains(
        #"no series for kafka:group_lag_sum{consumergroup="crm-events-ss"} (it has series for consumergroup crm-events-sse)"#),
      "\(typo.stderr)")
  }

  /// Issue 29: a rule answering NaN or ±Inf is named as the fault, never
  /// converted by a trap nor divided by (odd_values sums to NaN, peaks at +Inf).
  @Test func nonFiniteRuleValuesAreNamedNotTrapped() throws {
    let eta = try prom(["eta", "crm-events-sse", "--from-prometheus", "--rate-rule", "odd_values"])
    #expect(eta.status == 1, "\(eta.stderr)")
    #expect(eta.stderr.contains("odd_values is NaN"), "\(eta.stderr)")
    let hint = try prom(["scale-hint", "crm-events-sse", "--from-prometheus", "--capacity-rule", "odd_values"])
    #expect(hint.status == 1, "\(hint.stderr)")
    #expect(hint.stderr.contains("odd_values is"), "\(hint.stderr)")
  }

  /// Issue 29: a range, or a range selector, matching nothing is exit 1 as
  /// an instant query is; `--or` says what it means instead.
  @Test func rangesMatchingNothingAreNotAValue() throws {
    let range = try prom(["prom", "range", "no_such_metric_here", "--since", "5m"])
    #expect(range.status == 1, "\(range.stderr)")
    #expect(range.stderr.contains("no series for no_such_metric_here in the last 5m"), "\(range.stderr)")
    let or = try prom(["-o", "plain", "prom", "range", "no_such_metric_here", "--since", "5m", "--or", "none"])
    #expect(or.status == 0, "\(or.stderr)")
    #expect(or.stdout == "none\n")
    let selector = try prom(["prom", "query", "no_such_metric_here[5m]"])
    #expect(selector.status == 1, "\(selector.stderr)")
    #expect(selector.stderr.contains("no series for no_such_metric_here[5m]"), "\(selector.stderr)")
  }

  @Test func unreachableAndSlowPrometheusAreExitThree() throws {
    let closed = try SilentSocket(listening: false)
    // Held to the end of the test: ARC may free it after its last use, and another test could take the port.
    defer { withExtendedLifetime(closed) {} }
    let refused = try aetherctl(["-p", "http://127.0.0.1:\(closed.port)", "prom", "query", "up"])
    #expect(refused.status == 3)
    #expect(refused.stderr.contains("127.0.0.1:\(closed.port)"))
    #expect(refused.stderr.contains("cannot connect"))
    let silent = try SilentSocket(listening: true)
    // Held to the end of the test: ARC may free it after its last use, and another test could take the port.
    defer { withExtendedLifetime(silent) {} }
    let started = Date()
    let slow = try aetherctl(["--timeout", "1", "-p", "http://127.0.0.1:\(silent.port)", "prom", "alerts"])
    #expect(slow.status == 3)
    #expect(slow.stderr.contains("timed out"))
    #expect(Date().timeIntervalSince(started) < 5)
  }
}
