/// Where something stands in a script: 1-based line and column (in characters).
public struct SourcePosition: Equatable, Hashable, Sendable, CustomStringConvertible {
  public var line: Int
  public var column: Int
  public init(line: Int, column: Int) {
    self.line = line
    self.column = column
  }
  public var description: String { "\(line):\(column)" }
}

/// One piece of a word. Expansion happens at run time, so the AST keeps what
/// the author wrote.
public indirect enum WordPart: Equatable, Sendable {
  case literal(String)
  /// `$NAME`, `${NAME}`, `$1`, `$#`, `$?`; with `${NAME:-default}` a default word.
  case variable(name: String, fallback: Word?)
  /// `$(COMMAND …)`: replaced by that script's plain output, trimmed.
  case substitution(Script)
  /// `$(( … ))`, or the words on one side of a comparison: replaced by the
  /// value it evaluates to.
  case arithmetic(ArithmeticExpression)
}

public struct Word: Equatable, Sendable {
  public var parts: [WordPart]
  public var position: SourcePosition
  /// True when any part of the word was quoted or escaped; such a word is never
  /// read as a keyword or an operator.
  public var isQuoted: Bool

  public init(parts: [WordPart], position: SourcePosition, isQuoted: Bool) {
    self.parts = parts
    self.position = position
    self.isQuoted = isQuoted
  }

  /// The text of a word that needs no expansion, quoted or not.
  public var literalText: String? {
    var text = ""
    for part in parts {
      guard case .literal(let s) = part else { return nil }
      text += s
    }
    return text
  }

  /// The text of a bare word: what keywords and operators are matched against.
  public var bareText: String? { isQuoted ? nil : literalText }

  public var hasExpansion: Bool {
    parts.contains { if case .literal = $0 { false } else { true } }
  }
}

public struct CommandCall: Equatable, Sendable {
  public var words: [Word]
  public var position: SourcePosition { words[0].position }
  public init(words: [Word]) { self.words = words }
}

public enum ComparisonOperator: String, CaseIterable, Sendable {
  case equal = "==", notEqual = "!=", less = "<", lessOrEqual = "<=", greater = ">",
    greaterOrEqual = ">="

  /// `<`, `<=`, `>`, `>=`: defined on numbers only.
  public var isOrdering: Bool { self != .equal && self != .notEqual }

  public func holds(_ x: Double, _ y: Double) -> Bool {
    switch self {
    case .equal: return x == y
    case .notEqual: return x != y
    case .less: return x < y
    case .lessOrEqual: return x <= y
    case .greater: return x > y
    case .greaterOrEqual: return x >= y
    }
  }
}

public indirect enum Condition: Equatable, Sendable {
  /// True when the command exits 0.
  case command(CommandCall)
  /// Numeric when both sides read as numbers; `==`/`!=` otherwise compare
  /// text, and the ordering operators refuse non-numbers.
  case compare(Word, ComparisonOperator, Word)
  case not(Condition)
}

/// Session settings `set` can change; anything else after `set` is a variable.
public enum Setting: String, CaseIterable, Sendable {
  case onError = "on-error", output, timing

  public var allowedValues: [String] {
    switch self {
    case .onError: ["stop", "continue"]
    case .output: ["table", "json", "csv", "plain"]
    case .timing: ["on", "off"]
    }
  }
}

public indirect enum Statement: Equatable, Sendable {
  case command(CommandCall)
  case setVariable(name: String, values: [Word], position: SourcePosition)
  case setSetting(Setting, value: Word, position: SourcePosition)
  case unset(names: [String], position: SourcePosition)
  /// `! SHELL COMMAND`: the rest of the line, handed to /bin/sh untouched.
  case shellEscape(String, position: SourcePosition)
  case ifBlock(condition: Condition, then: [Statement], otherwise: [Statement], position: SourcePosition)
  case forLoop(variable: String, items: [Word], body: [Statement], position: SourcePosition)
  case assert(Condition, message: Word?, position: SourcePosition)
  case wait(timeout: Word?, every: Word?, condition: Condition, position: SourcePosition)
  case include(Word, position: SourcePosition)

  public var position: SourcePosition {
    switch self {
    case .command(let c): c.position
    case .setVariable(_, _, let p), .setSetting(_, _, let p), .unset(_, let p),
      .shellEscape(_, let p), .ifBlock(_, _, _, let p), .forLoop(_, _, _, let p),
      .assert(_, _, let p), .wait(_, _, _, let p), .include(_, let p):
      p
    }
  }
}

public struct Script: Equatable, Sendable {
  public var statements: [Statement]
  public init(statements: [Statement]) { self.statements = statements }
}

/// Words that begin a statement of the language rather than a command.
public let languageKeywords = ["if", "else", "end", "for", "assert", "wait", "include", "set", "unset"]
