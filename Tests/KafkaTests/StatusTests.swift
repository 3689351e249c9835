import Clients
import Foundation
import Testing
import TestSupport

@testable import Host

/// `status` against a served sandbox: the scenarios of the seeds' lag drill,
/// judged from offsets sampled over a short window, and how the process ends.
@Suite(.serialized) struct StatusTests {
  static let topic = "aetherlink.events"
  /// Prometheus and Alertmanager pinned to a closed port: their part is
  /// missing, said in one line, and the Kafka verdict still decides.
  static let offline = ["-p", "http://127.0.0.1:9", "--alertmanager", "http://127.0.0.1:9"]

  func client(_ s: ServedSandbox) throws -> KafkaClient {
    try KafkaClient(properties: [(key: "bootstrap.servers", value: s.bootstrap)], deadlines: Deadlines(seconds: 5))
  }

  /// Commits every partition's current log end for the group, as a consumer that read everything would.
  static func commitEnds(_ c: KafkaClient, group: String = "crm-events-sse") throws {
    let partitions = try c.partitions(of: Self.topic)
    let marks = try c.watermarks(partitions)
    try c.commitOffsets(group: group, marks.mapValues(\.high))
  }

  /// A producer in the background at `rate` messages/s, keyed so every partition gets some.
  func producer(_ s: ServedSandbox, rate: Int = 30) throws -> ChildProcess {
    try ChildProcess(
      [
        ServedSandbox.binary.path, "-b", s.bootstrap, "produce", Self.topic, "e{{seq}}", "--key", "{{seq}}", "--rate",
        String(rate), "--count", "100000",
      ], environment: ServedSandbox.environment)
  }

  func status(_ s: ServedSandbox, _ extra: [String] = [], window: String = "2s") throws -> (
    status: Int32, json: [String: Any], stderr: String
  ) {
    let r = try s.run(Self.offline + ["-o", "json", "status", "crm-events-sse", "--window", window, "--every", "0.4s"] + extra)
    let parsed = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
    let json = try #require(parsed, "stdout: \(r.stdout) \(r.stderr)")
    return (r.status, json, r.stderr)
  }

  /// The test's consumer, on a thread of its own with a client of its own:
  /// `step` every 100 ms until `stop()`, which waits for the thread to end.
  final class Consuming: Sendable {
    let stopped = Locked(false)
    let ended = Locked(false)
    func stop() {
      stopped.update { $0 = true }
      _ = eventually(by: Date().addingTimeInterval(10), every: 0.05) { ended.value }
    }
  }

  static func consuming(_ s: ServedSandbox, _ step: @escaping @Sendable (KafkaClient) -> Void) -> Consuming {
    let c = Consuming()
    let bootstrap = s.bootstrap
    Thread {
      let client = try? KafkaClient(
        properties: [(key: "bootstrap.servers", value: bootstrap)], deadlines: Deadlines(seconds: 5))
      while !c.stopped.value, let client {
        step(client)
        _ = Interrupts.sleep(seconds: 0.1)
      }
      c.ended.update { $0 = true }
    }.start()
    return c
  }

  static func partitions(_ j: [String: Any]) -> [[String: Any]] { j["partitions"] as? [[String: Any]] ?? [] }

  @Test func aConsumerThatStopsWhileTheProducerGoesOnIsStopped() throws {
    let s = try ServedSandbox()
    let c = try client(s)
    try Self.commitEnds(c)
    let p = try producer(s)
    defer { p.stop(grace: 1) }
    #expect(eventually(by: Date().addingTimeInterval(20), every: 0.1) { s.messageCount() >= 30 }, "the producer produced nothing")
    let r = try status(s)
    #expect(r.status == 1, "\(r.stderr)")
    #expect(r.json["verdict"] as? String == "stopped")
    #expect(r.stderr.contains("crm-events-sse is stopped: partition "), "\(r.stderr)")
    for row in Self.partitions(r.json) {
      #expect(row["verdict"] as? String == "stopped", "\(row)")
      let evidence = row["evidence"] as? String ?? ""
      #expect(evidence.hasPrefix("partition \(row["partition"] as? Int ?? -1): committed stuck at 0 for "), "\(evidence)")
      #expect(evidence.contains(" while log end rose "), "\(evidence)")
      // The first unconsumed message is offset 0, produced before the window: behind is its age.
      #expect((row["behindSeconds"] as? Double).map { $0 > 0 } == true, "\(row)")
    }
    #expect(r.json["etaStatus"] as? String == "stalled")
    #expect(r.json["etaSeconds"] is NSNull)
    // The ETA names the partition whose standing backlog keeps it from draining.
    #expect((r.json["etaBlockedBy"] as? String)?.hasSuffix(" stopped") == true, "\(r.json["etaBlockedBy"] ?? "nil")")
    #expect((r.json["produceRate"] as? Double).map { $0 > 0 } == true)
    #expect((r.json["samples"] as? [Any])?.count ?? 0 >= 4)
  }

  @Test func aConsumerThatKeepsUpIsOk() throws {
    let s = try ServedSandbox()
    let c = try client(s)
    try Self.commitEnds(c)
    let p = try producer(s)
    defer { p.stop(grace: 1) }
    // The test's consumer: commits what the log holds.
    let consumer = Self.consuming(s) { try? StatusTests.commitEnds($0) }
    defer { consumer.stop() }
    #expect(eventually(by: Date().addingTimeInterval(20), every: 0.1) { s.messageCount() >= 30 })
    let r = try status(s)
    #expect(r.status == 0, "\(r.stderr)")
    #expect(r.json["verdict"] as? String == "ok")
    #expect(Self.partitions(r.json).allSatisfy { $0["verdict"] as? String == "ok" }, "\(Self.partitions(r.json))")
  }

  /// The drill's last act: the consumer is back and works through the backlog.
  @Test func aConsumerDrainingTheBacklogIsOkWithADrainETA() throws {
    let s = try ServedSandbox()
    #expect(try s.run(["produce", Self.topic, "x{{seq}}", "--key", "{{seq}}", "--count", "3000"]).status == 0)
    let c = try client(s)
    let partitions = try c.partitions(of: Self.topic)
    try c.commitOffsets(group: "crm-events-sse", Dictionary(uniqueKeysWithValues: partitions.map { ($0, Int64(0)) }))
    // The test's consumer: 10 messages a partition each time, never past the log end.
    let consumer = Self.consuming(s) { c in
      if let ps = try? c.partitions(of: StatusTests.topic), let marks = try? c.watermarks(ps),
        let committed = try? c.committedOffsets(group: "crm-events-sse", partitions: ps)
      {
        let next = Dictionary(uniqueKeysWithValues: ps.map { ($0, min((committed[$0] ?? 0) + 10, marks[$0]?.high ?? 0)) })
        try? c.commitOffsets(group: "crm-events-sse", next)
      }
    }
    defer { consumer.stop() }
    let r = try status(s, window: "1.2s")
    #expect(r.status == 0, "\(r.stderr)")
    #expect(r.json["verdict"] as? String == "ok")
    let rows = Self.partitions(r.json)
    #expect(rows.allSatisfy { ($0["evidence"] as? String)?.contains("draining: lag ") == true }, "\(rows)")
    #expect(r.json["etaStatus"] as? String == "draining")
    #expect((r.json["etaSeconds"] as? Double).map { $0 > 0 } == true)
    #expect((r.json["consumeRate"] as? Double).map { $0 > 0 } == true)
  }

  @Test func anIdleTopicIsIdleNotStoppedAndTheMissingPartsAreSaid() throws {
    let s = try ServedSandbox()
    let seed = try s.run(["produce", Self.topic, "x{{seq}}", "--key", "{{seq}}", "--count", "30"])
    #expect(seed.status == 0, "\(seed.stderr)")
    try Self.commitEnds(try client(s))
    let r = try status(s)
    #expect(r.status == 0, "\(r.stderr)")
    #expect(r.json["verdict"] as? String == "idle")
    for row in Self.partitions(r.json) {
      #expect(row["verdict"] as? String == "idle")
      #expect((row["evidence"] as? String)?.contains("no traffic") == true)
      #expect(row["behindSeconds"] as? Double == 0)
    }
    // Prometheus down: the Kafka part answers, and one line says what is missing.
    #expect(r.json["alerts"] is NSNull)
    let missing = r.json["missing"] as? [String] ?? []
    #expect(missing.contains { $0.hasPrefix("alerts: unknown, Prometheus did not answer") }, "\(missing)")
    // The mock cannot describe groups: members unknown, not an empty list, and said.
    #expect(r.json["members"] is NSNull)
    #expect((r.json["membersNote"] as? String)?.contains("DescribeGroups") == true)
    let table = try s.run(Self.offline + ["status", "crm-events-sse", "--window", "1s", "--every", "0.5s"])
    #expect(table.status == 0)
    #expect(table.stdout.contains("verdict    idle"), "\(table.stdout)")
    #expect(table.stdout.contains("alerts: unknown, Prometheus did not answer"))
    #expect(table.stdout.contains("next: nothing"))
  }

  @Test func aSeekToTheStartMidWindowIsRewound() throws {
    let s = try ServedSandbox()
    #expect(try s.run(["produce", Self.topic, "x{{seq}}", "--key", "{{seq}}", "--count", "30"]).status == 0)
    try Self.commitEnds(try client(s))
    var seek: ProgramRun?
    let r = try s.run(
      Self.offline + ["-v", "-o", "json", "status", "crm-events-sse", "--window", "3s", "--every", "0.3s"],
      when: .output("crm-events-sse: sample 3 at"),
      action: { _ in
        seek = try? runToCompletion(
          ServedSandbox.binary.path, ["-b", s.bootstrap, "group", "seek", "crm-events-sse", "--to", "start", "--execute"],
          environment: ServedSandbox.environment, deadline: 20)
      })
    #expect(seek?.end == .exited(0), "\(seek?.stderr ?? "seek did not run")")
    #expect(r.status == 1, "\(r.stderr)")
    let parsed = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
    let json = try #require(parsed, "\(r.stdout)")
    #expect(json["verdict"] as? String == "rewound")
    let rewound = Self.partitions(json).filter { $0["verdict"] as? String == "rewound" }
    #expect(!rewound.isEmpty, "\(Self.partitions(json))")
    #expect(rewound.allSatisfy { ($0["evidence"] as? String)?.contains("committed went back") == true })
  }

  @Test func badWindowsAreUsageErrors() throws {
    let s = try ServedSandbox()
    for (args, message) in [
      (["--window", "0s"], "--window must be longer than 0s"), (["--every", "5s", "--window", "2s"], "is longer than --window"),
    ] {
      let r = try s.run(["status", "crm-events-sse"] + args)
      #expect(r.status == 2, "\(args): \(r.stderr)")
      #expect(r.stderr.contains(message), "\(r.stderr)")
    }
  }
}
