import Testing
import Vocabulary

@testable import Capacity

/// Time lag from what the log answered: which offset is read, and what is
/// said when nothing could be.
struct TimeLagTests {
  static let now: Int64 = 1_800_000_000_000

  func row(start: Int64 = 0, end: Int64, committed: Int64?, partition: Int32 = 0) -> LagRow {
    evaluateLag([
      PartitionOffsets(topic: "aetherlink.events", partition: partition, logStart: start, logEnd: end, committed: committed)
    ]).rows[0]
  }

  @Test func whichOffsetIsRead() {
    #expect(row(end: 100, committed: 40).firstUnreadOffset?.offset == 40)
    #expect(row(end: 100, committed: 40).firstUnreadOffset?.origin == .committed)
    #expect(row(end: 100, committed: 100).firstUnreadOffset == nil)
    #expect(row(end: 100, committed: 150).firstUnreadOffset == nil)
    #expect(row(start: 60, end: 100, committed: 40).firstUnreadOffset?.offset == 60)
    #expect(row(start: 60, end: 100, committed: 40).firstUnreadOffset?.origin == .logStart)
    #expect(row(start: 20, end: 100, committed: nil).firstUnreadOffset?.offset == 20)
    #expect(row(start: 20, end: 20, committed: nil).firstUnreadOffset == nil)
  }

  @Test func ageOfTheFirstUnconsumedMessage() {
    let t = row(end: 100, committed: 40).timeLag(read: .message(offset: 40, timestampMs: Self.now - 272_500), nowMs: Self.now)
    #expect(t.seconds == 272.5)
    #expect(t.origin == .committed)
    #expect(t.offset == 40)
    #expect(t.timestampMs == Self.now - 272_500)
    #expect(t.reason == nil)
  }

  @Test func caughtUpIsZeroWithoutReading() {
    #expect(row(end: 100, committed: 100).timeLag(read: nil, nowMs: Self.now) == .caughtUp)
  }

  @Test func labelledWhenReadAtTheLogStart() {
    let never = row(start: 20, end: 100, committed: nil).timeLag(read: .message(offset: 20, timestampMs: Self.now - 3_600_000), nowMs: Self.now)
    #expect(never.seconds == 3600)
    #expect(never.origin == .logStart)
    #expect(never.reason == "never committed: age of the oldest retained message")
    let deleted = row(start: 60, end: 100, committed: 40).timeLag(read: .message(offset: 60, timestampMs: Self.now - 1000), nowMs: Self.now)
    #expect(deleted.reason == "committed below the log start: age of the oldest retained message")
  }

  @Test func unknownIsUnknownNeverZero() {
    let r = row(end: 100, committed: 40)
    let cases: [(FirstUnread?, String)] = [
      (nil, "not read"),
      (.failed("no answer within 5s"), "no answer within 5s"),
      (.message(offset: 40, timestampMs: nil), "the message at offset 40 has no timestamp"),
    ]
    for (read, reason) in cases {
      let t = r.timeLag(read: read, nowMs: Self.now)
      #expect(t.seconds == nil)
      #expect(t.reason == reason)
    }
    #expect(row(start: 5, end: 5, committed: nil).timeLag(read: nil, nowMs: Self.now).seconds == nil)
  }

  /// A lag of transaction markers only: nothing waits, so not behind — and said why.
  @Test func nothingReadableAfterTheCommitIsNotBehind() {
    let t = row(end: 41, committed: 40).timeLag(read: .endOfLog(at: 41), nowMs: Self.now)
    #expect(t.seconds == 0)
    #expect(t.nothingReadable)
    #expect(t.reason == "nothing readable from offset 40 to the log end (transaction markers, aborted or deleted records)")
    // From the log start (never committed) it dates nothing: unknown.
    let never = row(start: 0, end: 3, committed: nil).timeLag(read: .endOfLog(at: 3), nowMs: Self.now)
    #expect(never.seconds == nil)
    // Stopped short of the log end: an open transaction, not "nothing readable" (a stuck transaction is not caught up).
    let open = row(end: 50, committed: 40).timeLag(read: .endOfLog(at: 40), nowMs: Self.now)
    #expect(!open.nothingReadable)
    #expect(open.seconds == nil)
    #expect(open.reason == "a transaction still open holds offsets 40–49: nothing past 40 is readable until it ends")
  }

  @Test func aCommitPastTheLogEndIsNotBehindButSaysWhy() {
    let t = row(end: 100, committed: 150).timeLag(read: nil, nowMs: Self.now)
    #expect(t.seconds == 0)
    #expect(t.reason?.hasPrefix("committed beyond the log end") == true)
  }

  @Test func aTimestampInTheFutureIsUnknownBeyondASecond() {
    let r = row(end: 100, committed: 40)
    let near = r.timeLag(read: .message(offset: 40, timestampMs: Self.now + 400), nowMs: Self.now)
    #expect(near.seconds == 0)
    #expect(near.reason == nil)
    let far = r.timeLag(read: .message(offset: 40, timestampMs: Self.now + 2500), nowMs: Self.now)
    #expect(far.seconds == nil)
    #expect(far.reason == "the message's timestamp is 2.5 s in the future (clock skew)")
  }

  @Test func aCommitBelowAnEmptiedLogIsNotBehindAnything() {
    let r = row(start: 100, end: 100, committed: 40)
    #expect(r.firstUnreadOffset == nil)
    let t = r.timeLag(read: nil, nowMs: Self.now)
    #expect(t.seconds == 0)
    #expect(t.reason?.hasPrefix("committed below the log start and nothing retained") == true)
  }

  @Test func groupTimeLagIsTheLargestOverCommittedPartitions() {
    let lag = evaluateLag([
      PartitionOffsets(topic: "t", partition: 0, logStart: 0, logEnd: 100, committed: 40),
      PartitionOffsets(topic: "t", partition: 1, logStart: 0, logEnd: 100, committed: 90),
      PartitionOffsets(topic: "t", partition: 2, logStart: 0, logEnd: 100, committed: 100),
      PartitionOffsets(topic: "t", partition: 3, logStart: 0, logEnd: 100, committed: nil),
    ])
    #expect(lag.maxBehind == nil)
    let ages: [Int32: Int64] = [0: 30_000, 1: 90_000, 3: 9_000_000]
    let timed = lag.withTimeLags(
      { o in .message(offset: o.committed ?? 0, timestampMs: Self.now - ages[o.partition]!) }, nowMs: Self.now)
    #expect(timed.rows.map { $0.behind?.seconds } == [30, 90, 0, 9000])
    // The never-committed partition's age is shown but not counted, as its lag is not.
    #expect(timed.maxBehind?.seconds == 90)
    #expect(timed.maxBehind?.partition?.description == "t[1]")
    let partly = lag.withTimeLags(
      { o in o.partition == 0 ? .failed("no answer within 5s") : .message(offset: 0, timestampMs: Self.now) }, nowMs: Self.now)
    #expect(partly.maxBehind?.seconds == nil)
    #expect(partly.maxBehind?.reason == "t[0]: no answer within 5s")
  }
}
