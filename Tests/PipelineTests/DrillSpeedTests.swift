import Foundation
import Testing

@testable import Pipeline

@Suite struct DrillSpeedTests {
  @Test(arguments: [
    ("        for: 5m", 10.0, "        for: 30s"),
    ("        for: 2m", 60.0, "        for: 2s"),
    ("        for: 12m", 1000.0, "        for: 1s"),  // never under one second
    ("  for: 1h30m", 90.0, "  for: 60s"),
    ("        for: 15m", 1.5, "        for: 600s"),
    ("        expr: x > 500", 10.0, "        expr: x > 500"),
    ("        # for: 5m is the window", 10.0, "        # for: 5m is the window"),
    ("        for: soon", 10.0, "        for: soon"),
  ])
  func forLinesAreDivided(line: String, factor: Double, expected: String) {
    #expect(DrillSpeed(factor).rewriteFor(line) == expected)
  }

  @Test func speedOneIsTheShippedFileByteForByte() {
    #expect(DrillSpeed(1).rules(PipelineSandbox.shippedRules) == PipelineSandbox.shippedRules)
  }

  @Test func theCompiledRulesAreTheDeployedFile() throws {
    let deployed = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().appendingPathComponent("deploy/prometheus/aetherlink-rules.yml")
    #expect(try String(contentsOf: deployed, encoding: .utf8) == PipelineSandbox.shippedRules)
  }

  @Test func aFastCopyChangesOnlyTheWindows() {
    let shipped = PipelineSandbox.shippedRules
    let fast = DrillSpeed(30).rules(shipped)
    let shippedLines = shipped.split(separator: "\n", omittingEmptySubsequences: false)
    let fastLines = fast.split(separator: "\n", omittingEmptySubsequences: false).dropFirst(2)
    #expect(shippedLines.count == fastLines.count)
    var changed: [String] = []
    for (a, b) in zip(shippedLines, fastLines) where a != b {
      changed.append("\(a.trimmingCharacters(in: .whitespaces)) -> \(b.trimmingCharacters(in: .whitespaces))")
    }
    #expect(
      changed == [
        "for: 5m -> for: 10s", "for: 5m -> for: 10s", "for: 12m -> for: 24s", "for: 7m -> for: 14s",
        "for: 2m -> for: 4s", "for: 2m -> for: 4s", "for: 10m -> for: 20s", "for: 15m -> for: 30s",
        "for: 5m -> for: 10s", "for: 10m -> for: 20s",
      ])
  }

  @Test(arguments: [(1.0, 15), (3.0, 5), (15.0, 1), (100.0, 1), (2.0, 8)])
  func intervalsShrinkToOneSecondAtMost(factor: Double, interval: Int) {
    #expect(DrillSpeed(factor).interval == interval)
  }

  @Test func prometheusConfigHasThePipelinesJobsAndAlertmanager() {
    let text = MonitoringConfig.prometheus(
      jobs: [.init("crm-events", "127.0.0.1:1"), .init("kafka-exporter", "127.0.0.1:2")], rulesFile: "/r/rules.yml",
      alertmanager: "127.0.0.1:3", speed: DrillSpeed(5))
    #expect(text.contains("scrape_interval: 3s"))
    #expect(text.contains("evaluation_interval: 3s"))
    #expect(text.contains("- job_name: \"crm-events\"\n    static_configs:\n      - targets: [\"127.0.0.1:1\"]"))
    #expect(text.contains("- job_name: \"kafka-exporter\""))
    #expect(text.contains("- \"/r/rules.yml\""))
    #expect(text.contains("- targets: [\"127.0.0.1:3\"]"))
    #expect(MonitoringConfig.alertmanager(speed: DrillSpeed(10)).contains("group_wait: 3s"))
  }
}
