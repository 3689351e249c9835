import Vocabulary

/// Turns template text into parts. Works on Characters so that columns in
/// errors match what the operator sees, not byte offsets.
struct TemplateParser {
  static let names = ["seq", "now", "now_ms", "uuid", "rand", "pick", "env"]
  static let known = "known: seq, now, now_ms, uuid, rand A B, pick a|b, env NAME"

  let chars: [Character]
  let environment: [String: String]
  var parts: [MessageTemplate.Part] = []
  var literal: [UInt8] = []

  init(text: String, environment: [String: String]) {
    chars = Array(text)
    self.environment = environment
  }

  mutating func parse() throws(TemplateError) -> [MessageTemplate.Part] {
    var i = 0
    while i < chars.count {
      guard isOpening(at: i) else {
        if ArgumentBytes.carried {
          literal.append(contentsOf: ArgumentBytes.bytes(String(chars[i])))
        } else {
          literal.append(contentsOf: chars[i].utf8)
        }
        i += 1
        continue
      }
      // In `{{{seq}}}` the outer braces are text: only the last two open.
      if isOpening(at: i + 1) {
        literal.append(UInt8(ascii: "{"))
        i += 1
        continue
      }
      guard let close = closing(after: i + 2) else {
        throw TemplateError(message: "unterminated '{{' (close it with '}}')", column: i + 1)
      }
      let part = try placeholder(from: i, bodyEnd: close)
      if case .literal(let bytes) = part {
        literal.append(contentsOf: bytes)
      } else {
        flushLiteral()
        parts.append(part)
      }
      i = close + 2
    }
    flushLiteral()
    return parts
  }

  private mutating func flushLiteral() {
    if !literal.isEmpty {
      parts.append(.literal(literal))
      literal = []
    }
  }

  private func isOpening(at i: Int) -> Bool {
    i + 1 < chars.count && chars[i] == "{" && chars[i + 1] == "{"
  }

  /// Index of the `}}` that closes a placeholder body starting at `start`;
  /// nil when another `{{` or the end of text comes first.
  private func closing(after start: Int) -> Int? {
    var j = start
    while j + 1 < chars.count {
      if chars[j] == "}" && chars[j + 1] == "}" { return j }
      if chars[j] == "{" && chars[j + 1] == "{" { return nil }
      j += 1
    }
    return nil
  }

  /// Whitespace-separated words of chars[from..<to], with their 1-based columns.
  private func words(from: Int, to: Int) -> [(text: String, column: Int)] {
    var result: [(text: String, column: Int)] = []
    var j = from
    while j < to {
      if chars[j].isWhitespace {
        j += 1
        continue
      }
      let start = j
      while j < to && !chars[j].isWhitespace { j += 1 }
      result.append((String(chars[start..<j]), start + 1))
    }
    return result
  }

  private func placeholder(from open: Int, bodyEnd: Int) throws(TemplateError) -> MessageTemplate.Part {
    let column = open + 1
    let shown = "'" + String(chars[open..<(bodyEnd + 2)]) + "'"
    let all = words(from: open + 2, to: bodyEnd)
    guard let name = all.first else {
      throw TemplateError(message: "empty placeholder \(shown) (\(Self.known))", column: column)
    }
    let args = all.dropFirst()
    func noArguments(_ part: MessageTemplate.Part) throws(TemplateError) -> MessageTemplate.Part {
      guard let extra = args.first else { return part }
      throw TemplateError(message: "\(shown) takes no arguments", column: extra.column)
    }
    switch name.text {
    case "seq": return try noArguments(.seq)
    case "now": return try noArguments(.now)
    case "now_ms": return try noArguments(.nowMillis)
    case "uuid": return try noArguments(.uuid)
    case "rand": return try rand(args: Array(args), shown: shown, column: column)
    case "pick": return try pick(nameColumn: name.column, bodyEnd: bodyEnd, shown: shown, column: column)
    case "env": return try env(args: Array(args), shown: shown, column: column)
    default:
      var message = "unknown placeholder \(shown)"
      if let near = Self.nearest(to: name.text) {
        message += ", did you mean '{{\(near)}}'?"
      }
      throw TemplateError(message: message + " (\(Self.known))", column: column)
    }
  }

  private func rand(args: [(text: String, column: Int)], shown: String, column: Int) throws(TemplateError)
    -> MessageTemplate.Part
  {
    guard args.count == 2 else {
      throw TemplateError(
        message: "\(shown) needs two integer bounds, e.g. '{{rand 1 100}}'",
        column: args.count > 2 ? args[2].column : column)
    }
    var bounds: [Int64] = []
    for arg in args {
      guard let value = Int64(arg.text) else {
        throw TemplateError(message: "rand bound '\(arg.text)' is not a 64-bit integer", column: arg.column)
      }
      bounds.append(value)
    }
    let (low, high) = (bounds[0], bounds[1])
    guard low <= high else {
      throw TemplateError(
        message: "rand bounds in \(shown) are reversed: \(low) > \(high) (write the lower bound first)",
        column: args[0].column)
    }
    return .rand(low: low, span: UInt64(bitPattern: high &- low))
  }

  private func pick(nameColumn: Int, bodyEnd: Int, shown: String, column: Int) throws(TemplateError)
    -> MessageTemplate.Part
  {
    let rest = String(chars[(nameColumn - 1 + 4)..<bodyEnd]).trimmedBlanks
    guard !rest.isEmpty else {
      throw TemplateError(message: "\(shown) needs alternatives, e.g. '{{pick red|green|blue}}'", column: column)
    }
    let alternatives = rest.split(separator: "|", omittingEmptySubsequences: false).map {
      String($0).trimmedBlanks
    }
    guard !alternatives.contains(where: \.isEmpty) else {
      throw TemplateError(message: "\(shown) has an empty alternative", column: column)
    }
    return .pick(alternatives.map { Array($0.utf8) })
  }

  private func env(args: [(text: String, column: Int)], shown: String, column: Int) throws(TemplateError)
    -> MessageTemplate.Part
  {
    guard args.count == 1, let name = args.first else {
      throw TemplateError(
        message: "\(shown) takes one variable name, e.g. '{{env HOSTNAME}}'",
        column: args.count > 1 ? args[1].column : column)
    }
    guard let value = environment[name.text] else {
      throw TemplateError(message: "environment variable '\(name.text)' is not set", column: name.column)
    }
    return .literal(Array(value.utf8))
  }

  /// The known name within two edits of a typo (case-insensitive), if any.
  static func nearest(to word: String) -> String? {
    let lowered = word.lowercased()
    var best: (name: String, distance: Int)?
    for name in names {
      let d = editDistance(Array(lowered), Array(name))
      if d <= 2, d < max(name.count, 2), d < (best?.distance ?? Int.max) {
        best = (name, d)
      }
    }
    return best?.name
  }

  static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var previous = Array(0...b.count)
    var current = previous
    for i in 1...a.count {
      current[0] = i
      for j in 1...b.count {
        let cost = a[i - 1] == b[j - 1] ? 0 : 1
        current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
      }
      swap(&previous, &current)
    }
    return previous[b.count]
  }
}
