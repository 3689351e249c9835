import Testing
import Vocabulary

@testable import Capacity

struct GroupLagTests {
  func p(_ partition: Int32, start: Int64 = 0, end: Int64, committed: Int64?) -> PartitionOffsets {
    PartitionOffsets(topic: "aetherlink.events", partition: partition, logStart: start, logEnd: end, committed: committed)
  }

  @Test func lagIsLogEndMinusCommitted() {
    let g = evaluateLag([p(0, end: 200, committed: 150), p(1, end: 200, committed: 200), p(2, end: 300, committed: 0)])
    #expect(g.rows.map(\.lag) == [50, 0, 300])
    #expect(g.totalLag == 350)
    #expect(g.uncommitted.isEmpty)
    #expect(g.skew?.hottest?.partition == 2)
  }

  @Test func uncommittedPartitionIsShownNotZero() {
    let g = evaluateLag([p(0, end: 200, committed: 150), p(1, start: 20, end: 220, committed: nil)])
    #expect(g.rows.count == 2)
    #expect(g.rows[1].lag == nil)
    #expect(g.rows[1].offsets.committed == nil)
    #expect(g.rows[1].backlog == 200)
    #expect(g.totalLag == 50)
    #expect(g.uncommitted.map(\.offsets.partition) == [1])
    // Skew only over committed partitions, as the exporter's metrics do.
    #expect(g.skew?.ratio == 1)
  }

  @Test func lagNeverNegative() {
    // A committed offset past the log end (log truncated, or a stale read) is lag 0.
    let g = evaluateLag([p(0, end: 100, committed: 150)])
    #expect(g.rows[0].lag == 0)
    #expect(g.totalLag == 0)
  }

  @Test func nothingCommittedMeansNoSkew() {
    let g = evaluateLag([p(0, end: 10, committed: nil)])
    #expect(g.skew == nil)
    #expect(g.totalLag == 0)
  }

  @Test func rowsAreOrdered() {
    let g = evaluateLag([p(2, end: 1, committed: 1), p(0, end: 1, committed: 1), p(1, end: 1, committed: 1)])
    #expect(g.rows.map(\.offsets.partition) == [0, 1, 2])
  }

  @Test func ratesFromTwoSamples() throws {
    let before = [p(0, end: 100, committed: 50), p(1, end: 100, committed: nil), p(2, end: 100, committed: 90)]
    let after = [p(0, end: 130, committed: 80), p(1, end: 100, committed: nil), p(2, end: 200, committed: 90)]
    let r = try sampleRates(before: before, after: after, seconds: 10)
    #expect(r.consumeRate == 3)
    #expect(r.produceRate == 13)
    #expect(r.hottestPartition?.partition == 2)
    #expect(r.hottestPartition?.rate == 10)
    #expect(r.committedMoved)
  }

  @Test func resetBackwardsIsNotNegativeConsumption() throws {
    let r = try sampleRates(
      before: [p(0, end: 100, committed: 90)], after: [p(0, end: 100, committed: 0)], seconds: 5)
    #expect(r.consumeRate == 0)
    #expect(r.committedMoved)
  }

  @Test func stalledGroupDidNotMove() throws {
    let r = try sampleRates(before: [p(0, end: 100, committed: 10)], after: [p(0, end: 120, committed: 10)], seconds: 4)
    #expect(!r.committedMoved)
    #expect(r.consumeRate == 0)
    #expect(r.produceRate == 5)
    #expect(try drainEstimate(lag: 110, consumeRate: r.consumeRate, produceRate: r.produceRate).status == .stalled)
  }

  @Test func windowMustBePositive() {
    #expect(throws: CapacityInputError.self) { try sampleRates(before: [], after: [], seconds: 0) }
  }
}
