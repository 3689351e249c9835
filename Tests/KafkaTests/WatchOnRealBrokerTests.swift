import Foundation
import Testing
import TestSupport

/// Issue 29: a watch is a monitor. Through a broker stall (SIGSTOP) it shows
/// the failed refresh, keeps going, and shows values again once the broker
/// answers; `--fail-fast` ends at the first failure instead.
extension RealBrokerTests {
  static func watching(_ broker: RealBroker, _ args: [String]) throws -> ChildProcess {
    try ChildProcess(
      [ServedSandbox.binary.path, "-b", broker.bootstrap, "--timeout", "1s", "-o", "plain"] + args,
      environment: ServedSandbox.environment)
  }

  @Test func aWatchRidesOutABrokerStall() throws {
    let broker = try Self.seeded()
    #expect(try Self.aether(broker, ["group", "seek", "w", "--topic", Self.topic, "--to", "3", "--execute"]).end == .exited(0))
    let watch = try Self.watching(broker, ["lag", "w", "--total", "--watch", "300ms"])
    defer { watch.stop(grace: 1) }
    #expect(watch.readLine(timeout: 20) == "21", "first refresh: \(watch.stderrText)")
    try broker.freeze()
    let failed = eventually(by: Date().addingTimeInterval(20), every: 0.05) { watch.stderrText.contains("refresh failed at") }
    broker.thaw()
    #expect(failed, "no failed refresh shown: \(watch.stderrText)")
    #expect(watch.stderrText.contains("the last good values are from"), "\(watch.stderrText)")
    // Values again once the broker answers: the watch did not end.
    var again = false
    let deadline = Date().addingTimeInterval(20)
    while Date() < deadline, let line = watch.readLine(timeout: 5) {
      if line == "21" {
        again = true
        break
      }
    }
    #expect(again, "no refresh after the stall: \(watch.stderrText)")
    // Ctrl-C still ends it, with the interrupted status.
    _ = Glibc.kill(watch.pid, SIGINT)
    #expect(watch.waitForExit(timeout: 10) == .exited(130), "\(watch.stderrText.suffix(600))")
  }

  @Test func failFastEndsAtTheFirstFailedRefresh() throws {
    let broker = try Self.seeded()
    #expect(try Self.aether(broker, ["group", "seek", "w", "--topic", Self.topic, "--to", "3", "--execute"]).end == .exited(0))
    let watch = try Self.watching(broker, ["lag", "w", "--total", "--watch", "300ms", "--fail-fast"])
    defer { watch.stop(grace: 1) }
    #expect(watch.readLine(timeout: 20) == "21", "first refresh: \(watch.stderrText)")
    try broker.freeze()
    defer { broker.thaw() }
    #expect(watch.waitForExit(timeout: 20) == .exited(3), "\(watch.stderrText)")
  }

  /// Issue 29: a broker frozen mid-produce. Requests already on the wire when
  /// the message timeout fires may be in the log: they are unknown, never
  /// failed, so delivered ≤ log ≤ delivered + unknown always holds.
  @Test func aFrozenBrokerMidProduceNeverUndercountsTheLog() throws {
    let broker = try RealBroker(topics: [("burst", 1)])
    let r = try runToCompletion(
      ServedSandbox.binary.path,
      // Paced, produce waits out an outage up to message.timeout.ms: bounded here to see it give up.
      ["-b", broker.bootstrap, "--timeout", "1s", "-X", "message.timeout.ms=3000", "-o", "json", "produce", "burst",
       "{{seq}}", "--count", "1000000", "--rate", "20000"],
      environment: ServedSandbox.environment, deadline: 60,
      when: .condition { (broker.logEnd("burst") ?? 0) >= 2000 }, action: { _ in try? broker.freeze() })
    broker.thaw()
    // The broker stopped answering: unreachable (3), or failed deliveries (1); never a crash.
    #expect(r.end == .exited(3) || r.end == .exited(1), "\(r.end) \(r.stderr.suffix(400))")
    let summary = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any], "\(r.stdout)")
    let delivered = try #require(summary["delivered"] as? Int)
    let unknown = try #require(summary["unknown"] as? Int)
    let log = try #require(broker.logEnd("burst"))
    #expect(delivered <= Int(log) && Int(log) <= delivered + unknown, "delivered \(delivered), unknown \(unknown), log \(log): \(summary)")
  }
}
