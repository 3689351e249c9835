import Foundation
import Testing
import TestSupport

/// Runs the built `aetherctl` as a user would, with a hard deadline so that a
/// hang fails the test instead of stalling the suite.
struct Run {
  var end: Termination
  var stdout: String
  var stderr: String
  /// The exit status; a signal reads as 128 + N and is recorded as an issue.
  var status: Int32 { end.shellStatus }
}

enum Binary {
  /// The test bundle and the executable are built into the same directory.
  static let url: URL = {
    if let explicit = ProcessInfo.processInfo.environment["AETHERCTL_BIN"] {
      return URL(fileURLWithPath: explicit)
    }
    let exe = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
    return exe.deletingLastPathComponent().appendingPathComponent("aetherctl")
  }()

  static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()
}

/// The environment every run gets: its own XDG directories, and every
/// setting aetherctl reads from the environment pinned, so the machine's
/// (a developer's AETHER_BROKERS, a broker on localhost:9092) never leaks in.
/// The defaults point at a port nothing listens on.
func hermeticEnvironment(home: URL) -> [String: String] {
  var environment = ProcessInfo.processInfo.environment.filter { key, _ in
    !key.hasPrefix("AETHER_") && !key.hasPrefix("XDG_") && key != "NO_COLOR" && key != "http_proxy"
      && key != "https_proxy" && key != "HTTP_PROXY" && key != "HTTPS_PROXY"
  }
  environment["HOME"] = home.path
  environment["XDG_CONFIG_HOME"] = home.appendingPathComponent("config").path
  environment["XDG_STATE_HOME"] = home.appendingPathComponent("state").path
  environment["XDG_CACHE_HOME"] = home.appendingPathComponent("cache").path
  environment["AETHER_BROKERS"] = "127.0.0.1:9"
  environment["AETHER_PROMETHEUS_URL"] = "http://127.0.0.1:9"
  environment["AETHER_ALERTMANAGER_URL"] = "http://127.0.0.1:9"
  return environment
}

/// Runs the built `aetherctl` as a user would, with a hard deadline so that a
/// hang fails the test instead of stalling the suite, and a crash is never a
/// pass: a run that ends on a signal is recorded unless `signal` expects it.
func aetherctl(
  _ args: [String], stdin: String? = nil, env: [String: String] = [:], cwd: URL? = nil, deadline: Double = 30,
  interruptWhen trigger: Trigger? = nil, signal expected: Int32? = nil
) throws -> Run {
  let dir = FileManager.default.temporaryDirectory.appendingPathComponent("aetherctl-e2e-\(UUID().uuidString)")
  try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
  defer { try? FileManager.default.removeItem(at: dir) }
  let environment = hermeticEnvironment(home: dir).merging(env) { _, given in given }
  return try runProgram(
    Binary.url.path, args, stdin: stdin, environment: environment, cwd: cwd, deadline: deadline,
    interruptWhen: trigger, signal: expected)
}

/// Runs a program with exactly `environment` (or ours plus `env`), a hard
/// deadline, and SIGINT when `trigger` fires.
func runProgram(
  _ path: String, _ args: [String], stdin: String? = nil, env: [String: String] = [:],
  environment: [String: String]? = nil, cwd: URL? = nil, deadline: Double = 30, interruptWhen trigger: Trigger? = nil,
  signal expected: Int32? = nil
) throws -> Run {
  var merged = environment ?? ProcessInfo.processInfo.environment
  if environment == nil { for (k, v) in env { merged[k] = v } }
  let r = try runToCompletion(
    path, args, stdin: stdin, environment: merged, cwd: cwd, deadline: deadline, when: trigger,
    action: { kill($0, SIGINT) })
  return judged(r, path, args, deadline: deadline, signal: expected)
}

/// What every run is checked for, on the test's own task (where an issue is
/// the test's): the deadline, the trigger, a signal nobody sent.
private func judged(_ r: ProgramRun, _ path: String, _ args: [String], deadline: Double, signal expected: Int32?) -> Run {
  if r.timedOut { Issue.record("\(path) \(args) did not finish within \(deadline)s; stderr: \(r.stderr.prefix(500))") }
  if r.triggerMissed { Issue.record("\(args): the run ended before its trigger; stdout: \(r.stdout.prefix(300))") }
  if case .signalled(let s) = r.end, s != expected {
    Issue.record("\(args): \(r.end); stderr: \(r.stderr.prefix(500))")
  }
  return Run(end: r.end, stdout: r.stdout, stderr: r.stderr)
}

/// `aetherctl` as `aetherctl(_:)` runs it, waited for on a thread of its own
/// while the test is suspended: a run of a minute (a drill on the pipeline
/// sandbox) must not hold one of the few threads that every other test's
/// time limit is waiting on.
func aetherctlOffThePool(_ args: [String], env: [String: String] = [:], deadline: Double) async throws -> Run {
  let dir = FileManager.default.temporaryDirectory.appendingPathComponent("aetherctl-e2e-\(UUID().uuidString)")
  try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
  defer { try? FileManager.default.removeItem(at: dir) }
  let environment = hermeticEnvironment(home: dir).merging(env) { _, given in given }
  let path = Binary.url.path
  let box = try await withCheckedThrowingContinuation { (c: CheckedContinuation<RunBox, any Error>) in
    Thread {
      c.resume(with: Result { RunBox(try runToCompletion(path, args, environment: environment, deadline: deadline)) })
    }.start()
  }
  return judged(box.run, path, args, deadline: deadline, signal: nil)
}

/// A finished run handed from the waiting thread to the test's task; nothing changes it after.
private final class RunBox: @unchecked Sendable {
  let run: ProgramRun
  init(_ run: ProgramRun) { self.run = run }
}

/// A scratch directory with the given files, removed by the caller's defer.
func scratch(_ files: [String: String]) throws -> URL {
  let dir = FileManager.default.temporaryDirectory.appendingPathComponent("aetherctl-files-\(UUID().uuidString)")
  for (name, text) in files {
    let url = dir.appendingPathComponent(name)
    try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
    try Data(text.utf8).write(to: url)
  }
  return dir
}
