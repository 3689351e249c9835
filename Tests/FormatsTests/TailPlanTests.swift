import Testing
import Vocabulary

@testable import Formats

/// Where tail starts on each partition: the group's commit first (clamped
/// into the log, said), then `--from` (an offset outside the log clamped,
/// said; a time left for the lookup), for logs of several shapes.
@Suite struct TailPlanTests {
  static let tp = TopicPartition("t", 0)

  @Test(arguments: [
    // (log start, log end, commit, --from, start, warning fragment)
    (Int64(0), Int64(100), Int64?.some(40), TailStart.end, TailPlan.Start.offset(40), String?.none),
    (10, 100, 3, .beginning, .offset(10), "g's commit on t[0] is 3, outside the log (10–100); starting at 10"),
    (0, 100, 250, .beginning, .offset(100), "g's commit on t[0] is 250, outside the log (0–100); starting at 100"),
    (10, 100, nil, .beginning, .offset(10), nil),
    (10, 100, nil, .end, .offset(100), nil),
    (10, 100, nil, .lastN(5), .offset(95), nil),
    (10, 100, nil, .lastN(500), .offset(10), nil),
    (10, 100, nil, .offset(50), .offset(50), nil),
    (10, 100, nil, .offset(5), .offset(10), "tail: offset 5 is before the start (older messages are deleted) of t[0] (log 10…100); starting at 10"),
    (10, 100, nil, .offset(900), .offset(100), "tail: offset 900 is past the end of t[0] (log 10…100); starting at 100"),
    (10, 100, nil, .timestamp(1_000), .time(1_000), nil),
    // Nothing retained: a time needs no lookup.
    (100, 100, nil, .timestamp(1_000), .offset(100), nil),
  ])
  func startsAndWarnings(low: Int64, high: Int64, commit: Int64?, from: TailStart, start: TailPlan.Start, warning: String?) {
    let plan = TailPlan(
      partitions: [Self.tp], marks: [Self.tp: Watermarks(low: low, high: high)],
      committed: commit.map { [Self.tp: $0] } ?? [:], from: from, group: commit == nil ? nil : "g")
    #expect(plan.starts == [Self.tp: start])
    if let warning {
      #expect(plan.warnings.count == 1 && plan.warnings[0].contains(warning), "\(plan.warnings)")
    } else {
      #expect(plan.warnings.isEmpty, "\(plan.warnings)")
    }
  }

  /// The group's commit wins where there is one; --from places the others.
  @Test func commitsFirstThenTheStartOnTheRest() {
    let a = TopicPartition("t", 0)
    let b = TopicPartition("t", 1)
    let marks = [a: Watermarks(low: 0, high: 10), b: Watermarks(low: 0, high: 20)]
    let plan = TailPlan(partitions: [a, b], marks: marks, committed: [a: 4], from: .end, group: "g")
    #expect(plan.starts == [a: .offset(4), b: .offset(20)])
  }
}
