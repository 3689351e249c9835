import Foundation
import Testing

/// Runs the binary against a served sandbox, so two processes share one cluster.
final class ServedSandbox {
  let process = Process()
  let bootstrap: String

  init() throws {
    let exe = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
      .appendingPathComponent("aetherctl")
    process.executableURL = exe
    process.arguments = ["sandbox", "serve"]
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = FileHandle.nullDevice
    try process.run()
    var line = Data()
    while let byte = try pipe.fileHandleForReading.read(upToCount: 1), let b = byte.first, b != 10 { line.append(b) }
    bootstrap = String(decoding: line, as: UTF8.self)
  }

  deinit {
    process.terminate()
    process.waitUntilExit()
  }

  static var binary: URL {
    URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
      .appendingPathComponent("aetherctl")
  }

  /// Runs aetherctl against this cluster; optionally sends SIGINT after `interruptAfter` seconds.
  func run(_ args: [String], interruptAfter: Double? = nil) throws -> (status: Int32, stdout: String, stderr: String) {
    let p = Process()
    p.executableURL = Self.binary
    p.arguments = ["-b", bootstrap, "--timeout", "5s"] + args
    let dir = FileManager.default.temporaryDirectory
    let out = dir.appendingPathComponent("out-\(UUID())")
    let err = dir.appendingPathComponent("err-\(UUID())")
    FileManager.default.createFile(atPath: out.path, contents: nil)
    FileManager.default.createFile(atPath: err.path, contents: nil)
    defer {
      try? FileManager.default.removeItem(at: out)
      try? FileManager.default.removeItem(at: err)
    }
    p.standardOutput = try FileHandle(forWritingTo: out)
    p.standardError = try FileHandle(forWritingTo: err)
    p.standardInput = FileHandle.nullDevice
    try p.run()
    if let t = interruptAfter {
      Thread.sleep(forTimeInterval: t)
      kill(p.processIdentifier, SIGINT)
    }
    let deadline = Date().addingTimeInterval(30)
    while p.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.01) }
    if p.isRunning {
      p.terminate()
      Issue.record("aetherctl \(args) did not stop")
    }
    p.waitUntilExit()
    return (
      p.terminationStatus, String(decoding: try Data(contentsOf: out), as: UTF8.self),
      String(decoding: try Data(contentsOf: err), as: UTF8.self)
    )
  }
}

@Suite(.serialized) struct InterruptTests {
  @Test func interruptedProduceReportsExactlyWhatIsInTheLog() throws {
    let sandbox = try ServedSandbox()
    let r = try sandbox.run(
      ["-o", "json", "produce", "aetherlink.events", "{{seq}}", "--count", "1000000", "--rate", "2000"],
      interruptAfter: 1.0)
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

  @Test func lagWatchPrintsSnapshotsUntilInterrupted() throws {
    let sandbox = try ServedSandbox()
    let r = try sandbox.run(["lag", "crm-events-sse", "--watch", "200ms"], interruptAfter: 1.5)
    #expect(r.status == 130)
    let snapshots = r.stdout.components(separatedBy: "total lag").count - 1
    #expect(snapshots >= 3, "\(r.stdout)")
  }

  @Test func followingTailStopsOnCtrlC() throws {
    let sandbox = try ServedSandbox()
    _ = try sandbox.run(["produce", "aetherlink.events", "m{{seq}}", "--count", "5"])
    let r = try sandbox.run(["-o", "plain", "tail", "aetherlink.events", "--follow"], interruptAfter: 1.5)
    #expect(r.status == 130)
    #expect(r.stdout.split(separator: "\n").count == 5)
  }
}
