import Foundation
import Testing
import TestSupport

@Suite(.serialized) struct InterruptTests {
  @Test func interruptedProduceReportsExactlyWhatIsInTheLog() throws {
    let sandbox = try ServedSandbox()
    let r = try sandbox.run(
      ["-o", "json", "produce", "aetherlink.events", "{{seq}}", "--count", "1000000", "--rate", "2000"],
      interruptWhen: sandbox.logHolds(200))
    #expect(r.status == 130, "\(r.stderr)")
    let summary = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
    let delivered = try #require(summary["delivered"] as? Int)
    #expect(delivered > 0)
    #expect(summary["failed"] as? Int == 0)
    #expect(summary["unknown"] as? Int == 0)
    #expect(r.stderr.contains("interrupted: \(delivered) delivered, 0 failed, 0 unknown"))
    // The log holds exactly the delivered ones, each seq once.
    let back = try sandbox.run(["-o", "plain", "tail", "aetherlink.events", "--no-follow"])
    let seqs = back.stdout.split(separator: "\n").compactMap { Int($0) }
    #expect(seqs.count == delivered)
    #expect(Set(seqs) == Set(1...delivered))
  }

  /// Issue 29: SIGTERM and SIGHUP (timeout, CI cancellation, systemd, a
  /// closed terminal) stop produce as Ctrl-C does, with its exact summary;
  /// the process then ends by the signal.
  @Test(arguments: [SIGTERM, SIGHUP])
  func terminatedProduceStillSaysWhatItDelivered(signal: Int32) throws {
    let sandbox = try ServedSandbox()
    let r = try runToCompletion(
      ServedSandbox.binary.path,
      ["-b", sandbox.bootstrap, "-o", "json", "produce", "aetherlink.events", "{{seq}}", "--count", "1000000", "--rate", "2000"],
      environment: ServedSandbox.environment, deadline: 60, when: sandbox.logHolds(200), action: { Glibc.kill($0, signal) })
    #expect(r.end == .signalled(signal), "\(r.end) \(r.stderr)")
    let summary = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any], "\(r.stdout)")
    let delivered = try #require(summary["delivered"] as? Int)
    #expect(delivered > 0)
    let back = try sandbox.run(["-o", "plain", "tail", "aetherlink.events", "--no-follow"])
    #expect(back.stdout.split(separator: "\n").count == delivered)
  }

  @Test func lagWatchPrintsSnapshotsUntilInterrupted() throws {
    let sandbox = try ServedSandbox()
    // A group that never committed has no lag to watch (exit 1): commit first.
    _ = try sandbox.run(["produce", "aetherlink.events", "m{{seq}}", "--count", "5"])
    _ = try sandbox.run(["tail", "aetherlink.events", "--group", "crm-events-sse", "--no-follow", "--format", ""])
    // The third snapshot is the marker: Ctrl-C then ends the watch, and only it.
    let r = try sandbox.run(["lag", "crm-events-sse", "--watch", "200ms"], interruptWhen: .outputCount("total lag", 3))
    #expect(r.status == 130, "\(r.stderr)")
    let snapshots = r.stdout.components(separatedBy: "total lag").count - 1
    #expect(snapshots >= 3, "\(r.stdout)")
  }

  /// A watch of a command that took the profile's group says so once, not
  /// at every run (`watch` and `--watch` alike).
  @Test(arguments: [["watch", "200ms", "lag", "--total"], ["lag", "--total", "--watch", "200ms"]])
  func aWatchSaysItsDefaultedGroupOnce(command: [String]) throws {
    let sandbox = try ServedSandbox()
    _ = try sandbox.run(["produce", "aetherlink.events", "m{{seq}}", "--count", "5"])
    _ = try sandbox.run(["tail", "aetherlink.events", "--group", "crm-events-sse", "--no-follow", "--format", ""])
    let r = try sandbox.run(["-o", "plain"] + command, interruptWhen: .outputCount("0\n", 3))
    #expect(r.status == 130, "\(r.stderr)")
    #expect(r.stdout.components(separatedBy: "0\n").count - 1 >= 3, "\(r.stdout)")
    #expect(r.stderr.components(separatedBy: "lag: group crm-events-sse (").count - 1 == 1, "\(r.stderr)")
  }

  @Test func followingTailStopsOnCtrlC() throws {
    let sandbox = try ServedSandbox()
    _ = try sandbox.run(["produce", "aetherlink.events", "m{{seq}}", "--count", "5"])
    let r = try sandbox.run(["-o", "plain", "tail", "aetherlink.events", "--follow"], interruptWhen: .output("m5\n"))
    #expect(r.status == 130)
    #expect(r.stdout.split(separator: "\n").count == 5)
  }
}
