import Capacity
import Foundation
import Prometheus
import Testing
import Vocabulary

@testable import Commands
@testable import Output

/// The dashboard's frame without a terminal: widths, colours, and what is
/// said when a source has not answered.
struct DashboardViewTests {
  static func snapshot(lags: [Int64?], at: Double) -> GroupSnapshot {
    let offsets = lags.enumerated().map { i, lag in
      PartitionOffsets(
        topic: "aetherlink.events", partition: Int32(i), logStart: 0, logEnd: 1000, committed: lag.map { 1000 - $0 })
    }
    return GroupSnapshot(
      group: "crm-events-sse", state: "unknown", members: nil,
      membersNote: "members: the broker cannot describe groups (DescribeGroups unsupported); lag shown without owners",
      offsets: offsets, lag: evaluateLag(offsets), takenAt: at)
  }

  static func frame(prometheus: PrometheusPanel = PrometheusPanel(), kafka: KafkaPanel? = nil, help: Bool = false)
    -> DashboardFrame
  {
    var k = KafkaPanel(group: "crm-events-sse")
    if let kafka { k = kafka } else {
      k.add(snapshot(lags: [100, 250, 0], at: 0), capacity: 5, thresholds: Thresholds())
      k.add(snapshot(lags: [100, 260, 0], at: 5), capacity: 5, thresholds: Thresholds())
    }
    return DashboardFrame(
      kafka: k, prometheus: prometheus, alertmanager: AlertmanagerPanel(), every: 5, timeout: 5, clock: "12:00:00",
      now: 6, help: help, thresholds: Thresholds(), runbooks: ["CrmEventsConsumerLagHigh"])
  }

  @Test(arguments: [40, 80, 120, 200]) func everyLineFitsTheWidth(_ width: Int) {
    for color in [false, true] {
      let lines = DashboardView.lines(Self.frame(), width: width, height: 40, color: color)
      let visible = lines.map { $0.replacingOccurrences(of: #"\u{1B}\[[0-9;]*m"#, with: "", options: .regularExpression) }
      #expect(visible.allSatisfy { $0.count <= width }, "\(visible)")
    }
  }

  @Test func lagPanelShowsTheNumbersAndTheirColours() {
    let plain = DashboardView.lines(Self.frame(), width: 160, height: 40, color: false).joined(separator: "\n")
    #expect(plain.contains(" total lag 360 "))
    #expect(plain.contains("lag      260"))
    // Both looks are kept: the verdict is judged over them, as status judges a window.
    #expect(plain.contains("verdict "))
    let coloured = DashboardView.lines(Self.frame(), width: 160, height: 40, color: true).joined(separator: "\n")
    // 360 is under the 500 of CrmEventsConsumerLagHigh: green, not red.
    #expect(coloured.contains("\u{1B}[32m360\u{1B}[0m"))
  }

  @Test func aSourceThatHasNotAnsweredIsUnknownNotEmpty() {
    let lines = DashboardView.lines(Self.frame(), width: 160, height: 40, color: false).joined(separator: "\n")
    #expect(lines.contains("unknown until Prometheus answers"))
    #expect(!lines.contains("none firing or pending"))
    #expect(lines.contains("Prometheus: waiting for the first answer"))
    var failed = PrometheusPanel()
    failed.error = "POST http://127.0.0.1:9/api/v1/query: cannot connect"
    let down = DashboardView.lines(Self.frame(prometheus: failed), width: 160, height: 40, color: false)
      .joined(separator: "\n")
    #expect(down.contains("⚠ Prometheus: POST http://127.0.0.1:9/api/v1/query: cannot connect"))
    let waiting = DashboardView.lines(Self.frame(kafka: KafkaPanel(group: "g")), width: 160, height: 40, color: false)
    #expect(waiting.contains(" Kafka: waiting for the first answer…"))
  }

  @Test func alertsWithSeverityAndRunbook() {
    var p = PrometheusPanel()
    p.alerts = [
      PromAlert(labels: ["alertname": "Other", "severity": "info"], state: "pending", activeAtSeconds: 10),
      PromAlert(
        labels: ["alertname": "CrmEventsConsumerLagHigh", "severity": "warning", "consumergroup": "crm-events-sse"],
        state: "firing", activeAtSeconds: 20),
    ]
    p.updatedAt = 6
    let lines = DashboardView.lines(Self.frame(prometheus: p), width: 160, height: 40, color: false)
    let rows = lines.filter { $0.contains("CrmEventsConsumerLagHigh") || $0.contains("Other ") }
    // Firing first, and selected.
    #expect(rows.first?.hasPrefix(" > CrmEventsConsumerLagHigh") == true, "\(rows)")
    #expect(rows.first?.contains("firing  warning") == true)
    #expect(rows.first?.contains("→ runbook CrmEventsConsumerLagHigh") == true)
    #expect(rows.last?.contains("(no runbook)") == true)
    // Alertmanager not heard from: the silence is unknown, marked so.
    #expect(rows.allSatisfy { $0.contains("silenced?") })
  }

  /// A server's alert name or label value cannot drive the terminal from
  /// the full screen either: its control characters are shown.
  @Test func controlCharactersFromServersAreShown() {
    var p = PrometheusPanel()
    p.alerts = [
      PromAlert(
        labels: ["alertname": "Evil\u{1B}]52;c;eA==\u{07}", "severity": "crit\u{1B}[2J"], state: "firing",
        activeAtSeconds: 10)
    ]
    p.updatedAt = 6
    let lines = DashboardView.lines(Self.frame(prometheus: p), width: 160, height: 40, color: true)
    let screen = lines.joined(separator: "\n")
    #expect(!screen.contains("\u{1B}]52") && !screen.contains("\u{1B}[2J"), "\(screen.debugDescription)")
    #expect(screen.contains("Evil\\x1B]52;c;eA==\\x07"))
    #expect(screen.contains("crit\\x1B[2J"))
  }

  @Test func manyPartitionsShowTheMostLaggingAndSaySoForTheRest() {
    var k = KafkaPanel(group: "wide")
    k.add(Self.snapshot(lags: (0..<100).map { Int64($0) }, at: 0), capacity: nil, thresholds: Thresholds())
    let lines = DashboardView.lines(Self.frame(kafka: k), width: 160, height: 30, color: false)
    #expect(lines.count <= 30)
    #expect(lines.contains { $0.hasPrefix(" p99 ") })
    #expect(!lines.contains { $0.hasPrefix(" p0 ") })
    #expect(lines.contains { $0.contains("more partitions (lag wide for all)") })
  }

  @Test func sparklineScalesToTheLargest() {
    #expect(DashboardView.sparkline([0, 50, 100], width: 10) == "▁▅█")
    #expect(DashboardView.sparkline([0, 0], width: 10) == "▁▁")
    #expect(DashboardView.sparkline(Array(repeating: 5, count: 50), width: 4).count == 4)
  }

  @Test func helpListsTheKeys() {
    let lines = DashboardView.lines(Self.frame(help: true), width: 120, height: 40, color: false).joined(separator: "\n")
    for key in [" q, Esc ", " g ", " p ", " r ", " ? "] { #expect(lines.contains(key), "\(key)") }
  }
}
