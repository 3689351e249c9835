import Testing

@testable import Capacity

/// The verdict rules of `status`, case by case, with Burrow's published
/// misreadings among them (a slow topic is not stopped; a consumer that
/// stopped after its lag touched zero is not hidden; a rewind is named).
struct ConsumerVerdictTests {
  /// Samples one second apart: committed (nil: none) and log end.
  static func looks(_ points: [(Int64?, Int64)]) -> [OffsetSample] {
    points.enumerated().map { OffsetSample(at: Double($0.offset), committed: $0.element.0, logEnd: $0.element.1) }
  }

  /// Eleven looks, one a second: `f(t)` gives committed and log end at second t.
  static func over(_ f: (Int64) -> (Int64?, Int64)) -> [(Int64?, Int64)] { (Int64(0)...10).map(f) }
  static func same(_ c: Int64?, _ e: Int64, _ n: Int = 11) -> [(Int64?, Int64)] { Array(repeating: (c, e), count: n) }

  static let rules = VerdictRules(lagThreshold: 100, graceSeconds: 5)

  struct Case: CustomTestStringConvertible, Sendable {
    var name: String
    var points: [(Int64?, Int64)]
    var owner: Ownership = .unknown
    var nothingReadable = false
    var logStart: Int64 = 0
    var verdict: Verdict
    var evidence: String
    var testDescription: String { name }
  }

  static let cases: [Case] = [
    Case(
      name: "caught up with traffic", points: over { t in (100 + t * 5, 100 + t * 5) },
      verdict: .ok, evidence: "partition 0: caught up: lag 0, committed 100→150"),
    Case(
      name: "slow topic: nothing arrives, nothing to commit (Burrow: false STOP)",
      points: same(500, 500), verdict: .idle,
      evidence: "partition 0: no traffic: committed 500 = log end 500"),
    Case(
      name: "stopped after the lag touched zero (Burrow: hidden by the zero)",
      points: over { t in (100, t < 3 ? 100 : 100 + (t - 2) * 10) },
      verdict: .stopped, evidence: "partition 0: committed stuck at 100 for 10s while log end rose 100→180"),
    Case(
      name: "new messages within the grace are not yet stuck",
      points: over { t in (100, t < 8 ? 100 : 100 + (t - 7) * 10) },
      verdict: .ok, evidence: "partition 0: 30 new since +8s, not committed yet (within the 5s grace)"),
    Case(
      name: "stopped on a backlog while the log rises (the seeds' example)",
      points: over { t in (461, 2268 + t * 14 + (t == 10 ? 2 : 0)) },
      verdict: .stopped, evidence: "partition 0: committed stuck at 461 for 10s while log end rose 2,268→2,410"),
    Case(
      name: "an owner that does not progress is stalled, not stopped",
      points: over { t in (461, 2268 + t * 10) }, owner: .owned(progressingOn: nil),
      verdict: .stalled,
      evidence: "partition 0: committed stuck at 461 for 10s while log end rose 2,268→2,368; a member owns it but does not progress"),
    Case(
      name: "no owner at all is stopped, and says so",
      points: over { t in (461, 2268 + t * 10) }, owner: .unowned,
      verdict: .stopped, evidence: "partition 0: committed stuck at 461 for 10s while log end rose 2,268→2,368; no member owns it"),
    Case(
      name: "a backlog nobody reads and no new messages is stalled",
      points: same(450, 500), verdict: .stalled,
      evidence: "partition 0: committed stuck at 450 for 10s with 50 unread; no new messages (log end 500)"),
    Case(
      name: "rewound mid-window (group seek --to start)",
      points: [(500, 500), (500, 500), (0, 500), (40, 500), (80, 500)], verdict: .rewound,
      evidence: "partition 0: committed went back 500→0 at +2s; lag now 420"),
    Case(
      name: "a rewind still shows once the lag is gone",
      points: [(500, 500), (10, 500), (500, 500)], verdict: .rewound,
      evidence: "partition 0: committed went back 500→10 at +1s; lag now 0"),
    Case(
      name: "committed offset deleted is a rewind",
      points: [(500, 500), (nil, 500)], verdict: .rewound,
      evidence: "partition 0: committed offset 500 disappeared at +1s (deleted or expired)"),
    Case(
      name: "falling behind above the threshold",
      points: over { t in (t * 10, 200 + t * 20) }, verdict: .lagging,
      evidence: "partition 0: lag 200→300 over 10s, not falling, above 100 (committed 0→100, log end rose 200→400)"),
    Case(
      name: "keeping pace under the threshold",
      points: over { t in (t * 10, 50 + t * 10) }, verdict: .ok,
      evidence: "partition 0: keeping up: lag 50→50 over 10s, under 100"),
    Case(
      name: "a large backlog that drains is ok",
      points: over { t in (t * 100, 5000) }, verdict: .ok,
      evidence: "partition 0: draining: lag 5,000→4,000 over 10s (committed 0→1,000)"),
    Case(
      name: "committed, then died while the log rises (a crash-looping consumer is not keeping up)",
      points: over { t in (t <= 3 ? t * 10 : 30, t * 10) },
      verdict: .stopped, evidence: "partition 0: committed stuck at 30 for 7s (it last moved at +3s) while log end rose 30→100"),
    Case(
      name: "committed, then died with a backlog and no new messages",
      points: over { t in (t <= 2 ? 100 + t * 10 : 120, 500) },
      verdict: .stalled, evidence: "partition 0: committed stuck at 120 for 8s (it last moved at +2s) with 380 unread; no new messages (log end 500)"),
    Case(
      name: "a commit every few seconds within the grace is still draining",
      points: over { t in (100 + (t / 4) * 40, 500) },
      verdict: .ok, evidence: "partition 0: draining: lag 400→320 over 10s (committed 100→180)"),
    Case(
      name: "never committed while the log moves, owner unknown",
      points: over { t in (nil, 10 + t * 10) }, verdict: .stopped,
      evidence: "partition 0: never committed while log end rose 10→110 over 10s"),
    Case(
      name: "never committed, no member owns it: stopped, and says so",
      points: over { t in (nil, 10 + t * 10) }, owner: .unowned, verdict: .stopped,
      evidence: "partition 0: never committed while log end rose 10→110 over 10s; no member owns it"),
    Case(
      name: "never committed, owned by a member that progresses elsewhere: lagging, not stopped (issue 28, rule 3)",
      points: over { t in (nil, 10 + t * 10) }, owner: .owned(progressingOn: "partition 1"), verdict: .lagging,
      evidence: "partition 0: never committed while log end rose 10→110 over 10s; its member owns it and progresses on partition 1: it has not reached this one yet"),
    Case(
      name: "never committed, owned by a member that progresses nowhere: stalled",
      points: over { t in (nil, 10 + t * 10) }, owner: .owned(progressingOn: nil), verdict: .stalled,
      evidence: "partition 0: never committed while log end rose 10→110 over 10s; a member owns it but commits nothing"),
    Case(
      name: "never committed, the log moved only within the grace",
      points: [(nil, 10), (nil, 20)], verdict: .ok,
      evidence: "partition 0: no commit yet; 10 new since +1s (within the 5s grace)"),
    Case(
      name: "stuck while its member progresses on another partition: waiting its turn (the slow live member)",
      points: over { t in (461, 2268 + t * 10) }, owner: .owned(progressingOn: "partition 2"), verdict: .lagging,
      evidence: "partition 0: committed stuck at 461 for 10s while log end rose 2,268→2,368; its member progresses on partition 2: it has not reached this one yet"),
    Case(
      name: "a small standing lag while its member progresses elsewhere is ok",
      points: same(450, 500), owner: .owned(progressingOn: "partition 1"), verdict: .ok,
      evidence: "partition 0: committed stuck at 450 for 10s with 50 unread; its member progresses on partition 1: it has not reached this one yet"),
    Case(
      name: "a commit past the log end says what the next fetch does (issue 28, rule 7)",
      points: same(500, 20), logStart: 5, verdict: .rewound,
      evidence: "partition 0: committed 500 is past the log end 20 (topic recreated or truncated): the next fetch is out of range and auto.offset.reset moves it back: earliest replays the 15 retained message(s) from 5, latest skips them and resumes at 20"),
    Case(
      name: "a commit past the end of an empty log replays nothing, but still moves back",
      points: same(500, 0), verdict: .rewound,
      evidence: "partition 0: committed 500 is past the log end 0 (topic recreated or truncated): the next fetch is out of range and auto.offset.reset moves it back: the log holds nothing, so either resumes at 0 and nothing is replayed"),
    Case(
      name: "a lag of one transaction marker is not a stall (issue 28, rule 8)",
      points: same(40, 41), nothingReadable: true, verdict: .idle,
      evidence: "partition 0: no traffic: committed 40; the 1 offset(s) past it hold no readable message (transaction markers, aborted or deleted records)"),
    Case(
      name: "markers after a commit that moved: caught up",
      points: over { t in (10 + t * 2, 11 + t * 2) }, nothingReadable: true, verdict: .ok,
      evidence: "partition 0: caught up: committed 10→30; the 1 offset(s) past it hold no readable message (transaction markers, aborted or deleted records)"),
    Case(
      name: "never committed, nothing retained, no traffic",
      points: [(nil, 10), (nil, 10)], logStart: 10, verdict: .idle,
      evidence: "partition 0: never committed; nothing retained, no traffic (log end 10)"),
    Case(
      name: "never committed over a retained backlog nobody owns is not idle (issue 29)",
      points: [(nil, 10), (nil, 10)], owner: .unowned, verdict: .stalled,
      evidence: "partition 0: never committed; 10 retained message(s) wait, no traffic and no member owns it"),
    Case(
      name: "never committed over a retained backlog, owner unknown",
      points: [(nil, 10), (nil, 10)], verdict: .stalled,
      evidence: "partition 0: never committed; 10 retained message(s) wait, no traffic (the broker cannot say whether a member owns it)"),
    Case(
      name: "a live member on a quiet topic with old messages is ok, and says what it depends on",
      points: [(nil, 10), (nil, 10)], owner: .owned(progressingOn: nil), verdict: .ok,
      evidence: "partition 0: never committed; 10 retained message(s) wait, no traffic; its member has nothing to commit unless it starts at the log start (auto.offset.reset=earliest)"),
    Case(
      name: "a first commit during the window is progress",
      points: [(nil, 100), (nil, 100), (100, 100)], verdict: .ok, evidence: "partition 0: caught up: lag 0, committed 100→100"),
  ]

  @Test(arguments: cases) func verdict(_ c: Case) {
    var samples = Self.looks(c.points)
    for i in samples.indices { samples[i].logStart = c.logStart }
    let v = assess("partition 0", samples: samples, owner: c.owner, rules: Self.rules, nothingReadable: c.nothingReadable)
    #expect(v.verdict == c.verdict)
    #expect(v.evidence == c.evidence)
  }

  /// At 100/s on a partition with commits every 5 s, commits trail by about
  /// 500: above a 166 share, yet a consumer that keeps up (review of issue 28).
  @Test func aLagWithinOneCommitIntervalOfTrafficKeepsUp() {
    let rules = VerdictRules(lagThreshold: 166, graceSeconds: 15, commitInterval: 5)
    // Committed in 5 s steps behind a log rising 100/s; lag swings 0…400 (300 at the last look).
    let steady: [(Int64?, Int64)] = (Int64(0)...28).map { (t: Int64) -> (Int64?, Int64) in
      let committed: Int64 = 1000 + (t / 5) * 500
      return (committed, 1000 + t * 100)
    }
    let v = assess("partition 0", samples: Self.looks(steady), owner: .unknown, rules: rules)
    #expect(v.verdict == .ok, "\(v.evidence)")
    #expect(v.evidence.contains("is one commit interval (5s) of its 100/s"), "\(v.evidence)")
    // Twice that, still growing: lagging.
    let behind: [(Int64?, Int64)] = (Int64(0)...30).map { (t: Int64) -> (Int64?, Int64) in (t * 50, 1000 + t * 100) }
    #expect(assess("partition 0", samples: Self.looks(behind), owner: .unknown, rules: rules).verdict == .lagging)
  }

  @Test func groupIsItsWorstPartition() {
    func v(_ x: Verdict) -> PartitionVerdict { PartitionVerdict(verdict: x, evidence: "") }
    #expect(groupVerdict([v(.idle), v(.ok)]) == .ok)
    #expect(groupVerdict([v(.idle), v(.idle)]) == .idle)
    #expect(groupVerdict([v(.ok), v(.stopped), v(.lagging)]) == .stopped)
    #expect(groupVerdict([v(.rewound), v(.lagging)]) == .rewound)
    #expect(groupVerdict([v(.stalled), v(.rewound)]) == .stalled)
    #expect(Verdict.allCases.filter(\.isHealthy) == [.idle, .ok])
  }

  @Test func thresholdIsThePipelinesShareAndGraceHalfTheWindow() {
    let r = VerdictRules(thresholds: Thresholds(), partitions: 3, windowSeconds: 30)
    #expect(r.lagThreshold == 166)
    #expect(r.graceSeconds == 15)
    #expect(VerdictRules(thresholds: Thresholds(), partitions: 0, windowSeconds: 2).lagThreshold == 500)
  }
}
