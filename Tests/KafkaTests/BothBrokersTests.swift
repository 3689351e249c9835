import Foundation
import Testing
import TestSupport

/// What both brokers can serve, run the same way on each: librdkafka's mock
/// cluster (`sandbox serve`, its own process) and the real broker (noida-db).
/// The answers must not depend on which one is behind them.
@Suite(.serialized, .timeLimit(.minutes(3))) struct BothBrokersTests {
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
}
