import Foundation
import Testing
import TestSupport

/// librdkafka's mock cluster serves no topic or group admin: each admin
/// command says so in one line and exits 1, never a crash or a hang; the
/// plans that need only reads still work there.
@Suite struct AdminOnTheMockTests {
  @Test(arguments: [
    ["topic", "create", "new", "--partitions", "1"],
    ["topic", "add-partitions", "aetherlink.events", "--to", "6", "--execute"],
    ["topic", "config", "aetherlink.events"],
    ["topic", "config", "aetherlink.events", "retention.ms=1", "--execute"],
    ["topic", "delete", "aetherlink.events", "--execute"],
    ["group", "delete", "crm-events-sse"],
    ["group", "delete", "crm-events-sse", "--execute"],
  ])
  func eachAdminCommandSaysTheMockCannot(args: [String]) throws {
    let r = try aetherctl(["--sandbox"] + args)
    #expect(r.end == .exited(1), "\(r.stderr)")
    let lines = r.stderr.split(separator: "\n")
    #expect(lines.count == 1 && r.stderr.contains("mock cluster does not implement this request"), "\(r.stderr)")
    #expect(r.stdout.isEmpty, "\(r.stdout)")
  }

  /// The add-partitions plan reads only the log: it works on the mock, and
  /// the topic keeps its partitions.
  @Test func theAddPartitionsPlanWorksOnTheMock() throws {
    let r = try aetherctl([
      "--sandbox", "-c",
      """
      produce aetherlink.events 'v{{seq}}' --key 'k{{seq}}' --count 300 -o plain
      produce aetherlink.events 'keyless' --count 30 -o plain
      topic add-partitions aetherlink.events --to 4
      topic describe aetherlink.events -o plain
      """,
    ])
    #expect(r.end == .exited(0), "\(r.stderr)")
    #expect(r.stdout.contains("partitions  3 → 4"), "\(r.stdout)")
    #expect(r.stdout.contains("330 message(s), the last 2,000 of each partition at most: 300 keyed, 30 keyless"), "\(r.stdout)")
    #expect(r.stdout.contains("keyless messages are not placed by key"), "\(r.stdout)")
    #expect(r.stdout.contains("dry run: nothing changed"), "\(r.stdout)")
  }

  /// round_robin and sticky leave keyed messages to librdkafka's default
  /// (CRC32): a profile naming them plans for consistent_random.
  @Test func aRoundRobinProfilePlansForLibrdkafkasKeyedPlacement() throws {
    let r = try aetherctl(
      [
        "--sandbox", "-c",
        "produce aetherlink.events v --key 'k{{seq}}' --count 60 -o plain\ntopic add-partitions aetherlink.events --to 6 -o json",
      ], env: ["AETHER_PARTITIONER": "round_robin"])
    #expect(r.end == .exited(0), "\(r.stderr)")
    let line = try #require(r.stdout.split(separator: "\n").first { $0.hasPrefix("{") }, "\(r.stdout)")
    let json = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
    let names = (json["partitioners"] as? [[String: Any]] ?? []).compactMap { $0["partitioner"] as? String }
    #expect(names == ["consistent_random"], "\(json)")
    #expect(json["producersPartitioner"] as? String == "consistent_random", "\(json)")
    #expect((json["partitioners"] as? [[String: Any]])?.first?["keys"] as? Int == 60, "\(json)")
  }

  @Test(arguments: [
    (["topic", "create", "__mine", "--partitions", "1"], "internal topics"),
    (["topic", "create", "bad/name", "--partitions", "1"], "cannot be in a topic name"),
    (["topic", "create", "t", "--partitions", "0"], "--partitions must be 1 or more"),
    (["topic", "create", "t", "--partitions", "1", "--config", "retention.ms"], "is not KEY=VALUE"),
    (["topic", "create", "t", "--partitions", "1", "--config", "a=1", "--config", "a=2"], "'a' is given twice"),
    (["topic", "add-partitions", "aetherlink.events", "--to", "2"], "partitions cannot be removed"),
    (["topic", "add-partitions", "aetherlink.events", "--to", "6", "--sample", "-1"], "--sample must be"),
    (["topic", "config", "aetherlink.events", "--execute"], "name at least one"),
  ])
  func badArgumentsAreUsageErrors(args: [String], says: String) throws {
    let r = try aetherctl(["--sandbox"] + args)
    #expect(r.end == .exited(2), "\(r.stderr)")
    #expect(r.stderr.contains(says), "\(r.stderr)")
  }
}
