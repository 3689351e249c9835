import Foundation
import Testing
import TestSupport

/// What librdkafka's mock cluster cannot serve, proven on a real broker
/// (noida-db): groups and their states, members with client ids, hosts and
/// assignments through joins, leaves and rebalances, the owner of each
/// partition, status with real members, time lookups answered by the broker
/// (checked against kcat -Q), seeking an Empty group (a later member resumes
/// exactly there) and its refusal while members are active, tail as a group
/// member. Each test has a broker of its own.
// No suite time limit: every program and fixture it runs has its own deadline
// (runToCompletion's, the fixtures' start-up marker waits), and a wall-clock
// limit counted the minutes a test waited for one of the two cooperative
// threads while blocking suites held them: it cut passing tests in CI.
@Suite(.serialized) struct RealBrokerTests {
  static let topic = "aetherlink.events"

  /// Runs the built aetherctl against `broker`, hermetically.
  static func aether(_ broker: RealBroker, _ args: [String], timeout: String = "5s", deadline: Double = 60) throws
    -> ProgramRun
  {
    let r = try runToCompletion(
      ServedSandbox.binary.path, ["-b", broker.bootstrap, "--timeout", timeout] + args,
      environment: ServedSandbox.environment, deadline: deadline)
    if case .signalled = r.end { Issue.record("aetherctl \(args): \(r.end)") }
    return r
  }

  static func json(_ broker: RealBroker, _ args: [String]) throws -> [String: Any] {
    let r = try aether(broker, ["-o", "json"] + args)
    #expect(r.end == .exited(0), "\(args): \(r.stderr)")
    return try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any], "\(r.stdout)")
  }

  /// 30 messages, 10 on each partition.
  static func seeded() throws -> RealBroker {
    let broker = try RealBroker()
    for p in 0..<3 {
      let r = try aether(broker, ["produce", topic, "m{{seq}}", "--count", "10", "--partition", String(p)])
      #expect(r.end == .exited(0), "\(r.stderr)")
    }
    return broker
  }

  /// The group's members as `group describe -o json` shows them: client id → partitions.
  static func assignment(_ broker: RealBroker, _ group: String) throws -> [String: [Int]] {
    try assignment(of: json(broker, ["group", "describe", group]))
  }

  /// nil while the broker does not know the group (before its first member joins).
  static func assignmentIfKnown(_ broker: RealBroker, _ group: String) throws -> [String: [Int]]? {
    let r = try aether(broker, ["-o", "json", "group", "describe", group])
    guard r.end == .exited(0), let j = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
    else { return nil }
    return assignment(of: j)
  }

  static func assignment(of j: [String: Any]) -> [String: [Int]] {
    var out: [String: [Int]] = [:]
    for m in (j["members"] as? [[String: Any]]) ?? [] {
      let client = m["clientId"] as? String ?? "?"
      out[client] = ((m["partitions"] as? [[String: Any]]) ?? []).compactMap { $0["partition"] as? Int }.sorted()
    }
    return out
  }

  /// Waits until the group's assignment is `expected`; records what was last seen otherwise.
  static func waitForAssignment(_ broker: RealBroker, _ group: String, _ expected: (([String: [Int]]) -> Bool)) throws
    -> [String: [Int]]
  {
    var seen: [String: [Int]] = [:]
    let held = try eventually(by: Date().addingTimeInterval(30), every: 0.2) {
      // Before the first join completes the broker knows no topic for it.
      seen = try assignmentIfKnown(broker, group) ?? [:]
      return expected(seen)
    }
    #expect(held, "assignment never settled; last seen \(seen)")
    return seen
  }

  @Test func membersJoinLeaveAndRebalanceAsTheBrokerDescribesThem() throws {
    let broker = try Self.seeded()
    let a = try TestMember(bootstrap: broker.bootstrap, group: "g", topics: [Self.topic], clientId: "member-a")
    _ = try Self.waitForAssignment(broker, "g") { $0 == ["member-a": [0, 1, 2]] }
    #expect(eventually(by: Date().addingTimeInterval(20)) { a.consumed.count == 30 })

    // A second member: the broker rebalances, the partitions are split between them.
    let b = try TestMember(bootstrap: broker.bootstrap, group: "g", topics: [Self.topic], clientId: "member-b")
    let split = try Self.waitForAssignment(broker, "g") {
      $0.count == 2 && ($0["member-a"] ?? []).count + ($0["member-b"] ?? []).count == 3
        && Set(($0["member-a"] ?? []) + ($0["member-b"] ?? [])) == [0, 1, 2]
    }
    // lag shows each partition's owner, and the member list with client id and host.
    let lag = try Self.json(broker, ["lag", "g"])
    #expect(lag["state"] as? String == "Stable")
    let members = try #require(lag["members"] as? [[String: Any]])
    let idOf = Dictionary(uniqueKeysWithValues: members.map { ($0["clientId"] as? String ?? "", $0["memberId"] as? String ?? "") })
    for m in members { #expect((m["host"] as? String)?.contains("127.0.0.1") == true, "\(m)") }
    for row in try #require(lag["partitions"] as? [[String: Any]]) {
      let p = try #require(row["partition"] as? Int)
      let owner = split.first { $0.value.contains(p) }?.key
      #expect(row["memberId"] as? String == owner.flatMap { idOf[$0] }, "partition \(p): \(row)")
      #expect(row["committed"] as? Int == 10)
      #expect(row["lag"] as? Int == 0)
    }
    let table = try Self.aether(broker, ["group", "describe", "g"])
    #expect(table.end == .exited(0))
    #expect(table.stdout.contains("member-a") && table.stdout.contains("member-b"), "\(table.stdout)")
    let listed = try Self.aether(broker, ["groups"])
    #expect(listed.stdout.contains("Stable        2"), "\(listed.stdout)")

    // The first leaves: the other owns everything.
    a.stop()
    _ = try Self.waitForAssignment(broker, "g") { $0 == ["member-b": [0, 1, 2]] }
    b.stop()
    // No members: Empty, its commits kept.
    let empty = try Self.aether(broker, ["-o", "json", "groups"])
    let rows = try #require(try JSONSerialization.jsonObject(with: Data(empty.stdout.utf8)) as? [[String: Any]])
    let row = try #require(rows.first { $0["group"] as? String == "g" }, "\(rows)")
    #expect(row["state"] as? String == "Empty")
    #expect(row["members"] as? Int == 0)
    #expect(try Self.aether(broker, ["-o", "plain", "lag", "g", "--total"]).stdout == "0\n")
  }

  @Test func statusCountsTheRealMembersAndTheirProgress() throws {
    let broker = try Self.seeded()
    let a = try TestMember(bootstrap: broker.bootstrap, group: "g", topics: [Self.topic], clientId: "member-a")
    let b = try TestMember(bootstrap: broker.bootstrap, group: "g", topics: [Self.topic], clientId: "member-b")
    defer {
      a.stop()
      b.stop()
    }
    _ = try Self.waitForAssignment(broker, "g") { $0.count == 2 && $0.values.map(\.count).reduce(0, +) == 3 }
    #expect(eventually(by: Date().addingTimeInterval(20)) { a.consumed.count + b.consumed.count >= 30 })
    let s = try Self.aether(broker, ["-o", "json", "-p", "http://127.0.0.1:9", "status", "g", "--window", "1s", "--every", "0.2s"])
    #expect(s.end == .exited(0), "\(s.stderr)")
    let j = try #require(try JSONSerialization.jsonObject(with: Data(s.stdout.utf8)) as? [String: Any])
    #expect(j["verdict"] as? String == "idle", "\(j)")
    let members = try #require(j["members"] as? [[String: Any]], "\(j)")
    #expect(Set(members.compactMap { $0["clientId"] as? String }) == ["member-a", "member-b"])
    // Members that keep up say nothing about what they could do: no capacity is made up from their rate.
    #expect(j["scale"] is NSNull, "\(j["scale"] ?? "")")
    let missing = (j["missing"] as? [String]) ?? []
    #expect(missing.contains { $0.hasPrefix("scale hint: unknown: no capacity set and nothing shows the consumers at their limit") }, "\(missing)")
    let table = try Self.aether(broker, ["-p", "http://127.0.0.1:9", "status", "g", "--window", "1s", "--every", "0.2s"])
    #expect(table.stdout.contains("members    2"), "\(table.stdout)")
  }

  @Test func timeLookupsAreTheBrokersAnswerAsKcatGetsIt() throws {
    let broker = try RealBroker()
    #expect(try Self.aether(broker, ["produce", Self.topic, "early{{seq}}", "--count", "30", "--key", "{{seq}}"]).end == .exited(0))
    // The newest timestamp so far, then a moment strictly after it: what follows is "late".
    let early = try Self.aether(broker, ["-o", "json", "tail", Self.topic, "--from", "beginning", "--no-follow"])
    let iso = ISO8601DateFormatter()
    iso.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
    let stamps = early.stdout.split(separator: "\n").compactMap {
      ((try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])?["timestamp"] as? String)
        .flatMap { iso.date(from: $0) }.flatMap { Int(exactly: ($0.timeIntervalSince1970 * 1000).rounded()) }
    }
    #expect(stamps.count == 30, "\(early.stdout.prefix(300))")
    let cut = try #require(stamps.max()) + 1
    #expect(eventually(by: Date().addingTimeInterval(5), every: 0.001) { Date().timeIntervalSince1970 * 1000 > Double(cut) })
    #expect(try Self.aether(broker, ["produce", Self.topic, "late{{seq}}", "--count", "30", "--key", "{{seq}}"]).end == .exited(0))

    let plan = try Self.json(broker, ["group", "seek", "fresh", "--topic", Self.topic, "--to", "@\(cut)"])
    let rows = try #require(plan["partitions"] as? [[String: Any]])
    #expect(rows.count == 3)
    for row in rows {
      let p = try #require(row["partition"] as? Int)
      let kcat = try runToCompletion(
        "/usr/bin/kcat", ["-b", broker.bootstrap, "-Q", "-t", "\(Self.topic):\(p):\(cut)"],
        environment: ServedSandbox.environment, deadline: 30)
      #expect(kcat.end == .exited(0), "\(kcat.stderr)")
      // "aetherlink.events [1] offset 7"
      let answer = try #require(kcat.stdout.split(separator: "\n").first { $0.contains("[\(p)]") }, "\(kcat.stdout)")
      let offset = try #require(Int(answer.split(separator: " ").last ?? ""), "\(answer)")
      #expect(row["after"] as? Int == offset, "partition \(p): kcat says \(offset), seek plans \(row)")
    }
    // tail from that time reads exactly the late messages.
    let late = try Self.aether(broker, ["-o", "plain", "tail", Self.topic, "--from", "@\(cut)", "--no-follow"])
    #expect(late.end == .exited(0), "\(late.stderr)")
    #expect(late.stdout.split(separator: "\n").sorted() == (1...30).map { "late\($0)" }.sorted())
  }

  @Test func seekingAnEmptyGroupIsWhereTheNextMemberResumes() throws {
    let broker = try Self.seeded()
    let first = try TestMember(bootstrap: broker.bootstrap, group: "g", topics: [Self.topic], clientId: "first")
    #expect(eventually(by: Date().addingTimeInterval(20)) { first.consumed.count == 30 })
    // Active: the dry run says up front that --execute would be refused, and why.
    let plan = try Self.aether(broker, ["group", "seek", "g", "--to", "start"])
    #expect(plan.end == .exited(0), "\(plan.stderr)")
    #expect(plan.stdout.contains("--execute would be refused now: group g has 1 active member(s)"), "\(plan.stdout)")
    // Active: the broker would refuse, so aetherctl refuses before committing anything.
    let refused = try Self.aether(broker, ["group", "seek", "g", "--to", "start", "--execute"])
    #expect(refused.end == .exited(1))
    #expect(refused.stderr.contains("has 1 active member(s); stop its consumers before seeking"), "\(refused.stderr)")
    #expect(try Self.aether(broker, ["-o", "plain", "lag", "g", "--total"]).stdout == "0\n")
    first.stop()

    // Empty now: the seek commits, and the next member starts exactly there.
    let done = try Self.json(broker, ["group", "seek", "g", "--to", "4", "--execute"])
    #expect(done["executed"] as? Bool == true)
    #expect(try Self.aether(broker, ["-o", "plain", "lag", "g", "--total"]).stdout == "18\n")
    let next = try TestMember(bootstrap: broker.bootstrap, group: "g", topics: [Self.topic], clientId: "next")
    defer { next.stop() }
    #expect(eventually(by: Date().addingTimeInterval(20)) { next.consumed.count == 18 })
    #expect(next.firstOffsets == [0: 4, 1: 4, 2: 4])
  }

  @Test func tailAsAGroupMemberCommitsWhatItPrinted() throws {
    let broker = try Self.seeded()
    let r = try Self.aether(broker, ["-o", "plain", "tail", Self.topic, "--group", "readers", "-n", "12", "--format", "%p:%o\\n"])
    #expect(r.end == .exited(0), "\(r.stderr)")
    let printed = r.stdout.split(separator: "\n")
    #expect(printed.count == 12, "\(r.stdout)")
    // What it printed is what it committed: 30 - 12 remain.
    #expect(try Self.aether(broker, ["-o", "plain", "lag", "readers", "--total"]).stdout == "18\n")
    // The next reader of the group resumes where tail stopped, on the broker's word.
    let next = try TestMember(bootstrap: broker.bootstrap, group: "readers", topics: [Self.topic], clientId: "next")
    defer { next.stop() }
    #expect(eventually(by: Date().addingTimeInterval(20)) { next.consumed.count == 18 })
    var firstRead: [Int32: Int64] = [:]
    for line in printed {
      let parts = line.split(separator: ":")
      if let p = Int32(parts[0]), let o = Int64(parts[1]) { firstRead[p] = max(firstRead[p] ?? -1, o) }
    }
    for (p, first) in next.firstOffsets { #expect(first == (firstRead[p].map { $0 + 1 } ?? 0), "partition \(p)") }
  }
}

extension RealBrokerTests {
  /// `tail --group --follow` is a member: DescribeGroups lists it (client id
  /// aetherctl), its commits advance while it runs, and a kcat member that
  /// joins takes partitions from it without either reading a message the
  /// other read; `--partition` with `--group` is refused while they are members.
  @Test func tailGroupFollowIsAMemberAndSharesWithKcat() throws {
    let broker = try Self.seeded()
    let tailRun = BackgroundRun(
      ServedSandbox.binary.path,
      ["-b", broker.bootstrap, "tail", Self.topic, "--group", "shared", "--follow", "--format", "%p %o\\n"],
      signal: SIGINT)
    var kcatRun: BackgroundRun?
    defer {
      _ = kcatRun?.finish()
      _ = tailRun.finish()
    }
    _ = try Self.waitForAssignment(broker, "shared") { $0["aetherctl"]?.count == 3 }
    // Its commits advance while it runs: the seeded 30 are committed within a commit interval or two.
    #expect(try eventually(by: Date().addingTimeInterval(20), every: 0.5) {
      try Self.aether(broker, ["-o", "plain", "lag", "shared", "--total"]).stdout == "0\n"
    })

    kcatRun = BackgroundRun(
      "/usr/bin/kcat", ["-b", broker.bootstrap, "-G", "shared", "-f", "%p %o\\n", "-q", Self.topic], signal: SIGTERM)
    let shared = try Self.waitForAssignment(broker, "shared") { a in
      a.count == 2 && a.values.reduce(0) { $0 + $1.count } == 3 && a["aetherctl"]?.isEmpty == false
    }
    // A standalone reader under active members is refused before reading anything.
    let standalone = try Self.aether(broker, ["tail", Self.topic, "--group", "shared", "--partition", "0", "-n", "1"])
    #expect(standalone.end == .exited(1), "\(standalone.stderr)")
    #expect(standalone.stderr.contains("active member(s)") && standalone.stdout.isEmpty, "\(standalone.stderr)")

    let more = try Self.aether(broker, ["produce", Self.topic, "n{{seq}}", "--count", "600"])
    #expect(more.end == .exited(0), "\(more.stderr)")
    #expect(try eventually(by: Date().addingTimeInterval(30), every: 0.5) {
      try Self.aether(broker, ["-o", "plain", "lag", "shared", "--total"]).stdout == "0\n"
    }, "\(shared)")
    // aetherctl leaves first, while kcat still holds its partitions.
    let tail = try #require(tailRun.finish())
    let kcat = try #require(kcatRun?.finish())
    #expect(tail.end == .exited(130), "\(tail.stderr)")
    func pairs(_ text: String) -> [String] { text.split(separator: "\n").map(String.init).filter { $0.split(separator: " ").count == 2 } }
    let mine = pairs(tail.stdout)
    let theirs = pairs(kcat.stdout)
    #expect(Set(mine).intersection(theirs).isEmpty, "read twice: \(Set(mine).intersection(theirs).sorted().prefix(5))")
    #expect(Set(mine).union(theirs).count == 630, "\(mine.count) + \(theirs.count)")
    #expect(mine.count == Set(mine).count, "aetherctl printed a message twice: \(tail.stderr)")
    #expect(tail.stderr.contains("tail: group shared assigned"), "\(tail.stderr)")
    #expect(tail.stderr.contains("tail: group shared took back"), "\(tail.stderr)")
  }

  /// Without --follow a member reads its partitions to their ends and stops,
  /// however long the join took against a short --timeout: silence is
  /// counted from its assignment, not from its start.
  @Test func aNoFollowMemberReadsToTheEndWithAShortTimeout() throws {
    let broker = try Self.seeded()
    let r = try Self.aether(
      broker, ["-o", "plain", "tail", Self.topic, "--group", "once", "--no-follow", "--format", "%p:%o\\n"], timeout: "1s")
    #expect(r.end == .exited(0), "\(r.stderr)")
    #expect(Set(r.stdout.split(separator: "\n")).count == 30, "\(r.stdout) \(r.stderr)")
    #expect(try Self.aether(broker, ["-o", "plain", "lag", "once", "--total"]).stdout == "0\n")
  }

  /// A live group that has committed nothing yet (a quiet topic) is read from
  /// its members' assignment: its topic, its members, exit 0 — not "does it exist?".
  @Test func aLiveGroupWithNothingCommittedIsDescribedFromItsMembers() throws {
    let broker = try RealBroker(topics: [("single.one", 1)])
    let member = try TestMember(bootstrap: broker.bootstrap, group: "quiet", topics: ["single.one"], clientId: "quiet-1")
    defer { member.stop() }
    _ = try Self.waitForAssignment(broker, "quiet") { $0 == ["quiet-1": [0]] }
    let lag = try Self.aether(broker, ["lag", "quiet"])
    #expect(lag.end == .exited(0), "\(lag.stderr)")
    #expect(lag.stdout.contains("single.one") && lag.stdout.contains("quiet-1"), "\(lag.stdout)")
    #expect(!lag.stdout.contains("aetherlink.events"), "\(lag.stdout)")
    // Named with --topic, the same: the broker is asked whether the group is live.
    let named = try Self.aether(broker, ["lag", "quiet", "--topic", "single.one"])
    #expect(named.end == .exited(0), "\(named.stderr)")
    #expect(named.stdout.contains("quiet-1"), "\(named.stdout)")
    // A group the broker does not know is still an error that says so.
    let unknown = try Self.aether(broker, ["lag", "nobody"])
    #expect(unknown.end == .exited(1))
    #expect(unknown.stderr.contains("group 'nobody' does not exist on this cluster"), "\(unknown.stderr)")
  }
}

extension RealBrokerTests {
  /// A group committed on 1 of 3 partitions: `groups` says its total counts
  /// only that one, in the table and in JSON — never a bare, healthy-looking number.
  @Test func groupsSaysWhenATotalIsPartial() throws {
    let broker = try Self.seeded()
    let seek = try Self.aether(broker, ["group", "seek", "part", "--topic", Self.topic, "--partition", "0", "--to", "3", "--execute"])
    #expect(seek.end == .exited(0), "\(seek.stderr)")
    let table = try Self.aether(broker, ["groups"])
    #expect(table.end == .exited(0), "\(table.stderr)")
    #expect(table.stdout.contains("7 (counts 1 of 3 partitions)"), "\(table.stdout)")
    let listed = try Self.aether(broker, ["-o", "json", "groups"])
    let rows = try #require(try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [[String: Any]])
    let row = try #require(rows.first { $0["group"] as? String == "part" }, "\(rows)")
    #expect(row["totalLag"] as? Int == 7)
    #expect(row["uncommittedPartitions"] as? Int == 2)
  }

  /// A drill's paced traffic outlives a broker that hangs for 8 s (longer
  /// than --timeout): it says so, keeps sending, says when the broker is
  /// back, and ends with every message in the log and exit 0.
  @Test func pacedProduceSurvivesABrokerFreeze() throws {
    let broker = try RealBroker()
    defer { broker.thaw() }
    func inLog() -> Int64 { (0..<3).reduce(Int64(0)) { $0 + (broker.logEnd(Self.topic, partition: $1) ?? 0) } }
    let r = try runToCompletion(
      ServedSandbox.binary.path,
      ["-b", broker.bootstrap, "--timeout", "3s", "produce", Self.topic, "p{{seq}}", "--rate", "40", "--count", "600"],
      environment: ServedSandbox.environment, deadline: 90,
      when: .condition { inLog() >= 40 },
      action: { _ in
        try? broker.freeze()
        // The fault's length is what is staged; nothing waits on it.
        DispatchQueue.global().asyncAfter(deadline: .now() + 8) { broker.thaw() }
      })
    #expect(r.end == .exited(0), "\(r.stdout) \(r.stderr)")
    #expect(r.stdout.contains(#/delivered\s+600\n/#), "\(r.stdout)")
    #expect(r.stderr.contains("all brokers down") && r.stderr.contains("still sending"), "\(r.stderr)")
    #expect(r.stderr.contains("brokers back after"), "\(r.stderr)")
    #expect(inLog() == 600)
    // Keyless, the 600 spread over the 3 partitions.
    #expect((0..<3).map { broker.logEnd(Self.topic, partition: $0) ?? 0 } == [200, 200, 200])
  }

  /// A topic that does not exist is said so, with how to create it; nothing is created.
  @Test func produceToAMissingTopicSaysHowToCreateIt() throws {
    let broker = try RealBroker()
    let r = try Self.aether(broker, ["produce", "no.such.topic", "x"])
    #expect(r.end == .exited(1), "\(r.stderr)")
    #expect(r.stderr.contains("topic no.such.topic does not exist; create it first"), "\(r.stderr)")
    #expect(broker.logEnd("no.such.topic") == nil)
  }
}

/// A program run on a thread of its own until `finish()` sends it `signal`:
/// for tests that need two clients of the broker at once.
final class BackgroundRun: @unchecked Sendable {  // `stopping` and `result` are under `lock`
  private let lock = NSLock()
  private var stopping = false
  private var result: ProgramRun?
  private let done = DispatchGroup()

  init(_ path: String, _ args: [String], signal: Int32) {
    done.enter()
    DispatchQueue.global().async { [self] in
      let r = try? runToCompletion(
        path, args, environment: ServedSandbox.environment, deadline: 120,
        when: .condition { [self] in lock.withLock { stopping } }, action: { kill($0, signal) })
      lock.withLock { result = r }
      done.leave()
    }
  }

  /// Signals it and waits for its end; nil when it could not be run.
  func finish() -> ProgramRun? {
    lock.withLock { stopping = true }
    done.wait()
    return lock.withLock { result }
  }
}
