import Foundation
import Testing
import TestSupport

/// Issue 28's scenarios on a real broker with real members: what `status`,
/// `eta`, `scale-hint` and `lag` advise must follow from what the members
/// do. Each builds its own broker (RealBrokerTests is serialized).
extension RealBrokerTests {
  /// Runs aetherctl with a profile holding `capacity`, and Prometheus pointed at nothing.
  static func withCapacity(_ broker: RealBroker, _ capacity: Double?, _ args: [String]) throws -> ProgramRun {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("aether-advice-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let file = dir.appendingPathComponent("config.toml")
    let profile = "[profiles.local]\n" + (capacity.map { "capacity = \($0)\n" } ?? "")
    try profile.write(to: file, atomically: true, encoding: .utf8)
    return try aether(broker, ["--config", file.path, "-p", "http://127.0.0.1:9"] + args, deadline: 90)
  }

  static func object(_ r: ProgramRun) throws -> [String: Any] {
    try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any], "\(r.stdout) \(r.stderr)")
  }

  /// One member at 30/s with auto-commit every second keeps up: caught up, no
  /// invented capacity, and with a configured capacity below what it does, no scale-up.
  @Test func aGroupThatKeepsUpIsToldNothingToDo() throws {
    let broker = try RealBroker()
    let producer = try TestProducer(bootstrap: broker.bootstrap, topic: Self.topic, partitions: [0, 1, 2], perSecond: 10)
    defer { producer.stop() }
    let member = try TestMember(
      bootstrap: broker.bootstrap, group: "keeper", topics: [Self.topic], clientId: "keeper-1", autoCommitMs: 1000)
    defer { member.stop() }
    _ = try Self.waitForAssignment(broker, "keeper") { $0 == ["keeper-1": [0, 1, 2]] }
    #expect(eventually(by: Date().addingTimeInterval(20)) { member.consumed.count >= 60 })

    let bare = try Self.withCapacity(broker, nil, ["-o", "json", "status", "keeper", "--window", "6s", "--every", "0.5s"])
    #expect(bare.end == .exited(0), "\(bare.stderr)")
    let s = try Self.object(bare)
    #expect(["ok", "idle"].contains(s["verdict"] as? String), "\(s)")
    #expect(["caught-up", "drained"].contains(s["etaStatus"] as? String), "\(s["etaStatus"] ?? "") lag \(s["totalLag"] ?? "")")
    #expect(s["scale"] is NSNull)
    #expect((s["advice"] as? String)?.hasPrefix("nothing") == true, "\(s["advice"] ?? "")")

    // The profile says 5/s per replica; the member does 30/s: no scale-up, and why.
    let configured = try Self.withCapacity(broker, 5, ["-o", "json", "status", "keeper", "--window", "6s", "--every", "0.5s"])
    #expect(configured.end == .exited(0), "\(configured.stderr)")
    let c = try Self.object(configured)
    let scale = try #require(c["scale"] as? [String: Any], "\(c)")
    #expect(scale["reason"] as? String == "keeping-up", "\(scale)")
    #expect(scale["recommended"] as? Int == 1)
    #expect(!(c["advice"] as? String ?? "").contains("scale the consumers"), "\(c["advice"] ?? "")")

    let eta = try Self.aether(broker, ["-o", "json", "eta", "keeper", "--window", "6s"], deadline: 60)
    #expect(eta.end == .exited(0), "\(eta.stderr)")
    #expect(["caught-up", "drained"].contains(try Self.object(eta)["status"] as? String), "\(eta.stdout)")
    let hint = try Self.aether(broker, ["-o", "json", "scale-hint", "keeper", "--capacity", "5", "--window", "6s"])
    #expect(hint.end == .exited(0), "\(hint.stderr)")
    #expect(try Self.object(hint)["reason"] as? String == "keeping-up", "\(hint.stdout)")
    // No capacity anywhere: a script's stand-in value and the reason, never an invented number (the runbooks use this).
    let unknown = try Self.aether(broker, ["-o", "plain", "scale-hint", "keeper", "--window", "2s", "--or", "unknown"])
    #expect(unknown.end == .exited(0), "\(unknown.stderr)")
    #expect(unknown.stdout == "unknown\n")
    #expect(unknown.stderr.contains("they keep up"), "\(unknown.stderr)")
    let refused = try Self.aether(broker, ["scale-hint", "keeper", "--window", "2s"])
    #expect(refused.end == .exited(2))
    #expect(refused.stderr.contains("give --capacity"), "\(refused.stderr)")
    #expect(try Self.aether(broker, ["scale-hint", "--rate", "5", "--capacity", "1", "--or", "x"]).end == .exited(2))
  }

  /// One live member at 20/s owning three partitions with backlogs reads
  /// them in turn: the ones it has not reached are lagging, never "stopped",
  /// and nothing tells the operator to restart it.
  @Test func aSlowLiveMemberIsNeverCalledStoppedNorRestarted() throws {
    let broker = try RealBroker()
    for p in 0..<3 {
      #expect(try Self.aether(broker, ["produce", Self.topic, "m{{seq}}", "--count", "400", "--partition", String(p)]).end == .exited(0))
    }
    let producer = try TestProducer(bootstrap: broker.bootstrap, topic: Self.topic, partitions: [0, 1, 2], perSecond: 2)
    defer { producer.stop() }
    let member = try TestMember(bootstrap: broker.bootstrap, group: "slow", topics: [Self.topic], clientId: "slow-1", perSecond: 20)
    defer { member.stop() }
    _ = try Self.waitForAssignment(broker, "slow") { $0 == ["slow-1": [0, 1, 2]] }
    #expect(eventually(by: Date().addingTimeInterval(20)) { member.consumed.count >= 20 })

    let r = try Self.withCapacity(broker, nil, ["-o", "json", "status", "slow", "--window", "6s", "--every", "0.5s"])
    #expect(r.end == .exited(1), "\(r.stderr)")
    let s = try Self.object(r)
    let rows = try #require(s["partitions"] as? [[String: Any]])
    let verdicts = rows.compactMap { $0["verdict"] as? String }
    #expect(!verdicts.contains("stopped") && !verdicts.contains("stalled"), "\(rows.map { $0["evidence"] ?? "" })")
    #expect(verdicts.contains("lagging"), "\(rows.map { $0["evidence"] ?? "" })")
    let waiting = rows.filter { ($0["evidence"] as? String)?.contains("it has not reached this one yet") == true }
    #expect(!waiting.isEmpty, "\(rows.map { $0["evidence"] ?? "" })")
    #expect(!(s["advice"] as? String ?? "").contains("restart"), "\(s["advice"] ?? "")")
  }

  /// Three members at 5/s each on an even spread of 30/s: every partition is
  /// over one replica, so the cause is the partition count, not the keys, and
  /// the advice is never "scale to 3" for a group of 3.
  @Test func membersAtCapacityOnAnEvenSpreadAreToldToAddPartitions() throws {
    let broker = try RealBroker()
    for p in 0..<3 {
      #expect(try Self.aether(broker, ["produce", Self.topic, "m{{seq}}", "--count", "300", "--partition", String(p)]).end == .exited(0))
    }
    let members = try (1...3).map {
      try TestMember(bootstrap: broker.bootstrap, group: "busy", topics: [Self.topic], clientId: "busy-\($0)", perSecond: 5)
    }
    defer { members.forEach { $0.stop() } }
    _ = try Self.waitForAssignment(broker, "busy") { $0.count == 3 && $0.values.allSatisfy { $0.count == 1 } }
    let producer = try TestProducer(bootstrap: broker.bootstrap, topic: Self.topic, partitions: [0, 1, 2], perSecond: 10)
    defer { producer.stop() }
    #expect(eventually(by: Date().addingTimeInterval(20)) { members.allSatisfy { $0.consumed.count >= 5 } })

    let r = try Self.withCapacity(broker, nil, ["-o", "json", "status", "busy", "--window", "8s", "--every", "0.5s"])
    #expect(r.end == .exited(1), "\(r.stderr)")
    let s = try Self.object(r)
    #expect(s["verdict"] as? String == "lagging", "\(s["partitions"] ?? "")")
    let scale = try #require(s["scale"] as? [String: Any], "\(s["missing"] ?? "")")
    #expect(scale["reason"] as? String == "partition-cap", "\(scale)")
    #expect((scale["needed"] as? Int ?? 0) > 3, "\(scale)")
    let advice = s["advice"] as? String ?? ""
    #expect(advice.contains("add partitions"), "\(advice)")
    #expect(!advice.contains("key distribution") && !advice.contains("scale the consumers to 3"), "\(advice)")
  }

  /// A commit past the log end (the topic recreated): not "idle", but what
  /// the next fetch will do, and where to decide it.
  @Test func aCommitPastTheEndSaysWhatTheNextFetchDoes() throws {
    let broker = try RealBroker(topics: [("gone", 1)])
    #expect(try Self.aether(broker, ["produce", "gone", "m{{seq}}", "--count", "10"]).end == .exited(0))
    #expect(try Self.aether(broker, ["group", "seek", "late", "--topic", "gone", "--to", "10", "--execute"]).end == .exited(0))
    try broker.deleteTopics(["gone"])
    try broker.createTopics([("gone", 1)])
    #expect(try Self.aether(broker, ["produce", "gone", "n{{seq}}", "--count", "3"]).end == .exited(0))

    let r = try Self.withCapacity(broker, nil, ["status", "late", "--window", "1s", "--every", "0.2s"])
    #expect(r.end == .exited(1), "\(r.stdout)\(r.stderr)")
    #expect(r.stdout.contains("rewound"), "\(r.stdout)")
    #expect(r.stdout.contains("committed 10 is past the log end 3"), "\(r.stdout)")
    #expect(r.stdout.contains("earliest replays the 3 retained message(s)"), "\(r.stdout)")
    #expect(r.stdout.contains("group seek late --topic gone --to start"), "\(r.stdout)")
    let lag = try Self.aether(broker, ["lag", "late"])
    #expect(lag.stdout.contains("next fetch is out of range"), "\(lag.stdout)")
  }

  /// A partition whose last offset is a transaction's commit marker: the
  /// group read every message, so it is not stalled, and the topic holds 5
  /// messages, not 6.
  @Test func aTransactionMarkerIsNotAnUnreadMessage() throws {
    let broker = try RealBroker(topics: [("txn", 1)])
    try broker.produceTransaction(topic: "txn", partition: 0, values: (1...5).map { "t\($0)" }, commit: true)
    let member = try TestMember(bootstrap: broker.bootstrap, group: "tx", topics: ["txn"], clientId: "tx-1")
    #expect(eventually(by: Date().addingTimeInterval(20)) { member.consumed.count == 5 })
    member.stop()

    let lag = try Self.json(broker, ["lag", "tx"])
    let row = try #require((lag["partitions"] as? [[String: Any]])?.first)
    #expect(row["lag"] as? Int == 1, "the marker is an offset: \(row)")
    #expect(row["behindSeconds"] as? Double == 0, "\(row)")

    let status = try Self.withCapacity(broker, nil, ["-o", "json", "status", "tx", "--window", "1s", "--every", "0.2s"])
    #expect(status.end == .exited(0), "\(status.stdout)")
    let s = try Self.object(status)
    #expect(s["verdict"] as? String == "idle", "\(s["partitions"] ?? "")")
    #expect(s["etaStatus"] as? String == "drained", "\(s)")

    let topic = try Self.json(broker, ["topic", "describe", "txn"])
    #expect(topic["messages"] as? Int == 5, "\(topic)")
    #expect(topic["offsets"] as? Int == 6, "\(topic)")
  }

  /// A group committed on two topics, one deleted since: the other's lag is
  /// shown and counted; the deleted one is one row saying so.
  @Test func aDeletedCommittedTopicIsOneRowNotAFailure() throws {
    let broker = try RealBroker(topics: [("kept", 1), ("dropped", 1)])
    #expect(try Self.aether(broker, ["produce", "kept", "k{{seq}}", "--count", "50"]).end == .exited(0))
    #expect(try Self.aether(broker, ["produce", "dropped", "d{{seq}}", "--count", "10"]).end == .exited(0))
    for t in ["kept", "dropped"] {
      #expect(try Self.aether(broker, ["group", "seek", "two", "--topic", t, "--to", "5", "--execute"]).end == .exited(0))
    }
    try broker.deleteTopics(["dropped"])

    let lag = try Self.aether(broker, ["lag", "two"])
    #expect(lag.end == .exited(0), "\(lag.stderr)")
    #expect(lag.stdout.contains("kept") && lag.stdout.contains("topic deleted"), "\(lag.stdout)")
    let j = try Self.json(broker, ["lag", "two"])
    #expect(j["totalLag"] as? Int == 45)
    let errors = try #require(j["topicErrors"] as? [[String: Any]])
    #expect(errors.first?["topic"] as? String == "dropped" && errors.first?["deleted"] as? Bool == true, "\(errors)")
    let total = try Self.aether(broker, ["-o", "plain", "lag", "two", "--total"])
    #expect(total.end == .exited(0))
    #expect(total.stdout == "45\n")
    #expect(total.stderr.contains("dropped"), "\(total.stderr)")
  }

  /// A frozen broker (SIGSTOP: connections open, nothing answered): every
  /// command ends within one --timeout, exit 3, however many requests it makes.
  @Test func aFrozenBrokerCostsOneTimeoutPerCommand() throws {
    let broker = try Self.seeded()
    #expect(try Self.aether(broker, ["group", "seek", "g", "--topic", Self.topic, "--to", "3", "--execute"]).end == .exited(0))
    try broker.freeze()
    defer { broker.thaw() }
    for args in [["groups"], ["lag", "g"], ["group", "describe", "g"], ["topic", "describe", Self.topic], ["status", "g", "--window", "1s"]] {
      let r = try Self.aether(broker, args, timeout: "3s", deadline: 30)
      #expect(r.end == .exited(3), "\(args): \(r.stderr)")
      // One timeout, and the window for status; two requests' worth would be 6 s.
      let bound = 3.0 + (args.first == "status" ? 1.0 : 0) + 1.5
      #expect(r.seconds < bound, "\(args) took \(r.seconds)s with --timeout 3s")
    }
  }
}
