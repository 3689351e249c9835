import Foundation
import Testing
import TestSupport

/// Issue 33 on the real broker: each admin command does what it says, checked
/// with a second client (kcat's metadata, librdkafka calls of the test's own);
/// plans change nothing; the moved-keys figures equal an independent
/// computation (Python's zlib.crc32 and a Python murmur2, and librdkafka's own
/// placement of the same keys after the change).
extension RealBrokerTests {
  /// Partition counts by topic, as kcat's metadata lists them.
  static func kcatPartitions(_ broker: RealBroker) throws -> [String: Int] {
    let r = try runToCompletion("/usr/bin/kcat", ["-b", broker.bootstrap, "-L", "-J"])
    let json = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any], "\(r.stderr)")
    var out: [String: Int] = [:]
    for t in json["topics"] as? [[String: Any]] ?? [] {
      if let name = t["topic"] as? String, !name.hasPrefix("__") { out[name] = (t["partitions"] as? [Any])?.count ?? 0 }
    }
    return out
  }

  /// How many of `keys` change partition from `from` to `to` partitions, by
  /// each partitioner, computed by Python (zlib's CRC32; murmur2 as Kafka's Java clients).
  static func pythonMoves(_ keys: [String], from: Int, to: Int) throws -> (crc32: Int, murmur2: Int) {
    let script = """
      import sys, zlib
      def murmur2(d):
          m, r, n = 0x5bd1e995, 24, len(d)
          h = (0x9747b28c ^ n) & 0xffffffff
          for i in range(n // 4):
              k = d[4*i] | d[4*i+1] << 8 | d[4*i+2] << 16 | d[4*i+3] << 24
              k = (k * m) & 0xffffffff; k ^= k >> r; k = (k * m) & 0xffffffff
              h = (h * m) & 0xffffffff; h ^= k
          t, e = n & ~3, n % 4
          if e >= 3: h ^= d[t+2] << 16
          if e >= 2: h ^= d[t+1] << 8
          if e >= 1: h ^= d[t]; h = (h * m) & 0xffffffff
          h ^= h >> 13; h = (h * m) & 0xffffffff; h ^= h >> 15
          return h & 0x7fffffff
      a, b = int(sys.argv[1]), int(sys.argv[2])
      keys = [k.encode() for k in sys.argv[3:]]
      print(sum(zlib.crc32(k) % a != zlib.crc32(k) % b for k in keys), sum(murmur2(k) % a != murmur2(k) % b for k in keys))
      """
    let r = try runToCompletion("/usr/bin/python3", ["-c", script, String(from), String(to)] + keys)
    let parts = r.stdout.split(separator: " ").compactMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
    try #require(parts.count == 2, "\(r.stdout) \(r.stderr)")
    return (parts[0], parts[1])
  }

  /// Produces `key:value` lines with kcat (librdkafka's default partitioner, consistent_random).
  static func kcatProduce(_ broker: RealBroker, topic: String, _ keys: [String], value: String) throws {
    let r = try runToCompletion(
      "/usr/bin/kcat", ["-b", broker.bootstrap, "-P", "-t", topic, "-K", ":"],
      stdin: keys.map { "\($0):\(value)" }.joined(separator: "\n") + "\n")
    #expect(r.end == .exited(0), "\(r.stderr)")
  }

  @Test func topicCreateAddPartitionsConfigAndDeleteOnTheRealBroker() throws {
    let broker = try RealBroker()
    let create = try Self.aether(
      broker, ["-o", "json", "topic", "create", "keys", "--partitions", "3", "--config", "retention.ms=3600000"])
    #expect(create.end == .exited(0), "\(create.stderr)")
    #expect(try Self.kcatPartitions(broker)["keys"] == 3)
    #expect(try broker.topicSettings("keys") == ["retention.ms": "3600000"])
    let again = try Self.aether(broker, ["topic", "create", "keys", "--partitions", "3"])
    #expect(again.end == .exited(1) && again.stderr.contains("keys"), "\(again.stderr)")
    // Kafka's own topics are not changed here (__consumer_offsets holds every group's commits).
    for args in [
      ["topic", "add-partitions", "__consumer_offsets", "--to", "60", "--execute"],
      ["topic", "delete", "__consumer_offsets", "--execute"],
      ["topic", "config", "__consumer_offsets", "retention.ms=1", "--execute"],
    ] {
      let refused = try Self.aether(broker, args)
      #expect(refused.end == .exited(2) && refused.stderr.contains("internal topics"), "\(args): \(refused.stderr)")
    }
    let badName = try Self.aether(broker, ["topic", "create", "no such", "--partitions", "1"])
    #expect(badName.end == .exited(2) && badName.stderr.contains("cannot be in a topic name"), "\(badName.stderr)")

    // 200 keys, twice each, placed by librdkafka's default partitioner.
    let keys = (1...200).map { "tenant-\($0)" }
    try Self.kcatProduce(broker, topic: "keys", keys + keys, value: "before")
    let plan = try Self.json(broker, ["topic", "add-partitions", "keys", "--to", "6"])
    #expect(plan["executed"] as? Bool == false)
    #expect(try Self.kcatPartitions(broker)["keys"] == 3, "a plan changes nothing")
    let expected = try Self.pythonMoves(keys, from: 3, to: 6)
    let byName = Dictionary(
      uniqueKeysWithValues: (plan["partitioners"] as? [[String: Any]] ?? []).map { ($0["partitioner"] as? String ?? "", $0) })
    let crc = try #require(byName["consistent_random"], "\(plan)")
    let murmur = try #require(byName["murmur2_random"], "\(plan)")
    #expect(crc["keys"] as? Int == 200 && murmur["keys"] as? Int == 200, "\(plan)")
    #expect(crc["movedKeys"] as? Int == expected.crc32, "\(crc) vs \(expected)")
    #expect(murmur["movedKeys"] as? Int == expected.murmur2, "\(murmur) vs \(expected)")
    #expect(crc["movedMessages"] as? Int == 2 * expected.crc32)
    // kcat placed them: the sample follows consistent_random, and not murmur2.
    #expect(crc["matchesProducers"] as? Bool == true && crc["keysWhereExpected"] as? Int == 200, "\(crc)")
    #expect(murmur["matchesProducers"] as? Bool == false, "\(murmur)")
    // For scripts: by how much the busiest partition's keyed load falls under the producers' partitioner.
    #expect(plan["producersPartitioner"] as? String == "consistent_random", "\(plan)")
    let relief = try #require(plan["busiestRelief"] as? Int, "\(plan)")
    let plain = try Self.aether(broker, ["-o", "plain", "topic", "add-partitions", "keys", "--to", "6"])
    #expect(plain.stdout == "\(relief)\n" && relief >= 30, "\(plain.stdout) \(plain.stderr)")

    for (to, says) in [("3", "already has 3 partitions"), ("2", "cannot be removed")] {
      let refused = try Self.aether(broker, ["topic", "add-partitions", "keys", "--to", to, "--execute"])
      #expect(refused.end == .exited(2) && refused.stderr.contains(says), "\(refused.stderr)")
    }
    let added = try Self.aether(broker, ["topic", "add-partitions", "keys", "--to", "6", "--execute"])
    #expect(added.end == .exited(0), "\(added.stderr)")
    #expect(try Self.kcatPartitions(broker)["keys"] == 6)
    // librdkafka itself now places the same keys: as many move as the plan said.
    try Self.kcatProduce(broker, topic: "keys", keys, value: "after")
    let read = try runToCompletion(
      "/usr/bin/kcat", ["-b", broker.bootstrap, "-C", "-t", "keys", "-o", "beginning", "-e", "-q", "-f", "%k %p %s\\n"])
    var before: [String: String] = [:]
    var after: [String: String] = [:]
    for line in read.stdout.split(separator: "\n") {
      let f = line.split(separator: " ").map(String.init)
      guard f.count == 3 else { continue }
      if f[2] == "before" { before[f[0]] = f[1] } else { after[f[0]] = f[1] }
    }
    #expect(after.count == 200 && before.count == 200, "\(read.stderr)")
    #expect(keys.filter { before[$0] != after[$0] }.count == expected.crc32)

    // Settings: a plan changes nothing; --execute changes the named key and keeps the rest.
    let configPlan = try Self.aether(broker, ["topic", "config", "keys", "segment.ms=3600000"])
    #expect(configPlan.end == .exited(0) && configPlan.stdout.contains("retention.ms=3600000"), "\(configPlan.stdout)")
    #expect(try broker.topicSettings("keys") == ["retention.ms": "3600000"])
    let applied = try Self.aether(broker, ["topic", "config", "keys", "segment.ms=3600000", "--execute"])
    #expect(applied.end == .exited(0), "\(applied.stderr)")
    #expect(try broker.topicSettings("keys") == ["retention.ms": "3600000", "segment.ms": "3600000"])
    let shown = try Self.json(broker, ["topic", "config", "keys"])
    let entries = shown["configs"] as? [[String: Any]] ?? []
    #expect(entries.contains { $0["name"] as? String == "segment.ms" && $0["value"] as? String == "3600000" && $0["source"] as? String == "DYNAMIC_TOPIC_CONFIG" })
    let typo = try Self.aether(broker, ["topic", "config", "keys", "retenton.ms=1", "--execute"])
    #expect(typo.end == .exited(2) && typo.stderr.contains("did you mean 'retention.ms'"), "\(typo.stderr)")

    // A group that committed on it: the delete plan names it; deleting the group removes it.
    let commit = try Self.aether(broker, ["tail", "keys", "--group", "readers", "--no-follow", "-n", "1", "-o", "plain"])
    #expect(commit.end == .exited(0), "\(commit.stderr)")
    let deletePlan = try Self.json(broker, ["topic", "delete", "keys"])
    #expect((deletePlan["groups"] as? [[String: Any]])?.map { $0["group"] as? String } == ["readers"], "\(deletePlan)")
    #expect(try Self.kcatPartitions(broker)["keys"] == 6, "a plan changes nothing")
    let groupPlan = try Self.aether(broker, ["group", "delete", "readers"])
    #expect(groupPlan.end == .exited(0) && groupPlan.stdout.contains("dry run"), "\(groupPlan.stdout)")
    #expect(try broker.groupNames().contains("readers"))
    let groupGone = try Self.aether(broker, ["group", "delete", "readers", "--execute"])
    #expect(groupGone.end == .exited(0), "\(groupGone.stderr)")
    #expect(try !broker.groupNames().contains("readers"))
    let topicGone = try Self.aether(broker, ["topic", "delete", "keys", "--execute"])
    #expect(topicGone.end == .exited(0), "\(topicGone.stderr)")
    #expect(try Self.kcatPartitions(broker)["keys"] == nil)
  }

  /// As kafka-consumer-groups.sh --delete: a group with a live member is refused, and stays.
  @Test func groupDeleteIsRefusedWhileItHasMembers() throws {
    let broker = try Self.seeded()
    let member = BackgroundRun(
      "/usr/bin/kcat", ["-b", broker.bootstrap, "-G", "busy", "-q", "-f", "%o\\n", Self.topic], signal: SIGTERM)
    defer { _ = member.finish() }
    _ = try Self.waitForAssignment(broker, "busy") { $0.values.reduce(0) { $0 + $1.count } == 3 }
    let plan = try Self.aether(broker, ["group", "delete", "busy"])
    #expect(plan.end == .exited(0) && plan.stdout.contains("--execute would be refused now"), "\(plan.stdout)")
    let refused = try Self.aether(broker, ["group", "delete", "busy", "--execute"])
    #expect(refused.end == .exited(1) && refused.stderr.contains("1 active member(s)"), "\(refused.stderr)")
    #expect(try broker.groupNames().contains("busy"))
  }

  /// A protected profile: every mutation needs --yes when nobody can type at
  /// a terminal, and nothing changes without it.
  @Test func aProtectedProfileGuardsEveryMutation() throws {
    let broker = try Self.seeded()
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("aether-protected-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let file = dir.appendingPathComponent("config.toml")
    try "[profiles.local]\nprotected = true\n".write(to: file, atomically: true, encoding: .utf8)
    func run(_ args: [String]) throws -> ProgramRun { try Self.aether(broker, ["--config", file.path] + args) }
    let cases: [[String]] = [
      ["topic", "create", "guarded", "--partitions", "1"],
      ["produce", Self.topic, "x"],
      ["topic", "add-partitions", Self.topic, "--to", "4", "--execute"],
      ["topic", "config", Self.topic, "retention.ms=3600000", "--execute"],
      ["group", "seek", "nobody", "--to", "end", "--topic", Self.topic, "--execute"],
      ["topic", "delete", Self.topic, "--execute"],
    ]
    for args in cases {
      let refused = try run(args)
      #expect(refused.end == .exited(1), "\(args): \(refused.stderr)")
      #expect(refused.stderr.contains("is protected") && refused.stderr.contains("add --yes"), "\(args): \(refused.stderr)")
    }
    #expect(try Self.kcatPartitions(broker) == [Self.topic: 3], "nothing was created, grown or deleted")
    #expect(broker.logEnd(Self.topic, partition: 0) == 10, "nothing was produced")
    #expect(try broker.topicSettings(Self.topic).isEmpty)
    for args in cases {
      let passed = try run(args + ["--yes"])
      #expect(passed.end == .exited(0), "\(args): \(passed.stderr)")
    }
    let left = try Self.kcatPartitions(broker)
    #expect(left == ["guarded": 1], "\(left)")
  }
}
