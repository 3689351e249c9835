import Capacity
import Clients
import Foundation
import Testing
import Vocabulary

@testable import Commands
@testable import Config
@testable import Host
@testable import Output

@Suite(.serialized) struct GroupTests {
  /// 600 events spread over three partitions, the group committed part of
  /// partitions 0 and 1 and never partition 2.
  func seeded() throws -> (Fixture, RawConsumer) {
    let f = try Fixture()
    for p in 0..<3 {
      #expect(f.run(["produce", "aetherlink.events", "{{seq}}", "--count", "200", "--partition", String(p)]).status == 0)
    }
    let raw = RawConsumer(bootstrap: f.cluster.bootstrapServers, group: "crm-events-sse")
    raw.commit("aetherlink.events", [0: 150, 1: 20])
    return (f, raw)
  }

  @Test func lagMatchesOffsetsReadIndependently() throws {
    let (f, raw) = try seeded()
    let j = try f.json(["lag", "crm-events-sse"])
    #expect(j["group"] as? String == "crm-events-sse")
    let rows = try #require(j["partitions"] as? [[String: Any]])
    #expect(rows.count == 3)
    let committed = raw.committed("aetherlink.events", partitions: 3)
    var total = 0
    for row in rows {
      let p = try #require(row["partition"] as? Int)
      let marks = raw.watermarks("aetherlink.events", Int32(p))
      #expect(row["logEnd"] as? Int == Int(marks.high))
      #expect(row["logStart"] as? Int == Int(marks.low))
      if let c = committed[Int32(p)], c >= 0 {
        #expect(row["committed"] as? Int == Int(c))
        #expect(row["lag"] as? Int == Int(marks.high - c))
        total += Int(marks.high - c)
      } else {
        // Never committed: shown as such, with its backlog; not a silent 0.
        #expect(row["committed"] is NSNull)
        #expect(row["lag"] is NSNull)
        #expect(row["backlog"] as? Int == 200)
      }
    }
    #expect(total == 50 + 180)
    #expect(j["totalLag"] as? Int == total)
    // skew over committed partitions: 180 / avg(50, 180)
    let skew = try #require(j["skewRatio"] as? Double)
    #expect(abs(skew - 180.0 / 115.0) < 1e-9)
    #expect((j["hottest"] as? [String: Any])?["partition"] as? Int == 1)
    // The mock cannot describe groups: members are unknown, not an empty list.
    #expect(j["members"] is NSNull)
    #expect(f.run(["lag", "crm-events-sse", "--total"]).output == "230\n")
    // Named, the topic gives the same answer: the mock lists no commits
    // without their partitions named, which the time-lag reader must not
    // take for none.
    let named = f.run(["lag", "crm-events-sse", "--topic", "aetherlink.events", "--total"])
    #expect(named.output == "230\n", "\(named.error ?? "")")
    #expect(named.status == 0)
  }

  @Test func lagTableSaysWhatIsMissing() throws {
    let (f, _) = try seeded()
    let table = f.run(["lag", "crm-events-sse"], format: .table).output
    #expect(table.contains("no commit (backlog 200)"))
    #expect(table.contains("DescribeGroups unsupported"))
  }

  @Test func seekDryRunChangesNothingAndExecuteAppliesThePlan() throws {
    let (f, raw) = try seeded()
    let before = raw.committed("aetherlink.events", partitions: 3)
    let plan = try f.json(["group", "seek", "crm-events-sse", "--to", "start"])
    #expect(plan["executed"] as? Bool == false)
    #expect(raw.committed("aetherlink.events", partitions: 3) == before)
    let rows = try #require(plan["partitions"] as? [[String: Any]])
    #expect(rows.map { $0["after"] as? Int } == [0, 0, 0])

    let done = try f.json(["group", "seek", "crm-events-sse", "--to", "start", "--execute"])
    #expect(done["executed"] as? Bool == true)
    #expect(raw.committed("aetherlink.events", partitions: 3) == [0: 0, 1: 0, 2: 0])
    #expect(f.run(["lag", "crm-events-sse", "--total"]).output == "600\n")

    _ = try f.json(["group", "seek", "crm-events-sse", "--to", "end", "--execute", "--partition", "1"])
    #expect(raw.committed("aetherlink.events", partitions: 3)[1] == 200)
    _ = try f.json(["group", "seek", "crm-events-sse", "--to", "42", "--execute", "--partition", "2"])
    #expect(raw.committed("aetherlink.events", partitions: 3)[2] == 42)
    // An offset past the end is clamped to the log end.
    _ = try f.json(["group", "seek", "crm-events-sse", "--to", "999999", "--execute", "--partition", "0"])
    #expect(raw.committed("aetherlink.events", partitions: 3)[0] == 200)
  }

  @Test func seekByTimeFindsTheOffsetFromMessageTimestamps() throws {
    let f = try Fixture()
    #expect(f.run(["produce", "aetherlink.events", "old{{seq}}", "--count", "5", "--partition", "0"]).status == 0)
    Thread.sleep(forTimeInterval: 0.05)
    let cut = Int64((Date().timeIntervalSince1970 * 1000).rounded())
    Thread.sleep(forTimeInterval: 0.05)
    #expect(f.run(["produce", "aetherlink.events", "new{{seq}}", "--count", "3", "--partition", "0"]).status == 0)
    let plan = try f.json(["group", "seek", "timed", "--to", "@\(cut)", "--partition", "0", "--topic", "aetherlink.events"])
    let rows = try #require(plan["partitions"] as? [[String: Any]])
    #expect(rows.first?["after"] as? Int == 5)
    #expect(f.run(["tail", "aetherlink.events", "--partition", "0", "--from", "@\(cut)", "--no-follow"]).output == "new1\nnew2\nnew3\n")
    let future = f.run(["tail", "aetherlink.events", "--partition", "0", "--from", "@\(cut + 3_600_000)", "--no-follow"])
    #expect(future.output == "")
  }

  @Test func skewAndGroupsLive() throws {
    let (f, _) = try seeded()
    let s = try f.json(["skew", "crm-events-sse"])
    #expect(abs((s["skewRatio"] as? Double ?? 0) - 180.0 / 115.0) < 1e-9)
    let describe = try f.json(["group", "describe", "crm-events-sse"])
    #expect(describe["totalLag"] as? Int == 230)
    #expect(f.run(["skew", "nobody-committed"]).status == 1)
  }

  @Test func etaAndScaleHintMeasureTheRates() throws {
    let (f, seededConsumer) = try seeded()
    // While the window runs, the "consumer" commits 120 more on partitions 0
    // and 1, in two steps so that its commits still move late in the window (a
    // commit that stands past half the window over a backlog is stalled, and
    // then nothing drains), and producers add 60 on partition 2.
    // Handed over: this thread does not touch the consumer or the side
    // session again while the background one uses them.
    nonisolated(unsafe) let raw = seededConsumer
    nonisolated(unsafe) let producer = try Fixture.sideSession(f)
    let background = Thread {
      for (pause, offsets) in [(0.3, [Int32(0): Int64(170), 1: 50]), (0.5, [0: 200, 1: 90])] {
        Thread.sleep(forTimeInterval: pause)
        raw.commit("aetherlink.events", offsets)
      }
      _ = producer.execute(["produce", "aetherlink.events", "x", "--count", "60", "--partition", "2"], capture: true)
    }
    background.start()
    let eta = try f.json(["eta", "crm-events-sse", "--window", "1500ms"])
    let consume = try #require(eta["consumeRate"] as? Double)
    let produce = try #require(eta["produceRate"] as? Double)
    // 120 consumed and 60 produced over a ~1.5 s window.
    #expect(consume > 60 && consume <= 121, "consume \(consume)")
    #expect(produce > 30 && produce <= 61, "produce \(produce)")
    #expect(eta["lag"] as? Int == 110)
    #expect(eta["status"] as? String == "draining")
    let etaSeconds = try #require(eta["etaSeconds"] as? Double)
    #expect(abs(etaSeconds - 110 / (consume - produce)) < 1e-6)

    let stalled = try f.json(["eta", "crm-events-sse", "--window", "300ms"])
    #expect(stalled["status"] as? String == "stalled")
    #expect(stalled["etaSeconds"] is NSNull)

    let hint = f.run(["scale-hint", "crm-events-sse", "--window", "300ms"])
    #expect(hint.status == 2)
    #expect(hint.error?.contains("--capacity") == true)
    let withCapacity = try f.json(["scale-hint", "crm-events-sse", "--window", "300ms", "--capacity", "5", "--target-drain", "10s"])
    // 110 lag in 10 s at 5/s per replica needs 3 (0 incoming), within 3 partitions.
    #expect(withCapacity["needed"] as? Int == 3)
    #expect(withCapacity["max"] as? Int == 3)
  }
}

extension Fixture {
  /// A second session on the same cluster (another operator's shell).
  static func sideSession(_ f: Fixture) throws -> Session {
    var flags = GlobalFlags()
    flags.give(SettingsTable.brokers, f.cluster.bootstrapServers)
    flags.give(SettingsTable.timeoutSeconds, "5s")
    return try Session(flags: flags, environment: [:], config: ConfigFile())
  }
}

@Suite(.serialized) struct TopicTests {
  @Test func topicsAndDescribe() throws {
    let f = try Fixture()
    let topics = f.run(["topics"]).output.split(separator: "\n")
    #expect(topics == ["aetherlink.events", "apexflow.jobs.created", "apexflow.leads.created"])
    #expect(f.run(["topics", "--pattern", "apexflow.*"]).output.split(separator: "\n").count == 2)
    #expect(f.run(["produce", "aetherlink.events", "x", "--count", "7", "--partition", "1"]).status == 0)
    let d = try f.json(["topic", "describe", "aetherlink.events"])
    #expect(d["messages"] as? Int == 7)
    let parts = try #require(d["partitions"] as? [[String: Any]])
    #expect(parts.count == 3)
    #expect(parts[1]["logEnd"] as? Int == 7)
    #expect((parts[0]["replicas"] as? [Int])?.count == 3)
    #expect((parts[0]["isr"] as? [Int])?.count == 3)
  }
}

/// Members and owners as a real broker reports them (the mock cannot), over
/// decoded results.
struct MemberViewTests {
  func snapshot(members: [GroupMember]?) -> GroupSnapshot {
    let offsets = (0..<3).map { p -> PartitionOffsets in
      let tp = TopicPartition("aetherlink.events", Int32(p))
      return PartitionOffsets(
        topic: tp.topic, partition: tp.partition, logStart: 0, logEnd: 100, committed: p == 2 ? nil : 40,
        owner: members?.first { $0.assignment.contains(tp) }?.memberId)
    }
    return GroupSnapshot(
      group: "crm-events-sse", state: members == nil ? "unknown" : "Stable", members: members, membersNote: nil,
      offsets: offsets, lag: evaluateLag(offsets), takenAt: 0)
  }

  let members = [
    GroupMember(
      memberId: "m-1", clientId: "crm-events-1", host: "/10.0.0.5",
      assignment: [TopicPartition("aetherlink.events", 0), TopicPartition("aetherlink.events", 2)]),
    GroupMember(memberId: "m-2", clientId: "crm-events-2", host: "/10.0.0.6", assignment: [TopicPartition("aetherlink.events", 1)]),
  ]

  @Test func jsonCarriesMembersAndOwners() throws {
    let text = GroupReport.json(snapshot(members: members)).serialized()
    let j = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    #expect(j["state"] as? String == "Stable")
    let ms = try #require(j["members"] as? [[String: Any]])
    #expect(ms.map { $0["memberId"] as? String } == ["m-1", "m-2"])
    #expect((ms[0]["partitions"] as? [[String: Any]])?.count == 2)
    let rows = try #require(j["partitions"] as? [[String: Any]])
    #expect(rows.map { $0["memberId"] as? String } == ["m-1", "m-2", "m-1"])
    #expect(rows[2]["committed"] is NSNull)
    #expect(j["totalLag"] as? Int == 120)
  }

  @Test func tableColoursConsumersByThreshold() {
    let r = GroupReport.report(snapshot(members: [members[0]]), thresholds: Thresholds())
    guard case .fields(let fields) = r.sections[0] else {
      Issue.record("no fields")
      return
    }
    #expect(fields.first { $0.0 == "members" }?.1 == Cell("1", level: .warn))
    let unknown = GroupReport.report(snapshot(members: nil), thresholds: Thresholds())
    guard case .fields(let f2) = unknown.sections[0] else { return }
    #expect(!f2.contains { $0.0 == "members" })
  }
}
