import Foundation
import Testing
import TestSupport

#if canImport(Glibc)
  import Glibc
#endif

/// The pipeline sandbox on the real broker (noida-db): the stand-in
/// service's replicas are real group members, the exporter reads them from
/// DescribeGroups, and the broker process with its data directory ends with
/// the sandbox however the sandbox ends. Part of `PipelineSandboxTests`, so
/// that one pipeline runs at a time.
extension PipelineSandboxTests {

  /// The noida-db process serving `port` (its argv names the port), and its data directory.
  static func brokerProcess(port: Int) -> (pid: pid_t, dataDir: String)? {
    let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
    for entry in entries {
      guard let pid = pid_t(entry),
        let raw = FileManager.default.contents(atPath: "/proc/\(entry)/cmdline")
      else { continue }
      let argv = raw.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
      guard argv.first?.hasSuffix("noida-db") == true, let i = argv.firstIndex(of: "--kafka-port"), i + 1 < argv.count,
        argv[i + 1] == String(port), let d = argv.firstIndex(of: "--data-dir"), d + 1 < argv.count
      else { continue }
      return (pid, argv[d + 1])
    }
    return nil
  }

  static func port(of bootstrap: String) -> Int? { bootstrap.split(separator: ":").last.flatMap { Int($0) } }

  @Test func threeReplicasAreThreeMembersWithOnePartitionEach() throws {
    let served = try Served(extraArgs: ["--control", "--no-monitoring"], broker: "noida")
    let bootstrap = try #require(served.parts["bootstrap"] as? String)
    #expect(served.state("kafka") == "up: 1 broker (noida-db)", "\(served.parts)")
    #expect(served.child.stderrText.contains("sandbox: Kafka on noida-db"), "\(served.child.stderrText)")
    served.child.writeLine("consumer replicas 3")
    #expect(served.child.readLine(timeout: 30)?.hasPrefix("ok crm-events has 3 replicas") == true)

    var seen: [[String: Any]] = []
    let balanced = try eventually(by: Date().addingTimeInterval(30), every: 0.25) {
      let r = try served.aetherctl(["-b", bootstrap, "-o", "json", "group", "describe", "crm-events-sse"])
      guard r.end == .exited(0), let j = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any],
        let members = j["members"] as? [[String: Any]]
      else { return false }
      seen = members
      let owned = members.map { ($0["partitions"] as? [[String: Any]])?.compactMap { $0["partition"] as? Int } ?? [] }
      return members.count == 3 && owned.allSatisfy { $0.count == 1 } && Set(owned.flatMap { $0 }) == [0, 1, 2]
    }
    #expect(balanced, "3 members × 1 partition never showed; last: \(seen)")
    #expect(Set(seen.compactMap { $0["clientId"] as? String }) == ["crm-events-1-1", "crm-events-1-2", "crm-events-1-3"])

    // The exporter reads the members from the broker, as kafka-exporter does.
    let exporter = try #require(served.port("kafka-exporter"))
    let counted = eventually(by: Date().addingTimeInterval(10)) {
      (plainGet(port: exporter, "/metrics") ?? "").contains("kafka_consumergroup_members{consumergroup=\"crm-events-sse\"} 3")
    }
    #expect(counted, "\(plainGet(port: exporter, "/metrics") ?? "")")

    // Stopped, the group is Empty on the broker's word, and a seek executes there.
    served.child.writeLine("consumer stop")
    #expect(served.child.readLine(timeout: 30)?.hasPrefix("ok consumer stopped") == true)
    let empty = try eventually(by: Date().addingTimeInterval(20), every: 0.25) {
      let r = try served.aetherctl(["-b", bootstrap, "groups"])
      return r.stdout.split(separator: "\n").contains { $0.hasPrefix("crm-events-sse") && $0.contains("Empty") }
    }
    #expect(empty)
    let seek = try served.aetherctl(["-b", bootstrap, "group", "seek", "crm-events-sse", "--to", "start", "--execute"])
    #expect(seek.end == .exited(0), "\(seek.stderr)")
    // Brokers going down and up are the mock's: refused on one line.
    served.child.writeLine("down 1")
    #expect(served.child.readLine(timeout: 10)?.contains("mock cluster only") == true)
    served.child.closeInput()
    #expect(served.child.waitForExit(timeout: 30) == .exited(0), "\(served.child.stderrText)")
  }

  /// However the sandbox ends, its broker process ends and its data directory goes.
  @Test(arguments: ["end of input", "SIGINT", "SIGTERM", "SIGKILL"])
  func theBrokerEndsWithTheSandbox(how: String) throws {
    let served = try Served(extraArgs: ["--no-monitoring"], broker: "noida")
    let bootstrap = try #require(served.parts["bootstrap"] as? String)
    let port = try #require(Self.port(of: bootstrap))
    let broker = try #require(Self.brokerProcess(port: port), "no noida-db process serves \(bootstrap)")
    #expect(FileManager.default.fileExists(atPath: broker.dataDir))
    switch how {
    case "end of input": served.child.closeInput()
    case "SIGINT": _ = Glibc.kill(served.child.pid, SIGINT)
    case "SIGTERM": _ = Glibc.kill(served.child.pid, SIGTERM)
    default: _ = Glibc.kill(served.child.pid, SIGKILL)
    }
    let ended = served.child.waitForExit(timeout: 30)
    // `sandbox serve` is stopped by Ctrl-C or SIGTERM as its normal end (exit 0); SIGKILL is not handled.
    #expect(ended == (how == "SIGKILL" ? .signalled(SIGKILL) : .exited(0)), "\(String(describing: ended)) \(served.child.stderrText)")
    let gone = eventually(by: Date().addingTimeInterval(15)) {
      Glibc.kill(broker.pid, 0) != 0
        && !FileManager.default.fileExists(atPath: (broker.dataDir as NSString).deletingLastPathComponent)
    }
    #expect(gone, "after \(how): noida-db \(broker.pid) or its directory \(broker.dataDir) outlived the sandbox")
  }

  /// In a session (`--sandbox=pipeline`) the sandbox says which broker it
  /// runs on; the broker goes when the session ends.
  @Test func aSessionSaysItsBrokerAndLeavesNothing() throws {
    let home = FileManager.default.temporaryDirectory.appendingPathComponent("aetherctl-sess-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: home) }
    var env = hermeticEnvironment(home: home)
    env["AETHER_SANDBOX_BROKER"] = "noida"
    let r = try runProgram(
      Binary.url.path, ["--sandbox=pipeline", "--drill-speed", "30", "-c", "sandbox -o json"], stdin: nil,
      environment: env, cwd: nil, deadline: 120)
    #expect(r.end == .exited(0), "\(r.stderr)")
    #expect(r.stderr.contains("sandbox: Kafka on noida-db"), "\(r.stderr)")
    let j = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any], "\(r.stdout)")
    #expect(j["broker"] as? String == "noida-db")
    let port = try #require((j["bootstrap"] as? String).flatMap(Self.port(of:)))
    let gone = eventually(by: Date().addingTimeInterval(15)) {
      Self.brokerProcess(port: port) == nil
        && !((try? FileManager.default.contentsOfDirectory(atPath: NSTemporaryDirectory())) ?? []).contains {
          $0.hasPrefix("aetherctl-sandbox-noida-") && $0.contains("-\(port)-")
        }
    }
    #expect(gone, "noida-db on \(port) or its directory outlived the session")

    // Asked for noida-db where it is not installed: one line, exit 1, nothing started.
    let bin = home.appendingPathComponent("bin")
    try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
    try FileManager.default.createSymbolicLink(atPath: bin.appendingPathComponent("sh").path, withDestinationPath: "/bin/sh")
    env["PATH"] = bin.path
    let missing = try runProgram(
      Binary.url.path, ["--sandbox=pipeline", "-c", "sandbox"], stdin: nil, environment: env, cwd: nil, deadline: 60)
    #expect(missing.end == .exited(1), "\(missing.stderr)")
    #expect(missing.stderr.contains("sandbox_broker is noida, but noida-db is not installed"), "\(missing.stderr)")
  }
}
