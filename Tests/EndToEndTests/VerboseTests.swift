import Foundation
import Testing
import TestSupport

/// `-v`: every command says on stderr what it asked and how long each
/// answer took, so an operator can see what `lag` costs a cluster.
@Suite struct VerboseTests {
  @Test func lagListsItsRequestsAndTheirTimes() throws {
    let r = try aetherctl(
      [
        "--sandbox", "-c",
        """
        produce aetherlink.events 'e{{seq}}' --count 30 -o plain
        set read $(tail aetherlink.events --group crm-events-sse -n 10 --no-follow -o plain)
        lag crm-events-sse --verbose -o plain --total
        """,
      ], deadline: 90)
    #expect(r.end == .exited(0), "\(r.stderr)")
    #expect(r.stdout.hasSuffix("20\n"), "\(r.stdout)")
    let traced = r.stderr.split(separator: "\n").filter { $0.hasPrefix("debug: kafka: ") }
    for request in ["Metadata", "OffsetFetch (committed offsets of crm-events-sse)", "ListOffsets (log end) aetherlink.events"] {
      #expect(
        traced.contains { $0.contains(request) && $0.contains(#/: \d+ ms$/#) }, "\(request): \(r.stderr)")
    }
    // Without -v, none of it.
    let quiet = try aetherctl(["--sandbox", "-o", "plain", "-c", "lag crm-events-sse --total"], deadline: 60)
    #expect(!quiet.stderr.contains("debug:"), "\(quiet.stderr)")
  }

  /// `-vv`, `-v -v` and `-v … --verbose` add librdkafka's own debug log
  /// (its requests as it sends them); `-v` alone has none of it, and a
  /// `-X debug=` of the operator's is kept.
  @Test(arguments: [
    (["-vv"], [String](), true), (["-v", "-v"], [], true), (["-v"], ["--verbose"], true), (["-v"], [], false),
    (["-vv", "-X", "debug=generic"], [], false),
  ])
  func twiceAddsLibrdkafkasDebugLog(before: [String], after: [String], debugged: Bool) throws {
    let r = try aetherctl(
      ["--sandbox"] + before + ["-o", "plain", "-c", "lag crm-events-sse --total " + after.joined(separator: " ")],
      deadline: 60)
    #expect(r.end == .exited(1), "\(r.stderr)")  // nothing committed yet: an error, not 0
    #expect(r.stderr.contains("debug: kafka: "), "\(r.stderr)")
    #expect(r.stderr.contains(#/debug: librdkafka\[SEND\]: .*MetadataRequest/#) == debugged, "\(r.stderr)")
  }

  @Test func httpCallsSayTheirStatusAndTime() throws {
    let r = try aetherctl(["-v", "-p", try SharedPrometheus.url(), "prom", "query", "up", "-o", "plain"])
    #expect(r.end == .exited(0), "\(r.stderr)")
    #expect(r.stderr.contains(#/debug: http: POST http://127\.0\.0\.1:\d+/api/v1/query: 200 in \d+ ms/#), "\(r.stderr)")
  }
}
