import Foundation
import Testing
import TestSupport

/// The commands no other test ran end to end, through the built binary against
/// a served sandbox: what an operator types, and what they would check.
@Suite(.serialized) struct CommandCoverageTests {
  /// A sandbox with 4 + 6 messages on partitions 0 and 1, and a group that
  /// consumed 3 of partition 0 (and committed every partition it was given).
  static func seeded() throws -> ServedSandbox {
    let sandbox = try ServedSandbox()
    for (p, n) in [(0, 4), (1, 6)] {
      let r = try sandbox.run(["produce", "aetherlink.events", "m{{seq}}", "--partition", String(p), "--count", String(n)])
      #expect(r.status == 0, "\(r.stderr)")
    }
    let consumed = try sandbox.run([
      "tail", "aetherlink.events", "--group", "g", "--partition", "0", "-n", "3", "--no-follow", "--format", "",
    ])
    #expect(consumed.status == 0, "\(consumed.stderr)")
    return sandbox
  }

  @Test func topicDescribeShowsEachPartitionsLog() throws {
    let sandbox = try Self.seeded()
    let r = try sandbox.run(["-o", "json", "topic", "describe", "aetherlink.events"])
    #expect(r.status == 0, "\(r.stderr)")
    let object = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
    let partitions = try #require(object["partitions"] as? [[String: Any]])
    #expect(partitions.count == 3)
    let ends = partitions.map { ($0["partition"] as? Int ?? -1, $0["logEnd"] as? Int ?? -1) }
    #expect(ends.sorted { $0.0 < $1.0 }.map(\.1) == [4, 6, 0], "\(r.stdout)")
    let table = try sandbox.run(["topic", "describe", "aetherlink.events"])
    #expect(table.stdout.contains("leader"), "\(table.stdout)")
    let unknown = try sandbox.run(["topic", "describe", "no.such.topic"])
    #expect(unknown.status == 1)
    #expect(unknown.stderr.contains("no.such.topic"), "\(unknown.stderr)")
  }

  /// The mock cluster cannot describe groups: one clear line, and the lag
  /// still shown from the committed offsets.
  @Test func groupDescribeShowsCommitsAndSaysWhyNoMembers() throws {
    let sandbox = try Self.seeded()
    let r = try sandbox.run(["group", "describe", "g"])
    #expect(r.status == 0, "\(r.stderr)")
    #expect(
      r.stdout.contains("members: the broker cannot describe groups (DescribeGroups unsupported); lag shown without owners"),
      "\(r.stdout)")
    let json = try sandbox.run(["-o", "json", "group", "describe", "g"])
    let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
    let rows = try #require(object["partitions"] as? [[String: Any]])
    let p0 = try #require(rows.first { $0["partition"] as? Int == 0 })
    #expect(p0["committed"] as? Int == 3)
    #expect(p0["lag"] as? Int == 1)
    #expect(object["members"] is NSNull)
  }

  @Test func groupsListsTheProfilesGroupWithItsLag() throws {
    let sandbox = try Self.seeded()
    let r = try sandbox.run(["-o", "json", "groups"])
    #expect(r.status == 0, "\(r.stderr)")
    // The mock cannot list groups: the profile's group (crm-events-sse), which never committed.
    let rows = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [[String: Any]])
    #expect(rows.count == 1)
    #expect(rows.first?["group"] as? String == "crm-events-sse")
    #expect(rows.first?["totalLag"] is NSNull, "no commits is no lag, not 0: \(r.stdout)")
    let table = try sandbox.run(["groups"])
    #expect(table.stdout.contains("no commits"), "\(table.stdout)")
    #expect(table.stdout.contains("cannot list groups"), "\(table.stdout)")
  }

  @Test func watchRepeatsUntilCtrlC() throws {
    let sandbox = try ServedSandbox()
    let r = try sandbox.run(["watch", "200ms", "echo", "tick"], interruptWhen: .outputCount("tick", 3))
    #expect(r.status == 130, "\(r.stderr)")
    #expect(r.stdout.components(separatedBy: "tick").count - 1 >= 3, "\(r.stdout)")
  }

  /// Follow mode sees what is produced after it started, and ends at --limit.
  @Test func followingTailSeesNewMessages() throws {
    let sandbox = try Self.seeded()
    let r = try sandbox.run(
      ["-o", "plain", "tail", "aetherlink.events", "--partition", "1", "--follow", "-n", "9"],
      when: .output("m6\n"),
      action: { _ in
        _ = try? sandbox.run(["produce", "aetherlink.events", "late{{seq}}", "--partition", "1", "--count", "3"])
      })
    #expect(r.status == 0, "\(r.stderr)")
    #expect(
      r.stdout.split(separator: "\n").map(String.init) == (1...6).map { "m\($0)" } + (1...3).map { "late\($0)" },
      "\(r.stdout)")
  }

  /// --rate holds its rate: 40 messages at 8/s take about 5 s, and the log's
  /// own timestamps are spread the same way.
  @Test func produceHoldsItsRate() throws {
    let sandbox = try ServedSandbox()
    let r = try sandbox.run(
      ["-o", "json", "produce", "aetherlink.events", "r{{seq}}", "--partition", "0", "--count", "40", "--rate", "8"])
    #expect(r.status == 0, "\(r.stderr)")
    let summary = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
    let rate = try #require(summary["rate"] as? Double)
    #expect(abs(rate - 8) <= 8 * 0.2, "rate \(rate)")
    let stamps = try sandbox.run(["tail", "aetherlink.events", "--partition", "0", "--no-follow", "--format", "%T\\n"])
    let ms = stamps.stdout.split(separator: "\n").compactMap { Double($0) }
    #expect(ms.count == 40)
    let spread = ((ms.max() ?? 0) - (ms.min() ?? 0)) / 1000
    // 39 gaps of 125 ms: 4.875 s, within 20 %.
    #expect(abs(spread - 4.875) <= 4.875 * 0.2, "timestamps span \(spread)s")
  }

  @Test func sandboxServeEndsWithItsParentAndAnswersEveryControlLine() throws {
    let served = try ChildProcess(
      [ServedSandbox.binary.path, "sandbox", "serve", "--brokers", "1"], environment: ServedSandbox.environment)
    #expect(served.readLine(timeout: 10)?.contains("127.0.0.1:") == true, "\(served.stderrText)")
    // Its stdin is a pipe: end of input is its parent going away.
    served.closeInput()
    #expect(served.waitForExit(timeout: 10) == .exited(0), "\(served.stderrText)")

    let control = try ChildProcess(
      [ServedSandbox.binary.path, "sandbox", "serve", "--control", "--brokers", "2"], environment: ServedSandbox.environment)
    #expect(control.readLine(timeout: 10)?.contains("127.0.0.1:") == true)
    control.writeLine("down 3")
    #expect(control.readLine(timeout: 5)?.hasPrefix("error: expected 'down ID', 'up ID' (1–2)") == true)
    control.writeLine("down 1")
    #expect(control.readLine(timeout: 5) == "ok down 1")
    control.writeLine("up all")
    #expect(control.readLine(timeout: 5) == "ok up all")
    control.closeInput()
    #expect(control.waitForExit(timeout: 10) == .exited(0), "\(control.stderrText)")
  }
}

/// `profile list` and `profile use` against a config with two profiles.
@Suite struct ProfileCommandTests {
  @Test func listAndUseSwitchTheSession() throws {
    let home = FileManager.default.temporaryDirectory.appendingPathComponent("aetherctl-profiles-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: home) }
    let dir = home.appendingPathComponent("aetherctl")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    try """
      profile = "local"
      [profiles.local]
      brokers = "a.example:9092"
      [profiles.staging]
      brokers = "b.example:9092"
      group = "staging-group"
      """.write(to: dir.appendingPathComponent("config.toml"), atomically: true, encoding: .utf8)
    let r = try runToCompletion(
      ServedSandbox.binary.path,
      ["-c", "profile list -o plain; profile use staging; config show -o plain; profile use nope"],
      environment: ["PATH": "/usr/bin:/bin", "HOME": home.path, "XDG_CONFIG_HOME": home.path, "XDG_STATE_HOME": home.path,
        "XDG_CACHE_HOME": home.path])
    #expect(r.end == .exited(2), "\(r.end): \(r.stderr)")
    #expect(r.stdout.contains("local"), "\(r.stdout)")
    #expect(r.stdout.contains("staging"), "\(r.stdout)")
    #expect(r.stdout.contains("b.example:9092"), "profile use switched the brokers: \(r.stdout)")
    #expect(r.stdout.contains("staging-group"), "\(r.stdout)")
    #expect(r.stderr.contains("unknown profile 'nope'"), "\(r.stderr)")
  }
}
