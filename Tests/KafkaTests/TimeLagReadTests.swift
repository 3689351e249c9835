import CRdKafka
import Clients
import Foundation
import Formats
import Testing
import TestSupport

@testable import Commands
@testable import Config
@testable import Host

/// `lag`'s time lag is the age of the message at the committed offset, read
/// from the log: cross-checked with the timestamps kcat reads there.
@Suite(.serialized) struct TimeLagReadTests {
  /// kcat's timestamp (ms) of the message at `offset`.
  static func kcatTimestamp(_ f: Fixture, partition: Int32, offset: Int64) throws -> Int64? {
    let r = try runToCompletion(
      "/usr/bin/kcat",
      ["-C", "-b", f.cluster.bootstrapServers, "-t", "aetherlink.events", "-p", String(partition), "-o", String(offset),
        "-c", "1", "-e", "-q", "-f", "%o %T\\n"],
      environment: ["PATH": "/usr/bin:/bin", "HOME": "/nonexistent"], deadline: 30)
    #expect(r.end == .exited(0), "kcat: \(r.end) \(r.stderr)")
    let parts = r.stdout.split(separator: " ").map { Int64($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
    #expect(parts.first == offset, "kcat read \(r.stdout)")
    return parts.count == 2 ? parts[1] : nil
  }

  static func millis(_ iso: String) -> Int64? {
    let f = ISO8601DateFormatter()
    f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
    return f.date(from: iso).map { Int64(($0.timeIntervalSince1970 * 1000).rounded()) }
  }

  @Test func behindIsTheAgeOfTheMessageAtTheCommittedOffset() throws {
    let f = try Fixture()
    let now = Int64(Date().timeIntervalSince1970 * 1000)
    // Partition p: 100 messages an hour old and older, one second apart per message.
    for p in Int32(0)..<3 {
      try ExactAnswersTests.produce(
        f, partition: p,
        stamped: (0..<100).map { i in ("m\(i)", now - 3_600_000 - Int64(p) * 600_000 + Int64(i) * 1000) })
    }
    let raw = RawConsumer(bootstrap: f.cluster.bootstrapServers, group: "crm-events-sse")
    raw.commit("aetherlink.events", [0: 40, 1: 100])
    let before = Date().timeIntervalSince1970 * 1000
    let j = try f.json(["lag", "crm-events-sse"])
    let after = Date().timeIntervalSince1970 * 1000
    let rows = try #require(j["partitions"] as? [[String: Any]])
    // Partition 0: 60 behind, the first of them 40 s into the hour-old run.
    let p0 = rows[0]
    let first = try #require(p0["firstUnconsumed"] as? [String: Any])
    #expect(first["offset"] as? Int == 40)
    let stamp = try #require(first["timestamp"] as? String)
    let ts = try #require(Self.millis(stamp))
    #expect(try Self.kcatTimestamp(f, partition: 0, offset: 40) == ts)
    let behind = try #require(p0["behindSeconds"] as? Double)
    #expect(behind >= (before - Double(ts)) / 1000 - 0.001 && behind <= (after - Double(ts)) / 1000 + 0.001, "\(behind)")
    #expect(p0["behindFrom"] as? String == "committed")
    // Partition 1: caught up is 0, read from nothing.
    #expect(rows[1]["behindSeconds"] as? Double == 0)
    #expect(rows[1]["firstUnconsumed"] is NSNull)
    // Partition 2: never committed: the oldest retained message's age, labelled.
    #expect(rows[2]["behindFrom"] as? String == "log-start")
    #expect((rows[2]["behindNote"] as? String)?.contains("never committed") == true)
    let oldest = try #require((rows[2]["firstUnconsumed"] as? [String: Any])?["timestamp"] as? String)
    #expect(try Self.kcatTimestamp(f, partition: 2, offset: 0) == Self.millis(oldest))
    // The group line: the largest over the committed partitions (2 is not counted, as in the total).
    #expect(j["maxBehindSeconds"] as? Double == behind)
    #expect(f.run(["lag", "crm-events-sse"], format: .table).output.contains("(oldest retained)"))
  }

  @Test func noTimeReadsNothingAndSaysSo() throws {
    let f = try Fixture()
    #expect(f.run(["produce", "aetherlink.events", "x", "--count", "10", "--partition", "0"]).status == 0)
    RawConsumer(bootstrap: f.cluster.bootstrapServers, group: "g").commit("aetherlink.events", [0: 3])
    let j = try f.json(["lag", "g", "--no-time"])
    #expect(j["maxBehindSeconds"] is NSNull)
    #expect(j["maxBehindReason"] as? String == "not read (--no-time)")
    let rows = try #require(j["partitions"] as? [[String: Any]])
    #expect(rows.allSatisfy { $0["behindSeconds"] is NSNull })
    #expect(!f.run(["lag", "g", "--no-time"], format: .table).output.contains("behind"))
    // group describe shows the same time lag as lag.
    let d = try f.json(["group", "describe", "g"])
    #expect((d["maxBehindSeconds"] as? Double).map { $0 >= 0 } == true)
  }
}
