import Clients
import Foundation
import Testing
import TestSupport

/// `aetherctl sandbox serve --control` as its own process, so the aetherctl
/// under test shares a cluster with the test and the cluster can fail under it:
/// brokers taken down (the log survives) or the whole process killed.
final class ServedSandbox {
  let server: ChildProcess
  let bootstrap: String

  init(partitions: Int = 3, brokers: Int = 3) throws {
    server = try ChildProcess(
      [
        Self.binary.path, "sandbox", "serve", "--control", "--partitions", String(partitions), "--brokers",
        String(brokers),
      ], environment: Self.environment)
    guard let line = server.readLine(timeout: 10), line.contains(":") else {
      throw FixtureError("sandbox serve printed no address: \(server.stderrText)")
    }
    bootstrap = line
  }

  deinit { server.stop(grace: 0.5) }

  /// What every process started here gets: no config, state or cache of the
  /// machine's, and no AETHER_* of the caller's.
  static let environment = [
    "PATH": "/usr/bin:/bin", "HOME": "/nonexistent", "XDG_CONFIG_HOME": "/nonexistent", "XDG_STATE_HOME": "/nonexistent",
    "XDG_CACHE_HOME": "/nonexistent",
  ]

  static var binary: URL {
    URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
      .appendingPathComponent("aetherctl")
  }

  /// `down all`, `up 2`, …; returns once the server has applied it.
  func control(_ command: String) {
    server.writeLine(command)
    let answer = server.readLine(timeout: 5)
    #expect(answer == "ok \(command)", "sandbox control '\(command)': \(answer ?? "no answer")")
  }

  func killServer() { server.terminate(signal: SIGKILL) }

  /// Runs aetherctl against this cluster. When `trigger` fires, `action`
  /// runs (SIGINT to it, a broker going down, …); `firedAt` says when.
  func run(
    _ args: [String], timeout: String = "5s", when trigger: Trigger? = nil, action: ((pid_t) -> Void)? = nil,
    deadline: Double = 60
  ) throws -> (status: Int32, stdout: String, stderr: String, seconds: Double, firedAt: Double) {
    let r = try runToCompletion(
      Self.binary.path, ["-b", bootstrap, "--timeout", timeout] + args,
      environment: Self.environment,
      deadline: deadline, when: trigger, action: action)
    if r.timedOut { Issue.record("aetherctl \(args) did not stop within \(deadline)s; stderr: \(r.stderr.prefix(300))") }
    if r.triggerMissed { Issue.record("aetherctl \(args) ended before its trigger: \(r.stdout.prefix(300))") }
    if case .signalled = r.end { Issue.record("aetherctl \(args): \(r.end)") }
    return (r.status, r.stdout, r.stderr, r.seconds, r.triggeredAt ?? 0)
  }

  /// Ctrl-C when `trigger` fires.
  func run(_ args: [String], interruptWhen trigger: Trigger) throws -> (status: Int32, stdout: String, stderr: String) {
    let r = try run(args, when: trigger, action: { Glibc.kill($0, SIGINT) })
    return (r.status, r.stdout, r.stderr)
  }

  /// A client of the test's own, for markers read from the log itself.
  private lazy var client: KafkaClient? = try? KafkaClient(
    properties: [(key: "bootstrap.servers", value: bootstrap)], deadlines: Deadlines(seconds: 2))

  /// Messages in the topic's log now (sum of log ends), or 0 when unreadable.
  func messageCount(_ topic: String = "aetherlink.events") -> Int64 {
    guard let client, let partitions = try? client.partitions(of: topic),
      let marks = try? client.watermarks(partitions)
    else { return 0 }
    return marks.values.reduce(0) { $0 + $1.high }
  }

  /// A trigger: at least `n` messages have reached the log.
  func logHolds(_ n: Int64, _ topic: String = "aetherlink.events") -> Trigger {
    .condition { [unowned self] in self.messageCount(topic) >= n }
  }

  /// Every value in the topic, read back from the beginning.
  func values(_ topic: String = "aetherlink.events") throws -> [String] {
    let r = try run(["-o", "plain", "tail", topic, "--no-follow"])
    #expect(r.status == 0, "\(r.stderr)")
    return r.stdout.split(separator: "\n").map(String.init)
  }
}
