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
