/// The Prometheus text exposition format (version 0.0.4), as served on
/// `/metrics`: strict about syntax so a broken page is reported with its line
/// and column, lenient where Prometheus itself is (unknown escapes kept as
/// written, a trailing comma in a label set, OpenMetrics types, `# EOF`,
/// exemplars after the value, quoted UTF-8 names of Prometheus 3).
public enum Exposition {
  /// TYPE values accepted: the text format's five plus OpenMetrics's.
  public static let knownTypes: Set<String> = [
    "counter", "gauge", "histogram", "summary", "untyped",
    "unknown", "gaugehistogram", "info", "stateset",
  ]

  public static func parse(_ text: String) throws(ExpositionError) -> [MetricSample] {
    try parse(Array(text.utf8))
  }

  public static func parse(_ bytes: [UInt8]) throws(ExpositionError) -> [MetricSample] {
    var document = ExpositionDocument()
    var start = 0
    var lineNumber = 0
    if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { start = 3 }
    while start < bytes.count {
      lineNumber += 1
      let newline = bytes[start...].firstIndex(of: 0x0A) ?? bytes.count
      var end = newline
      if end > start, bytes[end - 1] == 0x0D { end -= 1 }
      var line = ExpositionLine(bytes: bytes, start: start, end: end, number: lineNumber)
      if try document.consume(&line) == .stop { break }
      start = newline + 1
    }
    return document.finish()
  }
}

/// Families seen so far and the samples collected; TYPE and HELP are attached at
/// the end because HELP may legitimately follow a family's samples.
struct ExpositionDocument {
  enum Outcome { case more, stop }

  struct Family {
    var type: String?
    var typeLine: Int?
    var help: String?
    var helpLine: Int?
  }

  var families: [String: Family] = [:]
  var sampleNames: [String: Int] = [:]  // name → first line
  var samples: [MetricSample] = []

  /// Sample-name suffixes that belong to a family of these types.
  static let suffixes: [(suffix: String, types: Set<String>)] = [
    ("_bucket", ["histogram", "gaugehistogram"]),
    ("_sum", ["histogram", "summary"]),
    ("_count", ["histogram", "summary"]),
    ("_gsum", ["gaugehistogram"]),
    ("_gcount", ["gaugehistogram"]),
    ("_created", ["counter", "histogram", "summary"]),
    ("_total", ["counter"]),
    ("_info", ["info"]),
  ]

  mutating func consume(_ line: inout ExpositionLine) throws(ExpositionError) -> Outcome {
    line.skipBlanks()
    guard let first = line.peek else { return .more }
    if first == UInt8(ascii: "#") {
      return try comment(&line)
    }
    let sample = try line.sample()
    if sampleNames[sample.name] == nil { sampleNames[sample.name] = line.number }
    samples.append(sample)
    return .more
  }

  private mutating func comment(_ line: inout ExpositionLine) throws(ExpositionError) -> Outcome {
    line.advance()
    line.skipBlanks()
    let keyword = line.token()
    switch keyword {
    case "HELP", "TYPE":
      line.skipBlanks()
      let name = try line.familyName(in: keyword)
      line.skipBlanks()
      var family = families[name] ?? Family()
      if keyword == "HELP" {
        if let earlier = family.helpLine {
          throw line.error("second HELP line for '\(name)' (first on line \(earlier))")
        }
        family.help = line.helpText()
        family.helpLine = line.number
      } else {
        if let earlier = family.typeLine {
          throw line.error("second TYPE line for '\(name)' (first on line \(earlier))")
        }
        let typeStart = line.index
        let type = line.token().lowercased()
        guard !type.isEmpty else {
          throw line.error("TYPE line for '\(name)' names no type (counter, gauge, histogram, summary, untyped)")
        }
        guard Exposition.knownTypes.contains(type) else {
          throw line.error(
            "unknown metric type '\(printable(type))' (counter, gauge, histogram, summary, untyped) at column \(line.column(at: typeStart))")
        }
        line.skipBlanks()
        if !line.atEnd {
          throw line.error("unexpected '\(printable(line.rest))' after the type at column \(line.column)")
        }
        if let seen = firstSampleLine(of: name, type: type) {
          throw line.error("TYPE line for '\(name)' comes after its samples (line \(seen)); TYPE must come first")
        }
        family.type = type
        family.typeLine = line.number
      }
      families[name] = family
      return .more
    case "EOF":
      return .stop
    default:
      return .more  // any other comment
    }
  }

  private func firstSampleLine(of family: String, type: String) -> Int? {
    var lines: [Int] = []
    if let line = sampleNames[family] { lines.append(line) }
    for (suffix, types) in Self.suffixes where types.contains(type) {
      if let line = sampleNames[family + suffix] { lines.append(line) }
    }
    return lines.min()
  }

  func finish() -> [MetricSample] {
    var cache: [String: Family?] = [:]
    return samples.map { sample in
      var sample = sample
      let family: Family?
      if let cached = cache[sample.name] {
        family = cached
      } else {
        family = lookUp(sample.name)
        cache[sample.name] = family
      }
      sample.type = family?.type
      sample.help = family?.help
      return sample
    }
  }

  private func lookUp(_ name: String) -> Family? {
    if let family = families[name], family.type != nil { return family }
    for (suffix, types) in Self.suffixes where name.hasSuffix(suffix) {
      let base = String(name.dropLast(suffix.count))
      if let family = families[base], let type = family.type, types.contains(type) { return family }
    }
    return families[name]
  }
}

/// A cursor over one line of the page (without its line end).
struct ExpositionLine {
  let bytes: [UInt8]
  let start: Int
  let end: Int
  let number: Int
  private(set) var index: Int

  init(bytes: [UInt8], start: Int, end: Int, number: Int) {
    self.bytes = bytes
    self.start = start
    self.end = end
    self.number = number
    self.index = start
  }

  var atEnd: Bool { index >= end }
  var peek: UInt8? { index < end ? bytes[index] : nil }
  mutating func advance() { if index < end { index += 1 } }

  /// 1-based, in characters rather than bytes.
  var column: Int { column(at: index) }

  func column(at position: Int) -> Int {
    var n = 1
    var i = start
    while i < position && i < end {
      if bytes[i] & 0xC0 != 0x80 { n += 1 }
      i += 1
    }
    return n
  }

  var rest: String { String(decoding: bytes[index..<end], as: UTF8.self) }

  func error(_ message: String) -> ExpositionError { ExpositionError(line: number, message: message) }

  static func isBlank(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 }
  static func isNameStart(_ b: UInt8, colon: Bool) -> Bool {
    (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == 0x5F || (colon && b == 0x3A)
  }
  static func isNameByte(_ b: UInt8, colon: Bool) -> Bool { isNameStart(b, colon: colon) || (b >= 0x30 && b <= 0x39) }

  mutating func skipBlanks() {
    while index < end, Self.isBlank(bytes[index]) { index += 1 }
  }

  /// Everything up to the next blank.
  mutating func token() -> String {
    let from = index
    while index < end, !Self.isBlank(bytes[index]) { index += 1 }
    return String(decoding: bytes[from..<index], as: UTF8.self)
  }

  /// `[a-zA-Z_:][a-zA-Z0-9_:]*` (or without `:` for label names); nil when none starts here.
  mutating func identifier(colon: Bool) -> String? {
    guard let b = peek, Self.isNameStart(b, colon: colon) else { return nil }
    let from = index
    while index < end, Self.isNameByte(bytes[index], colon: colon) { index += 1 }
    return String(decoding: bytes[from..<index], as: UTF8.self)
  }

  /// A double-quoted string with `\\`, `\"`, `\n` escapes; other escapes are kept as written, as Prometheus does.
  mutating func quoted(_ what: String) throws(ExpositionError) -> String {
    let opening = index
    advance()  // the opening quote
    let (text, closed) = unescaped(upTo: UInt8(ascii: "\""))
    guard closed else {
      throw error("unterminated \(what) starting at column \(column(at: opening)) (no closing '\"')")
    }
    return text
  }

  /// The metric name of a HELP or TYPE line.
  mutating func familyName(in keyword: String) throws(ExpositionError) -> String {
    if peek == UInt8(ascii: "\"") { return try quoted("metric name") }
    let nameStart = index
    let name = token()
    guard !name.isEmpty else { throw error("\(keyword) line without a metric name") }
    var probe = ExpositionLine(bytes: Array(name.utf8), start: 0, end: name.utf8.count, number: number)
    guard probe.identifier(colon: true) != nil, probe.atEnd else {
      throw error("invalid metric name '\(printable(name))' in \(keyword) line at column \(column(at: nameStart))")
    }
    return name
  }

  /// The byte after a backslash: `\\`, `\n` (and `\"` in label values) are
  /// escapes; any other pair is kept as written, as Prometheus does.
  static func unescape(_ next: UInt8, quotes: Bool, into out: inout [UInt8]) {
    switch next {
    case UInt8(ascii: "\\"): out.append(next)
    case UInt8(ascii: "\"") where quotes: out.append(next)
    case UInt8(ascii: "n"): out.append(0x0A)
    default: out.append(contentsOf: [UInt8(ascii: "\\"), next])
    }
  }

  /// HELP text: `\\` and `\n` are escapes there; the rest is literal.
  mutating func helpText() -> String {
    unescaped(upTo: nil).text
  }

  /// Quoted strings and HELP text undo backslashes by the same rule; only a
  /// quoted string has a closing quote, which `\"` then escapes. `closed` is
  /// false when the line ran out before `closing`.
  private mutating func unescaped(upTo closing: UInt8?) -> (text: String, closed: Bool) {
    var out: [UInt8] = []
    while index < end {
      let b = bytes[index]
      if b == closing {
        index += 1
        return (String(decoding: out, as: UTF8.self), true)
      }
      if b == UInt8(ascii: "\\"), index + 1 < end {
        Self.unescape(bytes[index + 1], quotes: closing != nil, into: &out)
        index += 2
        continue
      }
      out.append(b)
      index += 1
    }
    return (String(decoding: out, as: UTF8.self), false)
  }

  /// `name{label="value",…} value [timestamp]`.
  mutating func sample() throws(ExpositionError) -> MetricSample {
    var name = ""
    if peek != nil, peek != UInt8(ascii: "{") {
      guard let identifier = identifier(colon: true) else {
        throw error("expected a metric name, found '\(printable(scalarText(at: index)))' at column \(column)")
      }
      name = identifier
      if let next = peek, !Self.isBlank(next), next != UInt8(ascii: "{") {
        throw error("unexpected '\(printable(scalarText(at: index)))' in metric name '\(name)' at column \(column)")
      }
    }
    // Blanks may sit between the name and its label set; without a label set
    // they are the separator before the value.
    let nameEnd = index
    skipBlanks()
    var labels: [(String, String)] = []
    var separated = index != nameEnd
    if peek == UInt8(ascii: "{") {
      advance()
      try labelSet(name: &name, labels: &labels)
      separated = peek.map(Self.isBlank) ?? false
    }
    guard !name.isEmpty else { throw error("sample without a metric name at column \(column)") }
    guard separated, peek != nil else {
      if atEnd { throw error("missing value after '\(name)'") }
      throw error("expected a blank before the value of '\(name)' at column \(column)")
    }
    skipBlanks()
    let valueStart = index
    let valueText = token()
    guard !valueText.isEmpty else { throw error("missing value after '\(name)'") }
    guard let value = SampleValue.parse(valueText) else {
      throw error("bad value '\(printable(valueText))' for '\(name)' at column \(column(at: valueStart)) (a number, NaN, +Inf or -Inf)")
    }
    skipBlanks()
    var timestamp: Int64?
    if let b = peek, b != UInt8(ascii: "#") {
      let timeStart = index
      let text = token()
      guard let ms = Int64(text) else {
        throw error(
          "bad timestamp '\(printable(text))' for '\(name)' at column \(column(at: timeStart)) (integer milliseconds since the epoch)")
      }
      timestamp = ms
      skipBlanks()
    }
    if let b = peek, b != UInt8(ascii: "#") {
      throw error("unexpected '\(printable(rest))' after the value of '\(name)' at column \(column)")
    }
    // A `# {…} value` exemplar (OpenMetrics) may follow; it is not part of the sample.
    return MetricSample(name: name, labels: labels, value: value, timestampMs: timestamp)
  }

  /// After `{`: label pairs up to `}`. A quoted string standing alone is the
  /// metric name (Prometheus 3 syntax `{"my.metric", job="x"}`).
  private mutating func labelSet(name: inout String, labels: inout [(String, String)]) throws(ExpositionError) {
    var seen: Set<String> = []
    while true {
      skipBlanks()
      guard let b = peek else { throw error("unterminated label set (no closing '}')") }
      if b == UInt8(ascii: "}") {
        advance()
        return
      }
      let labelStart = index
      let label: String
      var wasQuoted = false
      if b == UInt8(ascii: "\"") {
        label = try quoted("label name")
        wasQuoted = true
      } else if let identifier = identifier(colon: false) {
        label = identifier
      } else {
        throw error("expected a label name, found '\(printable(scalarText(at: index)))' at column \(column(at: labelStart))")
      }
      skipBlanks()
      if wasQuoted, name.isEmpty, labels.isEmpty, peek == UInt8(ascii: ",") || peek == UInt8(ascii: "}") {
        name = label
        if peek == UInt8(ascii: ",") { advance() }
        continue
      }
      guard peek == UInt8(ascii: "=") else {
        if atEnd { throw error("unterminated label set (no closing '}')") }
        throw error("expected '=' after label name '\(printable(label))' at column \(column)")
      }
      advance()
      skipBlanks()
      guard peek == UInt8(ascii: "\"") else {
        throw error("label '\(printable(label))' needs a double-quoted value at column \(column)")
      }
      let value = try quoted("value of label '\(printable(label))'")
      guard seen.insert(label).inserted else {
        throw error("label '\(printable(label))' appears twice at column \(column(at: labelStart))")
      }
      labels.append((label, value))
      skipBlanks()
      switch peek {
      case UInt8(ascii: ","): advance()
      case UInt8(ascii: "}"): continue
      case nil: throw error("unterminated label set (no closing '}')")
      default: throw error("expected ',' or '}' after the value of label '\(printable(label))' at column \(column)")
      }
    }
  }

  /// The whole character starting at `i` (not just its first byte), for messages.
  private func scalarText(at i: Int) -> String {
    guard i < end else { return "" }
    var j = i + 1
    while j < end, bytes[j] & 0xC0 == 0x80, j - i < 4 { j += 1 }
    return String(decoding: bytes[i..<j], as: UTF8.self)
  }
}

/// Junk quoted in a message: control characters made visible, long text cut.
func printable(_ text: String, limit: Int = 40) -> String {
  var out = ""
  var count = 0
  for scalar in text.unicodeScalars {
    if count == limit {
      out += "…"
      break
    }
    if scalar.value < 0x20 || scalar.value == 0x7F {
      out += "\\u{\(String(scalar.value, radix: 16))}"
    } else {
      out.unicodeScalars.append(scalar)
    }
    count += 1
  }
  return out
}
