import Vocabulary

/// Builds the AST of a whole script before anything runs, so that a syntax
/// error anywhere is reported before the first command has side effects.
public enum Parser {
  /// Blocks (if/for) may nest this deep; deeper input is refused rather than
  /// risking the stack.
  public static let maximumNesting = 256

  public static func parse(_ source: String) throws(ParseError) -> Script {
    var lexer = Lexer(source)
    let tokens = try lexer.tokens()
    return try parse(tokens: tokens, end: lexer.position, depth: 0)
  }

  static func lines(_ tokens: [Token]) -> [Line] {
    var lines: [Line] = []
    var current: [Word] = []
    for token in tokens {
      switch token {
      case .word(let w): current.append(w)
      case .separator:
        if !current.isEmpty { lines.append(.words(current)) }
        current = []
      case .shellEscape(let raw, let at):
        if !current.isEmpty { lines.append(.words(current)) }
        current = []
        lines.append(.shell(raw, at))
      }
    }
    if !current.isEmpty { lines.append(.words(current)) }
    return lines
  }

  static func parse(tokens: [Token], end: SourcePosition, depth: Int) throws(ParseError) -> Script {
    var state = State(lines: lines(tokens), end: end)
    let (statements, terminator) = try state.block(until: [], nesting: depth)
    if let t = terminator { throw ParseError("unexpected '\(t.keyword)'", at: t.position) }
    return Script(statements: statements)
  }

  enum Line {
    case words([Word])
    case shell(String, SourcePosition)
  }

  struct Terminator {
    var keyword: String
    var words: [Word]
    var position: SourcePosition { words[0].position }
  }

  struct State {
    var lines: [Line]
    var index = 0
    var end: SourcePosition
    /// Where more lines come from once `lines` is used up (StatementStream).
    var lexer: Lexer?

    mutating func nextLine() throws(ParseError) -> Line? {
      if index < lines.count {
        index += 1
        return lines[index - 1]
      }
      guard lexer != nil else { return nil }
      lines.removeAll(keepingCapacity: true)
      index = 0
      while lines.isEmpty {
        if lexer!.isAtEnd {
          end = lexer!.position
          return nil
        }
        lines = Parser.lines(try lexer!.tokens(oneLine: true))
      }
      end = lexer!.position
      index = 1
      return lines[0]
    }

    mutating func block(until terminators: Set<String>, nesting: Int) throws(ParseError) -> (
      [Statement], Terminator?
    ) {
      var statements: [Statement] = []
      while let line = try nextLine() {
        switch line {
        case .shell(let raw, let at):
          statements.append(.shellEscape(raw, position: at))
        case .words(let words):
          if let k = words[0].bareText, terminators.contains(k) {
            return (statements, Terminator(keyword: k, words: words))
          }
          statements.append(try statement(words, nesting: nesting))
        }
      }
      return (statements, nil)
    }

    mutating func statement(_ words: [Word], nesting: Int) throws(ParseError) -> Statement {
      let head = words[0]
      switch head.bareText {
      case "if":
        try checkNesting(nesting, at: head.position)
        let condition = try Parser.condition(Array(words.dropFirst()), after: head)
        return try ifRest(condition: condition, at: head.position, nesting: nesting)
      case "else":
        throw ParseError("'else' without 'if'", at: head.position)
      case "end":
        throw ParseError("'end' without 'if' or 'for'", at: head.position)
      case "for":
        try checkNesting(nesting, at: head.position)
        guard words.count >= 2, let name = words[1].bareText, isIdentifier(name) else {
          throw ParseError(
            "'for' needs a variable name: for NAME in WORD… / for NAME in 1..10",
            at: words.count >= 2 ? words[1].position : head.position)
        }
        guard words.count >= 3, words[2].bareText == "in" else {
          throw ParseError(
            "expected 'in' after 'for \(name)'", at: words.count >= 3 ? words[2].position : head.position)
        }
        guard words.count >= 4 else {
          throw ParseError("'for \(name) in' needs words or a range such as 1..10", at: words[2].position)
        }
        let (body, terminator) = try block(until: ["end"], nesting: nesting + 1)
        guard let t = terminator else {
          throw ParseError("'for' at \(head.position) has no 'end'", at: end, incomplete: true)
        }
        try expectAlone(t)
        return .forLoop(variable: name, items: Array(words.dropFirst(3)), body: body, position: head.position)
      case "assert":
        var rest = Array(words.dropFirst())
        var message: Word?
        if let k = rest.firstIndex(where: { $0.bareText == "--message" }) {
          guard k + 2 == rest.count else {
            throw ParseError(
              "'--message' takes one word (quote it) and must come last", at: rest[k].position)
          }
          message = rest[k + 1]
          rest.removeSubrange(k...)
        }
        return .assert(try Parser.condition(rest, after: head), message: message, position: head.position)
      case "wait":
        var rest = Array(words.dropFirst())
        var timeout: Word?
        var every: Word?
        while let flag = rest.first?.bareText, flag == "--timeout" || flag == "--every" {
          guard rest.count >= 2 else { throw ParseError("'\(flag)' needs a duration", at: rest[0].position) }
          let value = rest[1]
          if let text = value.literalText {
            do { _ = try Durations.parse(text) } catch {
              throw ParseError("\(flag): \(error.message)", at: value.position)
            }
          }
          if flag == "--timeout" { timeout = value } else { every = value }
          rest.removeFirst(2)
        }
        return .wait(
          timeout: timeout, every: every, condition: try Parser.condition(rest, after: head),
          position: head.position)
      case "include":
        guard words.count == 2 else {
          throw ParseError("'include' takes exactly one file", at: head.position)
        }
        return .include(words[1], position: head.position)
      case "set":
        guard words.count >= 2, let name = words[1].bareText else {
          throw ParseError(
            "'set' needs a name: set NAME VALUE… or set on-error|output|timing VALUE",
            at: words.count >= 2 ? words[1].position : head.position)
        }
        if let setting = Setting(rawValue: name) {
          guard words.count == 3 else {
            throw ParseError(
              "'set \(name)' takes one of: \(setting.allowedValues.joined(separator: ", "))",
              at: words[1].position)
          }
          if let v = words[2].literalText, !setting.allowedValues.contains(v) {
            throw ParseError(
              "'set \(name)' takes one of: \(setting.allowedValues.joined(separator: ", ")); got '\(v)'",
              at: words[2].position)
          }
          return .setSetting(setting, value: words[2], position: head.position)
        }
        guard isIdentifier(name) else {
          throw ParseError("'\(name)' is not a variable name (letters, digits, '_')", at: words[1].position)
        }
        return .setVariable(name: name, values: Array(words.dropFirst(2)), position: head.position)
      case "unset":
        guard words.count >= 2 else { throw ParseError("'unset' needs a name", at: head.position) }
        var names: [String] = []
        for w in words.dropFirst() {
          guard let n = w.bareText, isIdentifier(n) else {
            throw ParseError("'unset' takes variable names", at: w.position)
          }
          names.append(n)
        }
        return .unset(names: names, position: head.position)
      default:
        return .command(CommandCall(words: words))
      }
    }

    mutating func ifRest(condition: Condition, at position: SourcePosition, nesting: Int) throws(ParseError)
      -> Statement
    {
      let (then, terminator) = try block(until: ["else", "end"], nesting: nesting + 1)
      guard let t = terminator else {
        throw ParseError("'if' at \(position) has no 'end'", at: end, incomplete: true)
      }
      if t.keyword == "end" {
        try expectAlone(t)
        return .ifBlock(condition: condition, then: then, otherwise: [], position: position)
      }
      if t.words.count >= 2, t.words[1].bareText == "if" {
        try checkNesting(nesting + 1, at: t.position)
        let next = try Parser.condition(Array(t.words.dropFirst(2)), after: t.words[1])
        let chained = try ifRest(condition: next, at: t.words[1].position, nesting: nesting + 1)
        return .ifBlock(condition: condition, then: then, otherwise: [chained], position: position)
      }
      try expectAlone(t)
      let (otherwise, last) = try block(until: ["end"], nesting: nesting + 1)
      guard let e = last else {
        throw ParseError("'if' at \(position) has no 'end'", at: end, incomplete: true)
      }
      try expectAlone(e)
      return .ifBlock(condition: condition, then: then, otherwise: otherwise, position: position)
    }

    func expectAlone(_ t: Terminator) throws(ParseError) {
      if t.words.count > 1 {
        throw ParseError("unexpected '\(t.words[1].literalText ?? "…")' after '\(t.keyword)'", at: t.words[1].position)
      }
    }

    func checkNesting(_ nesting: Int, at position: SourcePosition) throws(ParseError) {
      if nesting >= Parser.maximumNesting {
        throw ParseError("blocks nested more than \(Parser.maximumNesting) deep", at: position)
      }
    }
  }

  static func condition(_ words: [Word], after keyword: Word) throws(ParseError) -> Condition {
    guard let first = words.first else {
      throw ParseError("'\(keyword.literalText ?? "")' needs a condition", at: keyword.position)
    }
    if first.bareText == "not" {
      return .not(try condition(Array(words.dropFirst()), after: first))
    }
    if let k = words.firstIndex(where: { $0.bareText.flatMap(ComparisonOperator.init(rawValue:)) != nil }),
      let op = words[k].bareText.flatMap(ComparisonOperator.init(rawValue:))
    {
      guard k > 0, k < words.count - 1 else {
        throw ParseError("'\(op.rawValue)' needs a value on each side", at: words[k].position)
      }
      let left = try side(Array(words[..<k]), op: op)
      let right = try side(Array(words[(k + 1)...]), op: op)
      return .compare(left, op, right)
    }
    if let k = first.bareText, languageKeywords.contains(k) {
      throw ParseError("a condition is a comparison or a command, not '\(k)'", at: first.position)
    }
    return .command(CommandCall(words: words))
  }
}

extension Parser {
  /// One side of a comparison: a single word is a value (text or number);
  /// several words are arithmetic (`$lag / 2`), evaluated to one number.
  static func side(_ words: [Word], op: ComparisonOperator) throws(ParseError) -> Word {
    if words.count == 1 { return words[0] }
    if let extra = words.dropFirst().first(where: {
      $0.bareText.flatMap(ComparisonOperator.init(rawValue:)) != nil
    }) {
      throw ParseError("one comparison per condition; '\(extra.bareText ?? "")' is a second", at: extra.position)
    }
    do {
      let tokens = try ArithmeticLexing.tokens(words: words)
      let e = try ArithmeticParser.parse(tokens, end: words[words.count - 1].position)
      return Word(parts: [.arithmetic(e)], position: words[0].position, isQuoted: false)
    } catch {
      throw ParseError(
        "\(error.message) ('\(op.rawValue)' compares one word or one arithmetic expression on each side; "
          + "quote words that contain blanks)", at: error.position)
    }
  }
}

func isIdentifier(_ s: String) -> Bool {
  guard let f = s.unicodeScalars.first, f == "_" || (f >= "a" && f <= "z") || (f >= "A" && f <= "Z")
  else { return false }
  return s.unicodeScalars.allSatisfy {
    $0 == "_" || ($0 >= "a" && $0 <= "z") || ($0 >= "A" && $0 <= "Z") || ($0 >= "0" && $0 <= "9")
  }
}

/// A script read one top-level statement at a time: memory is bounded by
/// the largest statement (and the source), not by the whole script's tree,
/// which for a 16 MB script of two million lines took 1.7 GB. Reading the
/// same source again gives the same statements, so a caller checks the
/// whole script in one pass and runs it in another, and a syntax error
/// anywhere still stops it before the first command.
public struct StatementStream {
  var state: Parser.State

  public init(_ source: String) {
    state = Parser.State(lines: [], end: SourcePosition(line: 1, column: 1), lexer: Lexer(source))
  }

  public mutating func next() throws(ParseError) -> Statement? {
    guard let line = try state.nextLine() else { return nil }
    switch line {
    case .shell(let raw, let at): return .shellEscape(raw, position: at)
    case .words(let words): return try state.statement(words, nesting: 0)
    }
  }
}
