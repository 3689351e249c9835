import Vocabulary

/// A line chart of range-query series for an 80-column terminal:
///
///     1.2k ┤      ••••
///          │  ••••    ••
///      600 ┤••          •
///          │
///        0 ┤
///          └──────────────────────────
///           12:00:00    step 15s    12:05:00 UTC
///     • {job="crm-events"}
///
/// Every line fits `width` characters (escape codes for `color` aside). NaN and
/// ±Inf values leave gaps, as do missing steps; a flat series runs through the
/// middle; nothing finite to draw gives a one-line "no data".
public func renderChart(
  _ series: [(label: String, points: [(t: Double, v: Double)])], width: Int = 80, height: Int = 12,
  color: Bool = false
) -> String {
  // Bounded so absurd arguments cannot allocate absurd grids.
  let width = min(width, 2000)
  let height = min(max(height, 1), 500)
  guard width > 0 else { return "" }
  let input = series.map { ChartSeries(label: $0.label, points: $0.points) }
  guard let frame = ChartFrame(input) else {
    let detail = series.isEmpty ? "no data" : "no data (\(series.count) series, no finite values)"
    return clipped(detail, to: width)
  }
  var lines: [String] = []
  let axis = YAxis(frame: frame, rows: height)
  var labelWidth = axis.labels.values.map(\.count).max() ?? 0
  if width - (labelWidth + 2) < 8 { labelWidth = 0 }  // too narrow for labels: the plot matters more
  let prefixWidth = labelWidth == 0 ? 1 : labelWidth + 2
  let plotWidth = width - prefixWidth
  guard plotWidth >= 1 else { return clipped("too narrow for a chart", to: width) }

  var grid = ChartGrid(columns: plotWidth, rows: height)
  for (index, s) in input.enumerated() {
    grid.draw(s, index: index, frame: frame)
  }
  for row in 0..<height {
    var line = ""
    if labelWidth > 0 {
      let label = axis.labels[row] ?? ""
      line += String(repeating: " ", count: labelWidth - label.count) + label + " "
    }
    line += axis.labels[row] == nil ? "│" : "┤"
    for column in 0..<plotWidth {
      guard let cell = grid.cells[row * plotWidth + column] else {
        line += " "
        continue
      }
      let glyph = ChartStyle.glyph(cell.series)
      line += color ? "\u{1B}[\(ChartStyle.colour(cell.series))m\(glyph)\u{1B}[0m" : glyph
    }
    lines.append(line)
  }
  lines.append(String(repeating: " ", count: prefixWidth - 1) + "└" + String(repeating: "─", count: plotWidth))
  lines.append(clipped(String(repeating: " ", count: prefixWidth) + timeLine(frame, room: plotWidth), to: width))

  let legendLimit = 20
  for (index, s) in input.enumerated().prefix(legendLimit) {
    var glyph = ChartStyle.glyph(index)
    if color { glyph = "\u{1B}[\(ChartStyle.colour(index))m\(glyph)\u{1B}[0m" }
    var label = s.label.isEmpty ? "{}" : s.label
    if !s.points.contains(where: { $0.t.isFinite && $0.v.isFinite }) { label += " (no finite values)" }
    lines.append(glyph + clipped(" " + singleLine(label), to: width - 1))
  }
  if input.count > legendLimit {
    lines.append(clipped("… and \(input.count - legendLimit) more series", to: width))
  }
  return lines.joined(separator: "\n")
}

/// Legend labels come from the server; a newline or escape inside one must not break the layout.
private func singleLine(_ text: String) -> String {
  String(String.UnicodeScalarView(text.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F ? " " : $0 }))
}

/// `12:00:00     step 15s     12:05:00 UTC`, shortened until it fits `room`.
private func timeLine(_ frame: ChartFrame, room: Int) -> String {
  let withDate = utcDay(frame.tMin) != utcDay(frame.tMax)
  let start = clockText(frame.tMin, withDate: withDate)
  let end = clockText(frame.tMax, withDate: withDate) + " UTC"
  if frame.tMin == frame.tMax {
    let pad = max(0, (room - end.count) / 2)
    return String(repeating: " ", count: pad) + end
  }
  let step = frame.step.map { "step " + Durations.format($0) }
  if let step, start.count + step.count + end.count + 4 <= room {
    let gaps = room - start.count - step.count - end.count
    let left = gaps / 2
    return start + String(repeating: " ", count: left) + step + String(repeating: " ", count: gaps - left) + end
  }
  if start.count + end.count + 2 <= room {
    return start + String(repeating: " ", count: room - start.count - end.count) + end
  }
  return start + " – " + end
}

/// One input series with its points in time order, non-finite times dropped.
struct ChartSeries {
  var label: String
  var points: [(t: Double, v: Double)]

  init(label: String, points: [(t: Double, v: Double)]) {
    self.label = label
    self.points = points.filter { $0.t.isFinite }.sorted { $0.t < $1.t }
  }
}

/// The value and time ranges of everything drawable, and the query step.
struct ChartFrame {
  var tMin: Double
  var tMax: Double
  var vMin: Double
  var vMax: Double
  /// The smallest spacing between consecutive samples: a longer spacing is a gap.
  var step: Double?

  init?(_ series: [ChartSeries]) {
    var tMin = Double.infinity
    var tMax = -Double.infinity
    var vMin = Double.infinity
    var vMax = -Double.infinity
    var step: Double?
    for s in series {
      var previous: Double?
      for p in s.points {
        tMin = min(tMin, p.t)
        tMax = max(tMax, p.t)
        if p.v.isFinite {
          vMin = min(vMin, p.v)
          vMax = max(vMax, p.v)
        }
        if let previous, p.t > previous {
          let d = p.t - previous
          if d.isFinite { step = min(step ?? d, d) }
        }
        previous = p.t
      }
    }
    guard vMin <= vMax, tMin <= tMax else { return nil }
    (self.tMin, self.tMax, self.vMin, self.vMax, self.step) = (tMin, tMax, vMin, vMax, step)
  }

  var isFlat: Bool { vMin == vMax }

  /// Where `x` sits between `lo` and `hi`, in 0…1, without overflowing on huge spans.
  static func fraction(_ x: Double, _ lo: Double, _ hi: Double) -> Double {
    let span = hi / 2 - lo / 2
    guard span > 0 else { return 0.5 }
    let f = (x / 2 - lo / 2) / span
    guard f.isFinite else { return 0.5 }
    return min(max(f, 0), 1)
  }

  /// A fraction in 0…1 to one of `count` cells.
  static func cell(_ fraction: Double, count: Int) -> Int {
    guard count > 1, fraction.isFinite else { return 0 }
    let scaled = (min(max(fraction, 0), 1) * Double(count - 1)).rounded()
    return min(max(Int(scaled), 0), count - 1)
  }

  func column(_ t: Double, columns: Int) -> Int {
    tMin == tMax ? columns / 2 : Self.cell(Self.fraction(t, tMin, tMax), count: columns)
  }

  /// Row 0 is the top.
  func row(_ v: Double, rows: Int) -> Int {
    isFlat ? (rows - 1) / 2 : rows - 1 - Self.cell(Self.fraction(v, vMin, vMax), count: rows)
  }
}

/// Labels at the top, middle and bottom rows; one label for a flat chart.
struct YAxis {
  var labels: [Int: String] = [:]

  init(frame: ChartFrame, rows: Int) {
    var marks: [(row: Int, value: Double)]
    if frame.isFlat || rows == 1 {
      marks = [(frame.isFlat ? (rows - 1) / 2 : 0, frame.vMax)]
    } else {
      marks = [(0, frame.vMax), (rows - 1, frame.vMin)]
      let middle = (rows - 1) / 2
      if rows >= 5 {
        // The value the middle row really stands for, computed in halves to survive huge spans.
        let share = Double(middle) / Double(rows - 1)
        let halfSpan = frame.vMax / 2 - frame.vMin / 2
        marks.insert((middle, frame.vMax - halfSpan * (2 * share)), at: 1)
      }
    }
    let distinctValues = Set(marks.map(\.value)).count
    var digits = 2
    var texts = marks.map { compactNumber($0.value, significant: digits) }
    while Set(texts).count < distinctValues, digits < 8 {
      digits += 1
      texts = marks.map { compactNumber($0.value, significant: digits) }
    }
    for (mark, text) in zip(marks, texts) { labels[mark.row] = text }
  }
}

/// Which series owns each cell. Sample points win over the lines drawn between them.
struct ChartGrid {
  struct Cell {
    var series: Int
    var isPoint: Bool
  }

  let columns: Int
  let rows: Int
  var cells: [Cell?]

  init(columns: Int, rows: Int) {
    self.columns = columns
    self.rows = rows
    cells = Array(repeating: nil, count: columns * rows)
  }

  mutating func draw(_ series: ChartSeries, index: Int, frame: ChartFrame) {
    var previous: (column: Int, row: Int, t: Double)?
    for p in series.points {
      guard p.v.isFinite else {
        previous = nil  // NaN or ±Inf: a gap
        continue
      }
      let column = frame.column(p.t, columns: columns)
      let row = frame.row(p.v, rows: rows)
      if let previous, column - previous.column > 1, isConsecutive(previous.t, p.t, step: frame.step) {
        connect(from: (previous.column, previous.row), to: (column, row), series: index)
      }
      put(column, row, Cell(series: index, isPoint: true))
      previous = (column, row, p.t)
    }
  }

  /// Samples further apart than one and a half steps have missing samples between them.
  private func isConsecutive(_ a: Double, _ b: Double, step: Double?) -> Bool {
    guard let step, step > 0 else { return true }
    return b - a <= step * 1.5
  }

  private mutating func connect(from a: (Int, Int), to b: (Int, Int), series: Int) {
    let span = Double(b.0 - a.0)
    for column in (a.0 + 1)..<b.0 {
      let share = Double(column - a.0) / span
      let row = Int((Double(a.1) + Double(b.1 - a.1) * share).rounded())
      let index = row * columns + column
      guard row >= 0, row < rows, cells[index]?.isPoint != true else { continue }
      cells[index] = Cell(series: series, isPoint: false)
    }
  }

  private mutating func put(_ column: Int, _ row: Int, _ cell: Cell) {
    guard column >= 0, column < columns, row >= 0, row < rows else { return }
    cells[row * columns + column] = cell
  }
}

/// Glyphs tell series apart without colour; colours help when there is some.
enum ChartStyle {
  static let glyphs = ["•", "+", "×", "○", "◆", "▲", "■", "*"]
  static let colours = [32, 33, 36, 35, 34, 31, 92, 93, 96, 95]

  static func glyph(_ series: Int) -> String { glyphs[abs(series) % glyphs.count] }
  static func colour(_ series: Int) -> Int { colours[abs(series) % colours.count] }
}
