import Foundation
import Testing

@testable import Commands
@testable import Config
@testable import Host

@Suite(.serialized) struct ProduceTailTests {
  @Test func producedMessagesComeBackWithKeysHeadersAndTemplates() throws {
    let f = try Fixture()
    let produced = try f.json([
      "produce", "aetherlink.events", "{\"Type\":\"JobCreated\",\"Seq\":{{seq}},\"Ts\":\"{{now}}\"}",
      "--count", "300", "--key", "k{{seq}}", "--header", "source=aetherctl-test",
    ])
    #expect(produced["delivered"] as? Int == 300)
    #expect(produced["failed"] as? Int == 0)
    #expect(produced["unknown"] as? Int == 0)

    let lines = try f.jsonLines(["tail", "aetherlink.events", "--no-follow"])
    #expect(lines.count == 300)
    var seqs: [Int] = []
    var lastOffset: [Int: Int] = [:]
    for m in lines {
      let p = try #require(m["partition"] as? Int)
      let o = try #require(m["offset"] as? Int)
      #expect(o > lastOffset[p, default: -1], "offsets grow within partition \(p)")
      lastOffset[p] = o
      let value = try #require(m["value"] as? String)
      let event = try #require(try JSONSerialization.jsonObject(with: Data(value.utf8)) as? [String: Any])
      let seq = try #require(event["Seq"] as? Int)
      seqs.append(seq)
      #expect(m["key"] as? String == "k\(seq)")
      #expect((m["headers"] as? [[String]])?.first == ["source", "aetherctl-test"])
      #expect((event["Ts"] as? String)?.hasSuffix("Z") == true)
      // A rendered message carries the time it was rendered at, its {{now}}.
      #expect(m["timestamp"] as? String == event["Ts"] as? String)
    }
    #expect(seqs.sorted() == Array(1...300))
    // Keys spread the messages over all three partitions.
    #expect(Set(lastOffset.keys) == [0, 1, 2])
  }

  /// Keyless messages go in runs, one partition per run: each partition still
  /// holds its messages in the order they were rendered, and the runs spread
  /// over the partitions.
  @Test func keylessRunsKeepTheOrderWithinEachPartition() throws {
    let f = try Fixture()
    #expect(f.run(["produce", "aetherlink.events", "{{seq}}", "--count", "20000"]).status == 0)
    let (all, partitions) = try Self.numbersInPartitionOrder(f.jsonLines(["tail", "aetherlink.events", "--no-follow"]))
    #expect(all.sorted() == Array(1...20000))
    #expect(partitions.count > 1, "all runs went to one partition")
  }

  @Test func orderWithinAPartitionIsTheProduceOrder() throws {
    let f = try Fixture()
    #expect(f.run(["produce", "aetherlink.events", "{{seq}}", "--count", "50", "--partition", "1"]).status == 0)
    let values = f.run(["tail", "aetherlink.events", "--partition", "1", "--no-follow"]).output
    #expect(values == (1...50).map { "\($0)\n" }.joined())
  }

  /// A backlog far over the prefetch bound: librdkafka stops fetching each
  /// time the bound is passed and the consumer wakes it (FetchWaker). Every
  /// message arrives once and in order per partition, read by the simple
  /// consumer (no group) and by the group consumer.
  @Test func aBacklogOverThePrefetchBoundArrivesWhole() throws {
    let f = try Fixture(kafkaProperties: ["queued.max.messages.kbytes=1"])
    #expect(f.run(["produce", "aetherlink.events", "v{{seq}}", "--count", "6000", "--key", "k{{seq}}"]).status == 0)
    for extra in [[], ["--group", "backlog-readers"]] {
      let lines = try f.jsonLines(["tail", "aetherlink.events", "--no-follow"] + extra)
      var next: [Int: Int] = [:]
      var values: [String] = []
      for m in lines {
        let p = try #require(m["partition"] as? Int)
        #expect(m["offset"] as? Int == next[p, default: 0], "partition \(p) \(extra)")
        next[p] = (m["offset"] as? Int ?? 0) + 1
        values.append(try #require(m["value"] as? String))
      }
      #expect(values.count == 6000, "\(extra)")
      #expect(Set(values) == Set((1...6000).map { "v\($0)" }), "\(extra)")
      #expect(Set(next.keys) == [0, 1, 2])
    }
  }

  @Test func tailOffsetSpecsAndLimit() throws {
    let f = try Fixture()
    #expect(f.run(["produce", "aetherlink.events", "m{{seq}}", "--count", "20", "--partition", "0"]).status == 0)
    let t = { (args: [String]) in f.run(["tail", "aetherlink.events", "--partition", "0", "--no-follow"] + args).output }
    #expect(t(["--from", "-3"]) == "m18\nm19\nm20\n")
    #expect(t(["--from", "15", "-n", "2"]) == "m16\nm17\n")
    #expect(t(["--from", "end"]) == "")
    #expect(t(["--from", "beginning", "--limit", "1"]) == "m1\n")
    #expect(t(["--from", "-100"]).split(separator: "\n").count == 20)
    let formatted = f.run(["tail", "aetherlink.events", "--partition", "0", "--from", "-1", "--format", "%t/%p/%o=%s\\n"])
    #expect(formatted.output == "aetherlink.events/0/19=m20\n")
  }

  /// Headers are read from librdkafka only when output asks for them (JSON
  /// lines, `%h`): each form still shows exactly what it promises.
  @Test func headersAppearWhereTheOutputShowsThem() throws {
    let f = try Fixture()
    #expect(
      f.run(["produce", "aetherlink.events", "v{{seq}}", "--count", "2", "--partition", "2", "--key", "k{{seq}}",
             "--header", "a=1", "--header", "b=x"]).status == 0)
    let t = { (args: [String]) in f.run(["tail", "aetherlink.events", "--partition", "2", "--no-follow"] + args) }
    let formatted = t(["--format", "%k %h %s %K/%S\\n"])
    #expect(formatted.status == 0)
    #expect(formatted.output == "k1 a=1,b=x v1 2/2\nk2 a=1,b=x v2 2/2\n")
    let plain = t(["-o", "plain"])
    #expect(plain.output == "v1\nv2\n")
    #expect(plain.status == 0)
    let json = t(["-o", "json"]).output.split(separator: "\n")
    #expect(json.count == 2)
    #expect(json.allSatisfy { $0.contains(#""headers":[["a","1"],["b","x"]]"#) }, "\(json)")
    let counted = t(["--count-by", "key", "-o", "plain"])
    #expect(counted.output == "1 k1\n1 k2\n")
    #expect(counted.status == 0)
  }

  @Test func tailFilters() throws {
    let f = try Fixture()
    #expect(
      f.run(["produce", "aetherlink.events", "{\"Type\":\"{{pick JobCreated|LeadCreated}}\",\"Seq\":{{seq}}}", "--count", "40"])
        .status == 0)
    let jobs = f.run(["tail", "aetherlink.events", "--no-follow", "--where", "Type=JobCreated"]).output
      .split(separator: "\n")
    let leads = f.run(["tail", "aetherlink.events", "--no-follow", "--where", "Type!=JobCreated"]).output
      .split(separator: "\n")
    #expect(jobs.count + leads.count == 40)
    #expect(jobs.allSatisfy { $0.contains("JobCreated") })
    let seven = f.run(["tail", "aetherlink.events", "--no-follow", "--where", "Seq=7"]).output
    #expect(seven.contains("\"Seq\":7}"))
    #expect(seven.split(separator: "\n").count == 1)
    let grep = f.run(["tail", "aetherlink.events", "--no-follow", "--grep", "Seq\":1[0-9]\\}"]).output
    #expect(grep.split(separator: "\n").count == 10)
  }

  @Test func tailWithAGroupCommitsWhatItRead() throws {
    let f = try Fixture()
    #expect(f.run(["produce", "aetherlink.events", "{{seq}}", "--count", "30", "--partition", "2"]).status == 0)
    #expect(f.run(["tail", "aetherlink.events", "--group", "readers", "-n", "10"]).status == 0)
    let raw = RawConsumer(bootstrap: f.cluster.bootstrapServers, group: "readers")
    #expect(raw.committed("aetherlink.events", partitions: 3)[2] == 10)
    // The next read continues from the commit.
    #expect(f.run(["tail", "aetherlink.events", "--group", "readers", "-n", "1"]).output == "11\n")
    // Without --group nothing is committed.
    _ = f.run(["tail", "aetherlink.events", "--no-follow"])
    #expect(raw.committed("aetherlink.events", partitions: 3)[2] == 11)
  }

  @Test func produceFromAFile() throws {
    let f = try Fixture()
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("lines-\(UUID()).jsonl").path
    try "one\ntwo\r\nthree\n".write(toFile: path, atomically: true, encoding: .utf8)
    defer { try? FileManager.default.removeItem(atPath: path) }
    let r = try f.json(["produce", "apexflow.leads.created", "--file", path, "--partition", "0"])
    #expect(r["delivered"] as? Int == 3)
    // The CR of a CRLF line is the message's byte unless --crlf says otherwise (kcat keeps it too).
    #expect(f.run(["tail", "apexflow.leads.created", "--no-follow"]).output == "one\ntwo\\x0d\nthree\n")
  }

  /// A regular file is sent in runs, as rendered messages are: every line
  /// once, spread over the partitions, each partition in file order.
  @Test func aFileGoesInRunsEveryLineOnceInOrder() throws {
    let f = try Fixture()
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("runs-\(UUID()).txt").path
    try (1...10_000).map(String.init).joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
    defer { try? FileManager.default.removeItem(atPath: path) }
    let r = try f.json(["produce", "aetherlink.events", "--file", path])
    #expect(r["delivered"] as? Int == 10_000)
    let (all, partitions) = try Self.numbersInPartitionOrder(f.jsonLines(["tail", "aetherlink.events", "--no-follow"]))
    #expect(all.sorted() == Array(1...10_000))
    #expect(partitions == [0, 1, 2], "\(partitions)")
  }

  /// The numbered values of tailed JSON lines, each partition expected to
  /// hold its own in increasing order; and the partitions they were on.
  static func numbersInPartitionOrder(_ lines: [[String: Any]]) throws -> (all: [Int], partitions: Set<Int>) {
    var last: [Int: Int] = [:]
    var all: [Int] = []
    for m in lines {
      let p = try #require(m["partition"] as? Int)
      let n = try #require(Int(m["value"] as? String ?? ""))
      #expect(n > last[p, default: 0], "partition \(p): \(n) after \(last[p, default: 0])")
      last[p] = n
      all.append(n)
    }
    return (all, Set(last.keys))
  }

  @Test func invalidUTF8StaysValidJSON() throws {
    let f = try Fixture()
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("bad-\(UUID()).bin").path
    try Data([0x61, 0xff, 0xfe, 0x62, 0x0a]).write(to: URL(fileURLWithPath: path))
    defer { try? FileManager.default.removeItem(atPath: path) }
    #expect(f.run(["produce", "aetherlink.events", "--file", path]).status == 0)
    let lines = try f.jsonLines(["tail", "aetherlink.events", "--no-follow"])
    // Reversible: base64 of the bytes, and it says so.
    #expect(lines.first?["valueEncoding"] as? String == "base64")
    #expect((lines.first?["value"] as? String).flatMap { Data(base64Encoded: $0) } == Data([0x61, 0xff, 0xfe, 0x62]))
    #expect(f.run(["tail", "aetherlink.events", "--no-follow"], format: .table).output.contains("\\x"))
  }

  @Test func produceErrors() throws {
    let f = try Fixture()
    let unknown = f.run(["produce", "no.such.topic", "x"])
    #expect(unknown.status == 1)
    #expect(unknown.error?.contains("topic no.such.topic does not exist; create it first") == true, "\(unknown.error ?? "")")
    let template = f.run(["produce", "aetherlink.events", "{{sq}}"])
    #expect(template.status == 2)
    #expect(template.error?.contains("unknown placeholder") == true)
    let raw = f.run(["produce", "aetherlink.events", "{{sq}}", "--raw", "--partition", "0"])
    #expect(raw.status == 0)
    #expect(f.run(["tail", "aetherlink.events", "--no-follow"]).output == "{{sq}}\n")
    #expect(f.run(["produce", "aetherlink.events", "x", "--count", "-5"]).status == 2)
    #expect(f.run(["produce", "aetherlink.events", "x", "--count", "0"]).status == 2)
    let badFrom = f.run(["tail", "aetherlink.events", "--from", "yesterday"])
    #expect(badFrom.status == 2)
    #expect(f.run(["tail", "no.such.topic", "--no-follow"]).status == 1)
  }
}
