import Testing

@testable import Prometheus

/// The text format as exporters write it, and the mistakes they make.
@Suite struct ExpositionTests {
  @Test func familiesLabelsEscapesAndSpecialValues() throws {
    let page = """
      # HELP kafka_consumergroup_lag Current approximate lag
      # TYPE kafka_consumergroup_lag gauge
      kafka_consumergroup_lag{consumergroup="crm-events-sse",partition="2",topic="aetherlink.events"} 339
      # TYPE odd gauge
      odd{kind="nan"} NaN
      odd{kind="inf"} +Inf
      odd{kind="neginf"} -Inf
      odd{path="C:\\\\data\\n\\"x\\""} 1.5e3 1700000000000
      plain_metric 7
      """
    let samples = try Exposition.parse(page)
    #expect(samples.count == 6)
    #expect(samples[0].name == "kafka_consumergroup_lag")
    #expect(samples[0].label("partition") == "2")
    #expect(samples[0].value == 339)
    #expect(samples[0].type == "gauge")
    #expect(samples[0].help == "Current approximate lag")
    #expect(samples[1].value.isNaN)
    #expect(samples[2].value == .infinity)
    #expect(samples[3].value == -.infinity)
    #expect(samples[4].label("path") == "C:\\data\n\"x\"")
    #expect(samples[4].timestampMs == 1_700_000_000_000)
    #expect(samples[4].value == 1500)
    #expect(samples[5].labels.isEmpty)
    #expect(samples[5].type == nil)
    // Written back the way the page wrote it.
    #expect(samples[4].description == #"odd{path="C:\\data\n\"x\""} 1500 1700000000000"#)
  }

  @Test func histogramSuffixesBelongToTheirFamily() throws {
    let page = """
      # TYPE req histogram
      req_bucket{le="0.1"} 1
      req_bucket{le="+Inf"} 3
      req_sum 0.4
      req_count 3
      """
    let samples = try Exposition.parse(page)
    #expect(samples.map(\.type) == ["histogram", "histogram", "histogram", "histogram"])
    #expect(samples[1].label("le") == "+Inf")
  }

  @Test(arguments: [
    ("metric{a=\"1\" 5", 1),
    ("ok 1\nmetric{a=\"unterminated} 5", 2),
    ("metric 12abc", 1),
    ("metric", 1),
    ("# TYPE m gauge\n# TYPE m counter\nm 1", 2),
    ("1metric 5", 1),
  ])
  func brokenPagesNameTheLine(page: String, line: Int) {
    do {
      let parsed = try Exposition.parse(page)
      Issue.record("parsed: \(parsed)")
    } catch {
      #expect(error.line == line, "\(error)")
      #expect(!error.message.isEmpty)
    }
  }

  @Test func crlfAndBlankLinesAreFine() throws {
    let samples = try Exposition.parse("a 1\r\n\r\nb{x=\"y\"} 2\r\n")
    #expect(samples.map(\.name) == ["a", "b"])
  }
}
