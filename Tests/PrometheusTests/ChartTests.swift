import Testing

@testable import Prometheus

/// What an operator sees at 80 columns.
@Suite struct ChartTests {
  let rising = (label: "lag{partition=\"0\"}", points: (0..<60).map { (t: 1_700_000_000 + Double($0) * 15, v: Double($0 * 10)) })
  let flat = (label: "lag{partition=\"1\"}", points: (0..<60).map { (t: 1_700_000_000 + Double($0) * 15, v: 300.0) })

  @Test(arguments: [40, 80, 120])
  func everyLineFitsTheWidth(width: Int) {
    let text = renderChart([rising, flat], width: width, height: 10)
    for line in text.split(separator: "\n") { #expect(line.count <= width, "\(line)") }
  }

  @Test func axesLegendAndScale() {
    let text = renderChart([rising, flat], width: 80, height: 10)
    let lines = text.split(separator: "\n").map(String.init)
    #expect(lines.count == 10 + 2 + 2)  // plot, axis, times, one legend line per series
    #expect(lines[0].hasPrefix("590") || lines[0].contains("590") || lines[0].contains("600"), "\(lines[0])")
    #expect(lines.contains { $0.contains("└") })
    #expect(lines.contains { $0.contains("step 15s") && $0.contains("UTC") })
    #expect(lines[lines.count - 2].contains("lag{partition=\"0\"}"))
    #expect(lines[lines.count - 1].contains("lag{partition=\"1\"}"))
    // The rising series reaches the top row, its first point the bottom row.
    #expect(lines[0].contains("•"))
    #expect(lines[9].contains("•"))
  }

  @Test func gapsAndNonFiniteValues() {
    let withNaN = (label: "x", points: [(t: 0.0, v: 1.0), (t: 15, v: .nan), (t: 30, v: .infinity), (t: 45, v: 2)])
    let text = renderChart([withNaN], width: 60, height: 6)
    #expect(!text.contains("no data"))
    let onlyNaN = (label: "y", points: [(t: 0.0, v: Double.nan)])
    #expect(renderChart([onlyNaN], width: 60).contains("no data"))
    #expect(renderChart([], width: 60) == "no data")
  }

  @Test func colourCodesDoNotCountTowardTheWidth() {
    let text = renderChart([rising, flat], width: 80, height: 8, color: true)
    #expect(text.contains("\u{1B}["))
    let stripped = text.replacing(/\x1B\[[0-9;]*m/, with: "")
    for line in stripped.split(separator: "\n") { #expect(line.count <= 80) }
  }
}
