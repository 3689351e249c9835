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
    server = try ChildProcess([
      Self.binary.path, "sandbox", "serve", "--control", "--partitions", String(partitions), "--brokers", String(brokers),
    ])
    guard let line = server.readLine(timeout: 10), line.contains(":") else {
      throw FixtureError("sandbox serve printed no address: \(server.stderrText)")
    }
    bootstrap = line
  }

  deinit { server.stop(grace: 0.5) }

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

  /// Runs aetherctl against this cluster. `after` runs `action` that many
  /// seconds into the run (SIGINT to it, a broker going down, …).
  func run(
    _ args: [String], timeout: String = "5s", after: Double? = nil, action: ((pid_t) -> Void)? = nil,
    deadline: Double = 60
  ) throws -> (status: Int32, stdout: String, stderr: String, seconds: Double) {
    let r = try runToCompletion(
      Self.binary.path, ["-b", bootstrap, "--timeout", timeout] + args, deadline: deadline, after: after, action: action)
    if r.timedOut { Issue.record("aetherctl \(args) did not stop within \(deadline)s") }
    return (r.status, r.stdout, r.stderr, r.seconds)
  }

  /// The old spelling used by the interrupt tests.
  func run(_ args: [String], interruptAfter: Double?) throws -> (status: Int32, stdout: String, stderr: String) {
    let r = try run(args, after: interruptAfter, action: { Glibc.kill($0, SIGINT) })
    return (r.status, r.stdout, r.stderr)
  }

  /// Every value in the topic, read back from the beginning.
  func values(_ topic: String = "aetherlink.events") throws -> [String] {
    let r = try run(["-o", "plain", "tail", topic, "--no-follow"])
    #expect(r.status == 0, "\(r.stderr)")
    return r.stdout.split(separator: "\n").map(String.init)
  }
}
