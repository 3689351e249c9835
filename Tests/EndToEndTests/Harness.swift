import Foundation
import Testing
import TestSupport

/// Runs the built `aetherctl` as a user would, with a hard deadline so that a
/// hang fails the test instead of stalling the suite.
struct Run {
  var status: Int32
  var stdout: String
  var stderr: String
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

func aetherctl(
  _ args: [String], stdin: String? = nil, env: [String: String] = [:], cwd: URL? = nil, deadline: Double = 30,
  interruptAfter: Double? = nil
) throws -> Run {
  let dir = FileManager.default.temporaryDirectory.appendingPathComponent("aetherctl-e2e-\(UUID().uuidString)")
  try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
  defer { try? FileManager.default.removeItem(at: dir) }
  var environment = ProcessInfo.processInfo.environment
  environment["XDG_CONFIG_HOME"] = dir.appendingPathComponent("config").path
  environment["XDG_STATE_HOME"] = dir.appendingPathComponent("state").path
  environment["XDG_CACHE_HOME"] = dir.appendingPathComponent("cache").path
  environment.removeValue(forKey: "AETHER_BROKERS")
  environment.removeValue(forKey: "AETHER_PROFILE")
  environment.removeValue(forKey: "NO_COLOR")
  for (k, v) in env { environment[k] = v }
  return try runProgram(
    Binary.url.path, args, stdin: stdin, environment: environment, cwd: cwd, deadline: deadline,
    interruptAfter: interruptAfter)
}

/// Runs a program with exactly `environment` (or ours plus `env`), a hard deadline and optional SIGINT.
func runProgram(
  _ path: String, _ args: [String], stdin: String? = nil, env: [String: String] = [:],
  environment: [String: String]? = nil, cwd: URL? = nil, deadline: Double = 30, interruptAfter: Double? = nil
) throws -> Run {
  var merged = environment ?? ProcessInfo.processInfo.environment
  if environment == nil { for (k, v) in env { merged[k] = v } }
  let r = try runToCompletion(
    path, args, stdin: stdin, environment: merged, cwd: cwd, deadline: deadline, after: interruptAfter,
    action: { kill($0, SIGINT) })
  if r.timedOut { Issue.record("\(path) \(args) did not finish within \(deadline)s") }
  return Run(status: r.status, stdout: r.stdout, stderr: r.stderr)
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
