import Testing

@testable import Capacity

struct DrainEstimateTests {
  struct Case: Sendable, CustomTestStringConvertible {
    var lag: Int64
    var consume: Double
    var produce: Double
    var eta: Double?
    var status: DrainStatus
    var testDescription: String { "lag \(lag) consume \(consume) produce \(produce)" }
  }

  @Test(arguments: [
    Case(lag: 600, consume: 2.7, produce: 0, eta: 600 / 2.7, status: .draining),  // the seeds' drill
    Case(lag: 0, consume: 0, produce: 0, eta: 0, status: .drained),
    Case(lag: 0, consume: 5, produce: 9, eta: 0, status: .drained),
    Case(lag: 1000, consume: 10, produce: 8, eta: 500, status: .draining),
    Case(lag: 1000, consume: 0, produce: 0, eta: nil, status: .stalled),
    Case(lag: 1000, consume: 0, produce: 3, eta: nil, status: .stalled),
    Case(lag: 1000, consume: 5, produce: 5, eta: nil, status: .holding),
    Case(lag: 1000, consume: 5, produce: 7.5, eta: nil, status: .growing),
    Case(lag: 1, consume: 1e-9, produce: 0, eta: 1e9, status: .draining),
  ])
  func estimates(_ c: Case) throws {
    let e = try drainEstimate(lag: c.lag, consumeRate: c.consume, produceRate: c.produce)
    #expect(e.status == c.status)
    if let expected = c.eta {
      let eta = try #require(e.etaSeconds)
      #expect(abs(eta - expected) < 1e-6 * max(1, expected))
    } else {
      #expect(e.etaSeconds == nil)
    }
    #expect(e.netRate == c.consume - c.produce)
  }

  /// Measured live, over a window, with commits every 5 s: what the noise of
  /// the sampling cannot tell apart is not a trend (issue 28, rule 2).
  struct Live: Sendable, CustomTestStringConvertible {
    var name: String
    var lag: Int64
    var consume: Double
    var produce: Double
    var window: Double = 30
    var gap: Double? = nil
    var status: DrainStatus
    var testDescription: String { name }
  }

  @Test(arguments: [
    // The scenario seen: a member at 30/s with lag 30 read "15m", "holding" and "growing" in turn.
    Live(name: "keeping up, lag within one commit interval", lag: 30, consume: 30, produce: 30, status: .caughtUp),
    Live(name: "a commit just missed the window: still caught up", lag: 140, consume: 27, produce: 30, status: .caughtUp),
    Live(name: "the consumer a little ahead in the window", lag: 60, consume: 32, produce: 30, status: .caughtUp),
    Live(name: "a real backlog at equal rates holds", lag: 10_000, consume: 30, produce: 30, status: .holding),
    Live(name: "rates differing within the noise hold, not grow", lag: 10_000, consume: 28, produce: 30, status: .holding),
    Live(name: "rates differing beyond the noise grow", lag: 10_000, consume: 20, produce: 30, status: .growing),
    Live(name: "beyond the noise the backlog drains", lag: 10_000, consume: 40, produce: 30, status: .draining),
    Live(name: "nothing consumed over several commit intervals", lag: 100, consume: 0, produce: 3, status: .stalled),
    Live(name: "a window shorter than the commit interval may see no commit", lag: 50, consume: 0, produce: 10, window: 2, status: .caughtUp),
    Live(name: "a small lag that keeps growing is not caught up", lag: 150, consume: 0, produce: 5, window: 60, status: .stalled),
    Live(name: "quiet topic, small lag, nothing moving", lag: 3, consume: 0, produce: 0, status: .stalled),
    // Commits every 0.6 s make a 1.5 s window precise enough to see a drain the 5 s setting would hide.
    Live(name: "frequent commits seen: the drain is measurable", lag: 110, consume: 80, produce: 40, window: 1.5, gap: 0.6, status: .draining),
    Live(name: "the same rates with no cadence seen: within the noise", lag: 110, consume: 80, produce: 40, window: 1.5, status: .caughtUp),
  ])
  func live(_ c: Live) throws {
    let e = try drainEstimate(
      lag: c.lag, consumeRate: c.consume, produceRate: c.produce,
      noise: DrainNoise(windowSeconds: c.window, commitIntervalSeconds: 5, observedCommitGap: c.gap))
    #expect(e.status == c.status, "\(e)")
    if c.status == .caughtUp { #expect(e.etaSeconds == 0) }
  }

  @Test func etaForTheDrillIsAbout222Seconds() throws {
    let e = try drainEstimate(lag: 600, consumeRate: 2.7)
    #expect((try #require(e.etaSeconds) * 10).rounded() / 10 == 222.2)
  }

  @Test(arguments: [
    (Int64(-1), 1.0, 0.0, "lag"),
    (Int64(10), -1.0, 0.0, "consume rate"),
    (Int64(10), Double.nan, 0.0, "consume rate"),
    (Int64(10), Double.infinity, 0.0, "consume rate"),
    (Int64(10), 1.0, -0.5, "produce rate"),
    (Int64(10), 1.0, Double.nan, "produce rate"),
  ])
  func refusesBadInput(lag: Int64, consume: Double, produce: Double, input: String) {
    #expect(throws: CapacityInputError.self) {
      try drainEstimate(lag: lag, consumeRate: consume, produceRate: produce)
    }
    do {
      _ = try drainEstimate(lag: lag, consumeRate: consume, produceRate: produce)
    } catch let e as CapacityInputError {
      #expect(e.input == input)
    } catch {
      Issue.record("unexpected \(error)")
    }
  }
}
