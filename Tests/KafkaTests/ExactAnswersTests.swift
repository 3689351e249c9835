import CRdKafka
import Clients
import Foundation
import Formats
import Testing
import TestSupport

@testable import Commands
@testable import Config
@testable import Host

/// What aetherctl prints about messages and offsets is what is in the log,
/// cross-checked with the raw librdkafka API, or it says what it could not
/// know. Each case here was a wrong datum before.
@Suite(.serialized) struct ExactAnswersTests {
  /// Messages with timestamps chosen by the test (CreateTime, as a producer
  /// with its own clock sets them), through aetherctl's client library.
  static func produce(_ f: Fixture, partition: Int32, stamped: [(value: String, ms: Int64)]) throws {
    let producer = try KafkaProducer(
      properties: [(key: "bootstrap.servers", value: f.cluster.bootstrapServers)], deadlines: Deadlines(seconds: 5))
    for m in stamped {
      let bytes = Array(m.value.utf8)
      try bytes.withUnsafeBytes { v in
        _ = try producer.send(topic: "aetherlink.events", partition: partition, key: nil, value: v, timestampMs: m.ms)
      }
    }
    #expect(producer.flush(timeoutMs: 5000))
  }

  /// The peer's reading of a partition: `offset timestamp` per message, by kcat.
  static func kcatOffsetsAndTimestamps(_ f: Fixture, partition: Int32) throws -> [(offset: Int64, timestamp: Int64)] {
    let r = try runToCompletion(
      "/usr/bin/kcat",
      ["-C", "-b", f.cluster.bootstrapServers, "-t", "aetherlink.events", "-p", String(partition), "-o", "beginning",
        "-e", "-q", "-f", "%o %T\\n"],
      // No kcat.conf of the machine's changes the peer's reading.
      environment: ["PATH": "/usr/bin:/bin", "HOME": "/nonexistent"], deadline: 30)
    #expect(r.end == .exited(0), "kcat: \(r.end) \(r.stderr)")
    return r.stdout.split(separator: "\n").compactMap { line in
      let parts = line.split(separator: " ").compactMap { Int64($0) }
      return parts.count == 2 ? (parts[0], parts[1]) : nil
    }
  }

  @Test func nowIsTheMessagesOwnTimestampOnEveryPath() throws {
    let f = try Fixture()
    // --rate 4: each message's {{now_ms}} is the instant it was sent.
    #expect(f.run(["produce", "aetherlink.events", "{{now_ms}}", "--rate", "4", "--count", "4", "--partition", "0"]).status == 0)
    // The fast path, many messages: the same, whatever the batching.
    #expect(f.run(["produce", "aetherlink.events", "{{now_ms}}", "--count", "3000", "--partition", "1"]).status == 0)
    for p in ["0", "1"] {
      let lines = f.run(["tail", "aetherlink.events", "--partition", p, "--no-follow", "--format", "%T %s\\n"]).output
        .split(separator: "\n")
      #expect(lines.count == (p == "0" ? 4 : 3000))
      let mismatched = lines.filter { line in
        let parts = line.split(separator: " ")
        return parts.count != 2 || parts[0] != parts[1]
      }
      #expect(mismatched.isEmpty, "partition \(p): timestamp and {{now_ms}} differ: \(mismatched.prefix(3))")
    }
    let stamps = f.run(["tail", "aetherlink.events", "--partition", "0", "--no-follow", "--format", "%T\\n"]).output
      .split(separator: "\n").compactMap { Int64($0) }
    #expect(Set(stamps).count == 4, "messages 1 and 2 carried the same {{now}}: \(stamps)")
  }

  /// Offsets 0–7 stamped base+1, 5, 2, 6, 3, 7, 4, 8 s: the first offset whose
  /// timestamp ≥ T (Kafka's rule) for tail --from @T and group seek --to @T.
  @Test func timeLookupsFollowKafkasRuleOnOutOfOrderTimestamps() throws {
    let f = try Fixture()
    let base = Int64((Date().timeIntervalSince1970 - 3600) * 1000)
    let seconds: [Int64] = [1, 5, 2, 6, 3, 7, 4, 8]
    try Self.produce(f, partition: 0, stamped: seconds.enumerated().map { ("m\($0.offset)", base + $0.element * 1000) })
    // The log holds what was produced, as kcat reads it.
    let peer = try Self.kcatOffsetsAndTimestamps(f, partition: 0)
    #expect(peer.map(\.timestamp) == seconds.map { base + $0 * 1000 }, "\(peer)")
    for (at, expected) in [(2500, 1), (3500, 1), (4500, 1), (5500, 3), (6500, 5), (7500, 7), (8500, 8)] {
      let t = base + Int64(at)
      // Kafka's rule over kcat's reading gives the same answer.
      #expect((peer.first { $0.timestamp >= t }?.offset ?? 8) == Int64(expected))
      let first = f.run([
        "tail", "aetherlink.events", "--partition", "0", "--from", "@\(t)", "--no-follow", "--format", "%o\\n",
      ]).output.split(separator: "\n").first.map(String.init)
      #expect(first == (expected < 8 ? String(expected) : nil), "tail --from @base+\(at)ms: \(first ?? "nothing")")
      let plan = try f.json(["group", "seek", "g", "--to", "@\(t)", "--partition", "0", "--topic", "aetherlink.events"])
      let after = (plan["partitions"] as? [[String: Any]])?.first?["after"] as? Int
      #expect(after == expected, "group seek --to @base+\(at)ms: \(after ?? -1)")
    }
  }

  @Test func grepMatchesLongValuesOrSaysItCannot() throws {
    let f = try Fixture()
    let big = String(repeating: "x", count: 1_000_000)
    let file = FileManager.default.temporaryDirectory.appendingPathComponent("aetherctl-big-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: file) }
    try (big + "\nsmall-xx\n").write(to: file, atomically: true, encoding: .utf8)
    #expect(f.run(["produce", "aetherlink.events", "--file", file.path, "--partition", "0"]).status == 0)
    let shown = f.run(["tail", "aetherlink.events", "--grep", "x+", "--no-follow", "--format", "%o %S\\n"]).output
    #expect(shown == "0 1000000\n1 8\n", "\(shown)")
    let anchored = f.run(["tail", "aetherlink.events", "--grep", "^x+$", "--no-follow", "--format", "%o\\n"]).output
    #expect(anchored == "0\n", "\(anchored)")
  }

  /// Not a JSON object, or no such field: neither = nor != holds. A dot in a
  /// key is written `\.`.
  @Test func whereOnlyJudgesObjectsThatHaveTheField() throws {
    let f = try Fixture()
    let values = [#"{"Type":"A"}"#, #"{"Type":"B"}"#, "not json", #"["Type","B"]"#, #"{"Other":1}"#, #"{"a.b":"x","a":{"b":"y"}}"#]
    for v in values { #expect(f.run(["produce", "aetherlink.events", v, "--raw", "--partition", "0"]).status == 0) }
    func shown(_ clause: String) -> [String] {
      f.run(["tail", "aetherlink.events", "--where", clause, "--no-follow", "--format", "%o\\n"]).output
        .split(separator: "\n").map(String.init)
    }
    #expect(shown("Type=A") == ["0"])
    #expect(shown("Type!=A") == ["1"])
    #expect(shown(#"a\.b=x"#) == ["5"])
    #expect(shown("a.b=y") == ["5"])
    #expect(shown(#"a\.b!=x"#) == [])
  }

  @Test func jsonLinesKeepRepeatedHeadersAndBytesThatAreNotText() throws {
    let f = try Fixture()
    let bin = FileManager.default.temporaryDirectory.appendingPathComponent("aetherctl-bin-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: bin) }
    let bytes: [UInt8] = Array("ok".utf8) + [0xFF, 0xFE] + Array(#"\xff"#.utf8)
    try Data(bytes + [0x0A]).write(to: bin)
    #expect(
      f.run(["produce", "aetherlink.events", "--file", bin.path, "--partition", "0", "--header", "a=1", "--header", "a=2"])
        .status == 0)
    #expect(f.run(["produce", "aetherlink.events", #"\xff"#, "--raw", "--partition", "0"]).status == 0)
    let lines = try f.jsonLines(["tail", "aetherlink.events", "--no-follow"])
    #expect(lines.count == 2)
    let headers = lines[0]["headers"] as? [[String]]
    #expect(headers == [["a", "1"], ["a", "2"]], "\(lines[0])")
    #expect(lines[0]["valueEncoding"] as? String == "base64")
    let decoded = (lines[0]["value"] as? String).flatMap { Data(base64Encoded: $0) }.map { Array($0) }
    #expect(decoded == bytes, "the bytes come back whole")
    // The text `\xff` is text: no encoding, and it differs from the bytes above.
    #expect(lines[1]["value"] as? String == #"\xff"#)
    #expect(lines[1]["valueEncoding"] == nil)
  }

  @Test func commitsOutsideTheLogAreSaid() throws {
    let f = try Fixture()
    // The group commits at 0 on an empty partition; then 8,000 × 1 KB: the
    // mock keeps about 5 MB, so the oldest messages are deleted.
    for g in ["g", "member", "alone"] {
      #expect(f.run(["tail", "aetherlink.events", "--group", g, "--partition", "0", "--no-follow", "--format", ""]).status == 0)
    }
    let file = FileManager.default.temporaryDirectory.appendingPathComponent("aetherctl-1k-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: file) }
    try String(repeating: String(repeating: "y", count: 1000) + "\n", count: 8000).write(
      to: file, atomically: true, encoding: .utf8)
    #expect(f.run(["produce", "aetherlink.events", "--file", file.path, "--partition", "0"]).status == 0)
    let raw = RawConsumer(bootstrap: f.cluster.bootstrapServers, group: "g")
    let (low, high) = raw.watermarks("aetherlink.events", 0)
    #expect(low > 0 && high == 8000, "retention moved the log start: \(low)…\(high)")
    // A reader of the group starts at the log start and says why, as a
    // member (subscribed) and alone (--partition); each prints what it read.
    for (group, extra) in [("member", [String]()), ("alone", ["--partition", "0"])] {
      let read = try runToCompletion(
        ServedSandbox.binary.path,
        ["-b", f.cluster.bootstrapServers, "--timeout", "5s", "tail", "aetherlink.events", "--group", group, "-n", "1",
         "--format", "%p %o\\n"] + extra,
        environment: ServedSandbox.environment, deadline: 60)
      #expect(read.end == .exited(0), "\(group): \(read.stderr)")
      #expect(read.stdout == "0 \(low)\n", "\(group): \(read.stdout)")
      #expect(
        read.stderr.contains("\(group)'s commit on aetherlink.events[0] is 0, outside the log (\(low)–8000); starting at \(low)"),
        "\(group): \(read.stderr)")
    }
    let describe = try f.json(["lag", "g", "--topic", "aetherlink.events"])
    let p0 = try #require((describe["partitions"] as? [[String: Any]])?.first { $0["partition"] as? Int == 0 })
    #expect(p0["lag"] as? Int == 8000)
    #expect(p0["readableLag"] as? Int == Int(high - low))
    #expect(p0["commitOutOfRange"] as? String == "below-log-start")
    let table = f.run(["lag", "g", "--topic", "aetherlink.events"], format: .table).output
    #expect(table.contains("\(formatCount(high - low)) still readable"), "\(table)")
    #expect(table.contains("auto.offset.reset"), "\(table)")
    // A seek below the log start is clamped, and said, as tail says it.
    let seek = f.session.execute(["group", "seek", "g", "--to", "10", "--partition", "0", "-o", "plain"], capture: true)
    #expect(seek.status == 0)
    #expect(seek.output.contains("aetherlink.events 0 \(low)"), "\(seek.output)")

    // A commit past the log end: lag 0, flagged.
    raw.commit("aetherlink.events", [1: 1000])
    let beyond = try f.json(["lag", "g", "--topic", "aetherlink.events"])
    let p1 = try #require((beyond["partitions"] as? [[String: Any]])?.first { $0["partition"] as? Int == 1 })
    #expect(p1["commitOutOfRange"] as? String == "beyond-log-end")
    #expect(f.run(["lag", "g", "--topic", "aetherlink.events"], format: .table).output.contains("committed 1,000 > log end 0"))
  }

  @Test func anAssumedTopicIsNamedAsSuch() throws {
    let f = try Fixture()
    #expect(f.run(["produce", "apexflow.leads.created", "x", "--count", "3"]).status == 0)
    #expect(f.run(["tail", "apexflow.leads.created", "--group", "g1", "--no-follow", "--format", ""]).status == 0)
    let assumed = f.run(["lag", "g1"])
    #expect(assumed.status == 1)
    #expect(
      assumed.error?.contains(
        "aetherlink.events is the profile's topic, assumed because the broker listed no committed topics for 'g1'; pass --topic TOPIC")
        == true, "\(assumed.error ?? "")")
    #expect(f.run(["lag", "g1", "--topic", "apexflow.leads.created", "--total"]).output == "0\n")
  }

  @Test func seekDurationsNeedAUnitAndCRLFBytesAreKept() throws {
    let f = try Fixture()
    let bare = f.run(["group", "seek", "g", "--to", "-3"])
    #expect(bare.status == 2)
    #expect(bare.error?.contains("'-3' needs a unit: -3s") == true, "\(bare.error ?? "")")
    #expect(f.run(["group", "seek", "g", "--to", "-3s"]).status == 0)
    let file = FileManager.default.temporaryDirectory.appendingPathComponent("aetherctl-crlf-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: file) }
    try "ab\r\ncd\r\n".write(to: file, atomically: true, encoding: .utf8)
    #expect(f.run(["produce", "aetherlink.events", "--file", file.path, "--partition", "0"]).status == 0)
    #expect(f.run(["produce", "aetherlink.events", "--file", file.path, "--partition", "1", "--crlf"]).status == 0)
    #expect(f.run(["tail", "aetherlink.events", "--partition", "0", "--no-follow", "--format", "%S\\n"]).output == "3\n3\n")
    #expect(f.run(["tail", "aetherlink.events", "--partition", "1", "--no-follow", "--format", "%S\\n"]).output == "2\n2\n")
  }
}
