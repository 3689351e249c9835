import Vocabulary

enum Token: Equatable {
  case word(Word)
  /// `;` or a newline.
  case separator(SourcePosition)
  case shellEscape(String, SourcePosition)
}

/// Splits .actl source into words and separators. Works on Unicode scalars so
/// that columns count characters, and so that any byte sequence (binary junk,
/// invalid UTF-8 already replaced by U+FFFD) lexes without trapping.
struct Lexer {
  private let chars: [Unicode.Scalar]
  private var index = 0
  private var line = 1
  private var column = 1
  /// Nesting of `$(`, bounded so hostile input cannot exhaust the stack.
  private let depth: Int
  static let maximumDepth = 64

  init(_ source: String, depth: Int = 0) {
    self.chars = Array(source.unicodeScalars)
    self.depth = depth
  }

  private init(chars: [Unicode.Scalar], index: Int, line: Int, column: Int, depth: Int) {
    self.chars = chars
    self.index = index
    self.line = line
    self.column = column
    self.depth = depth
  }

  var position: SourcePosition { SourcePosition(line: line, column: column) }
  var isAtEnd: Bool { index >= chars.count }

  /// Runs `body` on a lexer one level deeper at the same place, then carries
  /// on where it stopped: how `$(` and `$((` count their nesting.
  private mutating func nested<T>(_ body: (inout Lexer) throws(ParseError) -> T) throws(ParseError) -> T {
    var inner = Lexer(chars: chars, index: index, line: line, column: column, depth: depth + 1)
    let result = try body(&inner)
    index = inner.index
    line = inner.line
    column = inner.column
    return result
  }

  private func peek(_ offset: Int = 0) -> Unicode.Scalar? {
    let i = index + offset
    return i < chars.count ? chars[i] : nil
  }

  private mutating func advance() -> Unicode.Scalar {
    let c = chars[index]
    index += 1
    if c == "\n" {
      line += 1
      column = 1
    } else {
      column += 1
    }
    return c
  }

  private static func isBlank(_ c: Unicode.Scalar) -> Bool { c == " " || c == "\t" || c == "\r" }

  /// Lexes to the end of input or, inside `$(`, to the closing `)` (consumed).
  /// `oneLine`: stop after the first separator, so a script can be read a
  /// statement at a time (StatementStream) instead of held whole.
  mutating func tokens(inSubstitution: Bool = false, opened: SourcePosition? = nil, oneLine: Bool = false)
    throws(ParseError) -> [Token]
  {
    var tokens: [Token] = []
    var atCommandStart = true
    while let c = peek() {
      if Self.isBlank(c) {
        _ = advance()
        continue
      }
      if c == "\\" && (peek(1) == "\n" || (peek(1) == "\r" && peek(2) == "\n")) {
        _ = advance()
        if peek() == "\r" { _ = advance() }
        _ = advance()
        continue
      }
      if c == "\n" || c == ";" {
        tokens.append(.separator(position))
        _ = advance()
        atCommandStart = true
        if oneLine && !inSubstitution { return tokens }
        continue
      }
      if c == "#" {
        while let d = peek(), d != "\n" { _ = advance() }
        continue
      }
      if c == ")" && inSubstitution {
        _ = advance()
        return tokens
      }
      if c == "!" && atCommandStart && (peek(1).map { Self.isBlank($0) || $0 == "\n" } ?? true) {
        let start = position
        _ = advance()
        var raw = ""
        // Inside `$(…)` the shell command ends at the `)` that closes the
        // substitution: parentheses are balanced outside quotes.
        var parens = 0
        var quote: Unicode.Scalar?
        while let d = peek(), d != "\n" {
          if d == "\\" && peek(1) == "\n" {
            _ = advance()
            _ = advance()
            raw.unicodeScalars.append(" ")
            continue
          }
          if inSubstitution {
            if let q = quote {
              if d == q { quote = nil }
            } else if d == "'" || d == "\"" {
              quote = d
            } else if d == "(" {
              parens += 1
            } else if d == ")" {
              if parens == 0 { break }
              parens -= 1
            }
          }
          raw.unicodeScalars.append(advance())
        }
        let command = raw.trimmingBlanks()
        if command.isEmpty { throw ParseError("'!' needs a shell command after it", at: start) }
        tokens.append(.shellEscape(command, start))
        continue
      }
      tokens.append(.word(try word(inSubstitution: inSubstitution)))
      atCommandStart = false
    }
    if inSubstitution {
      throw ParseError(
        "unterminated '$(' opened at \(opened ?? position)", at: opened ?? position, incomplete: true)
    }
    return tokens
  }

  private mutating func word(inSubstitution: Bool) throws(ParseError) -> Word {
    var word = WordBuilder(start: position)
    while let c = peek() {
      if Self.isBlank(c) || c == "\n" || c == ";" || (c == ")" && inSubstitution) { break }
      switch c {
      case "'":
        word.quoted = true
        word.append(try singleQuoted())
      case "\"":
        word.quoted = true
        let open = position
        _ = advance()
        var closed = false
        while let d = peek() {
          if d == "\"" {
            _ = advance()
            closed = true
            break
          }
          if d == "\\" {
            _ = advance()
            guard let e = peek() else { break }
            if e == "\n" {
              _ = advance()
            } else if e == "\"" || e == "\\" || e == "$" || e == "`" {
              word.append(advance())
            } else {
              word.append(Unicode.Scalar("\\"))
            }
            continue
          }
          if d == "$" {
            try dollar(into: &word)
            continue
          }
          word.append(advance())
        }
        if !closed { throw ParseError("unterminated double quote", at: open, incomplete: true) }
      case "\\":
        word.quoted = true
        let at = position
        _ = advance()
        guard let e = peek() else {
          throw ParseError("'\\' at the end of input", at: at, incomplete: true)
        }
        if e == "\n" {
          _ = advance()
        } else {
          word.append(advance())
        }
      case "$":
        try dollar(into: &word)
      default:
        word.append(advance())
      }
    }
    return word.finish(keepingEmpty: word.quoted)
  }

  /// At a `'`: the quoted text, taken as written. Words and `${NAME:-default}`
  /// share it so that single quotes mean the same in both.
  private mutating func singleQuoted() throws(ParseError) -> String {
    let open = position
    _ = advance()
    var text = ""
    while let d = peek() {
      _ = advance()
      if d == "'" { return text }
      text.unicodeScalars.append(d)
    }
    throw ParseError("unterminated single quote", at: open, incomplete: true)
  }

  /// Bare words, double quotes and `${NAME:-default}` all expand `$` the same
  /// way, and a `$` that starts no expansion stays text in all three.
  private mutating func dollar(into word: inout WordBuilder) throws(ParseError) {
    if let expansion = try dollar() {
      word.append(expansion: expansion)
    } else {
      word.append(advance())
    }
  }

  private static func isNameStart(_ c: Unicode.Scalar) -> Bool {
    c == "_" || (c >= "a" && c <= "z") || (c >= "A" && c <= "Z")
  }
  private static func isNameChar(_ c: Unicode.Scalar) -> Bool {
    isNameStart(c) || (c >= "0" && c <= "9")
  }
  private static func isDigit(_ c: Unicode.Scalar) -> Bool { c >= "0" && c <= "9" }

  /// At a `$`: the expansion it starts, or nil when the `$` is a plain character
  /// (followed by a blank, the end, or a character no expansion starts with).
  private mutating func dollar() throws(ParseError) -> WordPart? {
    let at = position
    guard let next = peek(1) else { return nil }
    if next == "(" && peek(2) == "(" {
      // Counted with `$(`: `$(( $(( …` nests, and hostile input must not exhaust the stack.
      guard depth < Self.maximumDepth else {
        throw ParseError("'$((' nested more than \(Self.maximumDepth) deep", at: at)
      }
      return try arithmetic()
    }
    if next == "(" {
      guard depth < Self.maximumDepth else {
        throw ParseError("'$(' nested more than \(Self.maximumDepth) deep", at: at)
      }
      _ = advance()
      _ = advance()
      let tokens = try nested { (inner: inout Lexer) throws(ParseError) in
        try inner.tokens(inSubstitution: true, opened: at)
      }
      let script = try Parser.parse(tokens: tokens, end: position, depth: depth + 1)
      if script.statements.isEmpty { throw ParseError("empty '$()'", at: at) }
      return .substitution(script)
    }
    if next == "{" {
      _ = advance()
      _ = advance()
      var name = ""
      while let c = peek(), c != "}" && c != ":" {
        guard Self.isNameChar(c) || ((c == "#" || c == "?") && name.isEmpty) else {
          throw ParseError("bad character '\(c)' in variable name", at: position)
        }
        name.unicodeScalars.append(advance())
        if name == "#" || name == "?" { break }
      }
      guard !name.isEmpty else { throw ParseError("empty variable name in '${}'", at: at) }
      if let first = name.unicodeScalars.first, Self.isDigit(first),
        !name.unicodeScalars.allSatisfy(Self.isDigit)
      {
        throw ParseError("bad variable name '\(name)'", at: at)
      }
      var fallback: Word?
      if peek() == ":" {
        guard peek(1) == "-" else {
          throw ParseError("expected ':-' after '${\(name)'", at: position)
        }
        _ = advance()
        _ = advance()
        fallback = try braceDefault()
      }
      guard peek() == "}" else {
        throw ParseError("unterminated '${' opened here", at: at, incomplete: true)
      }
      _ = advance()
      return .variable(name: name, fallback: fallback)
    }
    if next == "?" || next == "#" || Self.isDigit(next) {
      _ = advance()
      return .variable(name: String(advance()), fallback: nil)
    }
    if Self.isNameStart(next) {
      _ = advance()
      var name = ""
      while let c = peek(), Self.isNameChar(c) { name.unicodeScalars.append(advance()) }
      return .variable(name: name, fallback: nil)
    }
    return nil
  }

  /// `$(( … ))`: numbers, operators, parentheses, `$` expansions and bare
  /// variable names, up to the `))` that closes it.
  private mutating func arithmetic() throws(ParseError) -> WordPart {
    let at = position
    _ = advance()
    _ = advance()
    _ = advance()
    var tokens: [ArithmeticToken] = []
    var parens = 0
    while true {
      guard let c = peek() else {
        throw ParseError("unterminated '$((' opened at \(at)", at: at, incomplete: true)
      }
      let here = position
      if Self.isBlank(c) || c == "\n" {
        _ = advance()
      } else if c == ")" && parens == 0 {
        guard peek(1) == ")" else {
          if peek(1) == nil { throw ParseError("unterminated '$((' opened at \(at)", at: at, incomplete: true) }
          throw ParseError("'$((' must be closed with '))'", at: here)
        }
        _ = advance()
        _ = advance()
        break
      } else if c == "$" {
        let found = try nested { (inner: inout Lexer) throws(ParseError) in try inner.dollar() }
        guard let part = found else { throw ParseError("'$' without a name in arithmetic", at: here) }
        tokens.append(.operand(part, here))
      } else if Self.isNameStart(c) {
        var name = ""
        while let d = peek(), Self.isNameChar(d) { name.unicodeScalars.append(advance()) }
        tokens.append(.operand(.variable(name: name, fallback: nil), here))
      } else {
        var text = ""
        while let d = peek(), !Self.isBlank(d), d != "\n", d != "$", !Self.isNameStart(d) {
          if d == "(" { parens += 1 }
          if d == ")" {
            if parens == 0 { break }
            parens -= 1
          }
          text.unicodeScalars.append(advance())
        }
        do {
          tokens += try ArithmeticLexing.tokens(text, at: here)
        } catch {
          throw ParseError(error.message, at: error.position)
        }
      }
    }
    do {
      return .arithmetic(try ArithmeticParser.parse(tokens, end: at))
    } catch {
      throw ParseError(error.message, at: error.position)
    }
  }

  /// The default of `${NAME:-default}`: quotes and expansions allowed, ends at
  /// the matching `}`.
  private mutating func braceDefault() throws(ParseError) -> Word {
    var word = WordBuilder(start: position)
    while let c = peek(), c != "}" {
      switch c {
      case "'":
        word.quoted = true
        word.append(try singleQuoted())
      case "\\":
        _ = advance()
        if peek() != nil { word.append(advance()) }
      case "$":
        try dollar(into: &word)
      case "\"":
        word.quoted = true
        _ = advance()
      default:
        word.append(advance())
      }
    }
    return word.finish(keepingEmpty: true)
  }
}

/// A word as it is lexed. Literal text gathers into one part until an
/// expansion cuts it off (`log-$n.txt` is three parts), so the interpreter
/// joins runs of text rather than single characters.
private struct WordBuilder {
  let start: SourcePosition
  var quoted = false
  private var parts: [WordPart] = []
  private var literal = ""

  init(start: SourcePosition) { self.start = start }

  mutating func append(_ c: Unicode.Scalar) { literal.unicodeScalars.append(c) }
  mutating func append(_ text: String) { literal += text }

  mutating func append(expansion: WordPart) {
    flush()
    parts.append(expansion)
  }

  /// `keepingEmpty`: a word with nothing in it is still one empty argument
  /// (`''`, or a `${NAME:-}` default), not no argument at all.
  mutating func finish(keepingEmpty: Bool) -> Word {
    flush()
    if parts.isEmpty && keepingEmpty { parts = [.literal("")] }
    return Word(parts: parts, position: start, isQuoted: quoted)
  }

  private mutating func flush() {
    if !literal.isEmpty {
      parts.append(.literal(literal))
      literal = ""
    }
  }
}
