import Foundation
import Testing
import TestSupport

/// What both brokers can serve, run the same way on each: librdkafka's mock
/// cluster (`sandbox serve`, its own process) and the real broker (noida-db).
/// The answers must not depend on which one is behind them.
// No suite time limit: every program and fixture it runs has its own deadline
// (runToCompletion's, the fixtures' start-up marker waits), and a wall-clock
// limit counted the minutes a test waited for one of the two cooperative
// threads while blocking suites held them: it cut passing tests in CI.
@Suite(.serialized) struct BothBrokersTests {
  enum Broker: String, CaseIterable, CustomTestStringConvertible {
    case mock, noida
    var testDescription: String { self == .mock ? "librdkafka's mock cluster" : "noida-db (real broker)" }
  }

  /// A fresh broker of the kind, with aetherlink.events on 3 partitions; kept alive by the returned object.
  static func start(_ kind: Broker) throws -> (AnyObject, String) {
    switch kind {
    case .mock:
      let s = try ServedSandbox(partitions: 3)
      return (s, s.bootstrap)
    case .noida:
      let b = try RealBroker()
      return (b, b.bootstrap)
    }
  }

  static func aether(_ bootstrap: String, _ args: [String]) throws -> ProgramRun {
    let r = try runToCompletion(
      ServedSandbox.binary.path, ["-b", bootstrap, "--timeout", "5s"] + args, environment: ServedSandbox.environment,
      deadline: 60)
    if case .signalled = r.end { Issue.record("aetherctl \(args): \(r.end)") }
    return r
  }

  @Test(arguments: Broker.allCases)
  func produceTailLagAndSeekAnswerTheSame(on kind: Broker) throws {
    let (keep, bootstrap) = try Self.start(kind)
    defer { withExtendedLifetime(keep) {} }
    let produced = try Self.aether(bootstrap, ["-o", "json", "produce", "aetherlink.events", "v{{seq}}", "--key", "k{{seq}}", "--count", "30"])
    #expect(produced.end == .exited(0), "\(produced.stderr)")
    #expect(produced.stdout.contains("\"delivered\":30"), "\(produced.stdout)")

    // Read back: every value, exactly once; kcat agrees on the count.
    let tail = try Self.aether(bootstrap, ["-o", "plain", "tail", "aetherlink.events", "--from", "beginning", "--no-follow"])
    #expect(tail.end == .exited(0), "\(tail.stderr)")
    #expect(tail.stdout.split(separator: "\n").sorted() == (1...30).map { "v\($0)" }.sorted())
    let kcat = try runToCompletion(
      "/usr/bin/kcat", ["-b", bootstrap, "-C", "-t", "aetherlink.events", "-o", "beginning", "-e", "-q", "-f", "%s\\n"],
      environment: ServedSandbox.environment, deadline: 30)
    #expect(kcat.end == .exited(0))
    #expect(kcat.stdout.split(separator: "\n").count == 30)

    // A new group placed at the start sees all 30; a reader of the group takes 10.
    let seek = try Self.aether(bootstrap, ["group", "seek", "fresh", "--topic", "aetherlink.events", "--to", "start", "--execute"])
    #expect(seek.end == .exited(0), "\(seek.stderr)")
    #expect(try Self.aether(bootstrap, ["-o", "plain", "lag", "fresh", "--total"]).stdout == "30\n")
    let read = try Self.aether(bootstrap, ["-o", "plain", "tail", "aetherlink.events", "--group", "fresh", "-n", "10"])
    #expect(read.end == .exited(0), "\(read.stderr)")
    #expect(try Self.aether(bootstrap, ["-o", "plain", "lag", "fresh", "--total"]).stdout == "20\n")
  }

  /// Messages per partition as kcat reads them back (`%p`), for values starting with `prefix`.
  static func partitionsOf(_ bootstrap: String, prefix: String) throws -> [String: Int] {
    let kcat = try runToCompletion(
      "/usr/bin/kcat", ["-b", bootstrap, "-C", "-t", "aetherlink.events", "-o", "beginning", "-e", "-q", "-f", "%s %p\\n"],
      environment: ServedSandbox.environment, deadline: 30)
    #expect(kcat.end == .exited(0), "\(kcat.stderr)")
    var out: [String: Int] = [:]
    for line in kcat.stdout.split(separator: "\n") where line.hasPrefix(prefix) {
      out[String(line.split(separator: " ").last ?? ""), default: 0] += 1
    }
    return out
  }

  /// Keyless messages spread evenly (the seeds' producer did so), batched
  /// or one at a time; keyed ones land where kcat puts the same keys, for
  /// librdkafka's partitioner and for murmur2 (Java clients, rpk).
  @Test(arguments: Broker.allCases)
  func producePlacesMessagesAsThePeersDo(on kind: Broker) throws {
    let (keep, bootstrap) = try Self.start(kind)
    defer { withExtendedLifetime(keep) {} }
    let batched = try Self.aether(bootstrap, ["produce", "aetherlink.events", "even{{seq}}", "--count", "600"])
    #expect(batched.end == .exited(0), "\(batched.stderr)")
    #expect(try Self.partitionsOf(bootstrap, prefix: "even") == ["0": 200, "1": 200, "2": 200])
    let paced = try Self.aether(bootstrap, ["produce", "aetherlink.events", "paced{{seq}}", "--count", "300", "--rate", "5000"])
    #expect(paced.end == .exited(0), "\(paced.stderr)")
    #expect(try Self.partitionsOf(bootstrap, prefix: "paced") == ["0": 100, "1": 100, "2": 100])

    for (partitioner, ours) in [("consistent_random", ["--partitioner", "consistent_random"]), ("consistent_random", []),
                                ("murmur2_random", ["--partitioner", "murmur2_random"])] {
      let tag = "\(partitioner.prefix(4))\(ours.isEmpty ? "d" : "o")"
      let mine = try Self.aether(
        bootstrap, ["produce", "aetherlink.events", "\(tag)-aether", "--key", "key{{seq}}", "--count", "200"] + ours)
      #expect(mine.end == .exited(0), "\(mine.stderr)")
      let lines = (1...200).map { "key\($0):\(tag)-kcat" }.joined(separator: "\n") + "\n"
      let peer = try runToCompletion(
        "/usr/bin/kcat", ["-b", bootstrap, "-P", "-t", "aetherlink.events", "-K:", "-X", "partitioner=\(partitioner)"],
        stdin: lines, environment: ServedSandbox.environment, deadline: 30)
      #expect(peer.end == .exited(0), "\(peer.stderr)")
      let read = try runToCompletion(
        "/usr/bin/kcat",
        ["-b", bootstrap, "-C", "-t", "aetherlink.events", "-o", "beginning", "-e", "-q", "-f", "%k %s %p\\n"],
        environment: ServedSandbox.environment, deadline: 30)
      var placed: [String: [String: String]] = [:]
      for line in read.stdout.split(separator: "\n") {
        let w = line.split(separator: " ").map(String.init)
        guard w.count == 3, w[1].hasPrefix(tag) else { continue }
        placed[w[0], default: [:]][w[1]] = w[2]
      }
      #expect(placed.count == 200, "\(tag): \(placed.count)")
      let differ = placed.filter { $0.value["\(tag)-aether"] != $0.value["\(tag)-kcat"] }
      #expect(differ.isEmpty, "\(tag): \(differ.prefix(3))")
      // Keys spread: not everything on one partition.
      #expect(Set(placed.values.compactMap { $0["\(tag)-aether"] }).count == 3, "\(tag)")
    }
  }
}

