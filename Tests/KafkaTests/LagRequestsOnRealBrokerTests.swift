import Foundation
import Testing
import TestSupport

/// What `lag` costs a cluster, counted from its own -v trace (issue 34): for
/// a group on two topics and no --topic, one OffsetFetch (the commits that
/// name its topics serve as its offsets too), one Metadata for both topics,
/// and one ListOffsets per side.
extension RealBrokerTests {
  @Test func lagOfAGroupOnTwoTopicsAsksEachThingOnce() throws {
    let broker = try RealBroker(topics: [("t", 3), ("u", 2)])
    for t in ["t", "u"] {
      let p = try Self.aether(broker, ["produce", t, "v{{seq}}", "--count", "20", "-o", "plain"])
      #expect(p.end == .exited(0), "\(p.stderr)")
      let c = try Self.aether(broker, ["tail", t, "--group", "g", "-n", "4", "--no-follow", "-o", "plain"])
      #expect(c.end == .exited(0), "\(c.stderr)")
    }
    let r = try Self.aether(broker, ["-v", "-o", "plain", "lag", "g", "--total"])
    #expect(r.end == .exited(0), "\(r.stderr)")
    let requests = r.stderr.split(separator: "\n").filter { $0.hasPrefix("debug: kafka: ") }
    func count(_ name: String) -> Int { requests.filter { $0.hasPrefix("debug: kafka: \(name) ") }.count }
    #expect(count("OffsetFetch") == 1, "\(requests)")
    #expect(count("Metadata") == 1, "\(requests)")
    #expect(count("ListOffsets") == 2, "\(requests)")
    // The total is what the two topics' partitions hold beyond the commits, as JSON lists them.
    let json = try Self.json(broker, ["lag", "g"])
    let rows = json["partitions"] as? [[String: Any]] ?? []
    #expect(Set(rows.compactMap { $0["topic"] as? String }) == ["t", "u"], "\(json)")
    #expect(r.stdout == "\(json["totalLag"] as? Int ?? -1)\n", "\(r.stdout) \(json)")
  }

  /// One-shot commands make one librdkafka handle where one serves:
  /// `tail` asks its metadata and offsets on the handle it reads with (it
  /// made two, as kcat makes one), and `lag --no-time` needs only the
  /// client. `lag` with its time lag still makes two, the client and the
  /// reader of the log (one shared handle was 40 ms slower on a thousand
  /// partitions: docs/BENCHMARKS.md). Counted from librdkafka's own
  /// start-up lines under -vv.
  @Test func oneShotCommandsMakeOneHandleWhereOneServes() throws {
    let broker = try RealBroker(topics: [("t", 3)])
    let p = try Self.aether(broker, ["produce", "t", "v{{seq}}", "--count", "30", "-o", "plain"])
    #expect(p.end == .exited(0), "\(p.stderr)")
    let c = try Self.aether(broker, ["tail", "t", "--group", "g", "-n", "6", "--no-follow", "-o", "plain"])
    #expect(c.end == .exited(0), "\(c.stderr)")
    func handles(_ args: [String]) throws -> (Int, String) {
      let r = try Self.aether(broker, ["-vv"] + args)
      #expect(r.end == .exited(0), "\(args): \(r.stderr.suffix(2000))")
      let started = r.stderr.split(separator: "\n").filter { $0.contains("librdkafka[INIT]") && $0.contains("initialized") }
      return (started.count, r.stdout)
    }
    let (tailing, read) = try handles(["-o", "plain", "tail", "t", "--no-follow"])
    #expect(tailing == 1)
    #expect(read.split(separator: "\n").count == 30, "\(read)")
    #expect(try handles(["-o", "plain", "lag", "g", "--no-time"]).0 == 1)
    let (withTime, shown) = try handles(["-o", "json", "lag", "g"])
    #expect(withTime == 2)
    // The time lag was read (the reader's work), not skipped.
    let json = try #require(try JSONSerialization.jsonObject(with: Data(shown.utf8)) as? [String: Any])
    let rows = json["partitions"] as? [[String: Any]] ?? []
    #expect(rows.count == 3 && rows.contains { ($0["firstUnconsumed"] as? [String: Any])?["timestamp"] is String }, "\(json)")
  }
}

extension RealBrokerTests {
  /// `groups` asks a bounded number of requests whatever the number of
  /// groups (ListGroups, one DescribeGroups, the OffsetFetches sent together,
  /// one Metadata, one ListOffsets a side): 60 groups were 301 requests one
  /// after another. Each row's lag is what `lag` says of that group alone,
  /// and a group whose topic is gone shows its lag as unknown, with why.
  @Test func groupsListsManyGroupsInBoundedRequests() throws {
    let broker = try RealBroker(topics: [("t", 3), ("u", 2)])
    let p = try Self.aether(broker, ["-c", "produce t 'v{{seq}}' --count 30\nproduce u 'w{{seq}}' --count 20", "-o", "plain"])
    #expect(p.end == .exited(0), "\(p.stderr)")
    var script = ""
    for i in 1...60 {
      script += "group seek g\(i) --topic \(i % 2 == 0 ? "t" : "u") --to \(i % 5) --execute\n"
    }
    // One group's only topic is deleted after it committed (noida-db keeps such commits, as Kafka
    // does until they expire): its lag is unknown, and says why; never "no commits", never 0.
    script += "topic create gone --partitions 1\nproduce gone x --count 3\ngroup seek g-gone --topic gone --to 1 --execute\n"
    script += "topic delete gone --execute\n"
    let seeded = try Self.aether(broker, ["-o", "plain", "-c", script])
    #expect(seeded.end == .exited(0), "\(seeded.stderr.suffix(500))")
    let r = try Self.aether(broker, ["-v", "-o", "json", "groups"])
    #expect(r.end == .exited(0), "\(r.stderr.suffix(1000))")
    let requests = r.stderr.split(separator: "\n").filter { $0.hasPrefix("debug: kafka: ") }
    func count(_ name: String) -> Int { requests.filter { $0.hasPrefix("debug: kafka: \(name) ") }.count }
    #expect(count("ListGroups") == 1 && count("DescribeGroups") == 1 && count("Metadata") == 1, "\(requests)")
    #expect(count("ListOffsets") == 2, "\(requests)")
    #expect(count("OffsetFetch") == 1 && requests.contains { $0.contains("OffsetFetch ×61 ") }, "\(requests)")
    #expect(requests.count == 6, "\(requests)")
    let rows = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [[String: Any]])
    #expect(rows.count == 61, "\(rows.count)")
    let gone = try #require(rows.first { $0["group"] as? String == "g-gone" })
    #expect(gone["totalLag"] is NSNull && gone["topicErrors"] as? [String] == ["gone"], "\(gone)")
    let table = try Self.aether(broker, ["groups", "--pattern", "g-gone"])
    #expect(table.end == .exited(0))
    #expect(table.stdout.contains("unknown (gone deleted)"), "\(table.stdout)")
    for i in [1, 2, 7, 60] {
      let row = try #require(rows.first { $0["group"] as? String == "g\(i)" })
      let alone = try Self.aether(broker, ["-o", "plain", "lag", "g\(i)", "--total", "--no-time"])
      #expect(alone.end == .exited(0))
      #expect("\(row["totalLag"] as? Int ?? -1)\n" == alone.stdout, "g\(i): \(row) against \(alone.stdout)")
      #expect(row["state"] as? String == "Empty" && row["members"] as? Int == 0, "\(row)")
    }
  }
}
