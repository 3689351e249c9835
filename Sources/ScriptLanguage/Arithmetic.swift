import Vocabulary

/// `+ - * / %` and parentheses over integers and decimals: what operators
/// need when they translate a runbook's "161 events / 60 s". Written as
/// `$(( … ))` anywhere a word goes, or as separate words on either side of a
/// comparison (`if $lag / 2 > 300`).
public enum ArithmeticOperator: String, Sendable, CaseIterable {
  case add = "+", subtract = "-", multiply = "*", divide = "/", remainder = "%"

  var precedence: Int { self == .add || self == .subtract ? 1 : 2 }
}

public indirect enum ArithmeticExpression: Equatable, Sendable {
  /// A number as written.
  case number(String, SourcePosition)
  /// `$x`, `${x}`, `$1`, `$(…)` (or a bare name inside `$(( ))`): its value
  /// must read as a number when the expression is evaluated.
  case operand(WordPart, SourcePosition)
  case negate(ArithmeticExpression, SourcePosition)
  case binary(ArithmeticOperator, ArithmeticExpression, ArithmeticExpression, SourcePosition)
}

extension ArithmeticExpression {
  /// The expansions it reads, for the static checks.
  public var operands: [(WordPart, SourcePosition)] {
    switch self {
    case .number: []
    case .operand(let part, let p): [(part, p)]
    case .negate(let e, _): e.operands
    case .binary(_, let a, let b, _): a.operands + b.operands
    }
  }
}

/// A result: integers stay exact; a division that does not come out even,
/// or any decimal operand, gives a decimal.
public enum ArithmeticValue: Equatable, Sendable, CustomStringConvertible {
  case integer(Int64)
  case decimal(Double)

  public var double: Double {
    switch self {
    case .integer(let i): Double(i)
    case .decimal(let d): d
    }
  }

  /// Integers as such; decimals with up to six places, trailing zeros dropped
  /// (`161 / 60` is `2.683333`, `0.1 + 0.2` is `0.3`).
  public var description: String {
    switch self {
    case .integer(let i): return String(i)
    case .decimal(let d):
      // Beyond this, six decimal places no longer fit in 64 bits: whole numbers.
      guard abs(d) < 1e12 else {
        // Past 2^63 no integer holds it: the decimal digits of the double.
        guard let whole = Int64(exactly: d.rounded()) else { return "\(d)" }
        return String(whole)
      }
      let scaled = (abs(d) * 1e6).rounded()
      let whole = Int64(scaled / 1e6)
      let fraction = Int64(scaled) - whole * 1_000_000
      var digits = String(fraction)
      digits = String(repeating: "0", count: 6 - digits.count) + digits
      while digits.hasSuffix("0") { digits.removeLast() }
      let sign = d < 0 && scaled != 0 ? "-" : ""
      return sign + String(whole) + (digits.isEmpty ? "" : "." + digits)
    }
  }

  /// Decimals stay below this, so every result prints without an exponent
  /// and reads back as a number.
  static let decimalLimit = 9.0e18

  /// Reads a word's value as a number (blanks around it allowed).
  public init?(text: String) {
    let t = text.trimmingBlanks()
    guard isPlainNumber(t) else { return nil }
    if !t.contains(".") {
      // An integer too large for 64 bits is out of range, never quietly inexact.
      guard let i = Int64(t) else { return nil }
      self = .integer(i)
    } else if let d = Double(t), d.isFinite, abs(d) < ArithmeticValue.decimalLimit {
      self = .decimal(d)
    } else {
      return nil
    }
  }
}

public struct ArithmeticError: Error, Equatable, Sendable {
  public var message: String
  public var position: SourcePosition
  /// Bad syntax (status 2) rather than a bad value at run time (status 1).
  public var isSyntax: Bool
  public init(_ message: String, at position: SourcePosition, syntax: Bool) {
    self.message = message
    self.position = position
    self.isSyntax = syntax
  }
}

/// One token of an arithmetic expression.
enum ArithmeticToken: Equatable {
  case number(String, SourcePosition)
  case operand(WordPart, SourcePosition)
  case op(ArithmeticOperator, SourcePosition)
  case open(SourcePosition)
  case close(SourcePosition)

  var position: SourcePosition {
    switch self {
    case .number(_, let p), .operand(_, let p), .op(_, let p), .open(let p), .close(let p): p
    }
  }

  var shown: String {
    switch self {
    case .number(let n, _): n
    case .operand: "$…"
    case .op(let o, _): o.rawValue
    case .open: "("
    case .close: ")"
    }
  }
}

enum ArithmeticLexing {
  /// Splits literal text into numbers, operators and parentheses; `column`
  /// is where the text starts.
  static func tokens(_ text: String, at start: SourcePosition) throws(ArithmeticError) -> [ArithmeticToken] {
    var out: [ArithmeticToken] = []
    let chars = Array(text.unicodeScalars)
    var i = 0
    func at(_ k: Int) -> SourcePosition { SourcePosition(line: start.line, column: start.column + k) }
    while i < chars.count {
      let c = chars[i]
      if c == " " || c == "\t" {
        i += 1
        continue
      }
      if (c >= "0" && c <= "9") || c == "." {
        let begin = i
        var number = ""
        while i < chars.count, (chars[i] >= "0" && chars[i] <= "9") || chars[i] == "." {
          number.unicodeScalars.append(chars[i])
          i += 1
        }
        guard isPlainNumber(number) else {
          throw ArithmeticError("'\(number)' is not a number", at: at(begin), syntax: true)
        }
        out.append(.number(number, at(begin)))
        continue
      }
      if let o = ArithmeticOperator(rawValue: String(c)) {
        out.append(.op(o, at(i)))
      } else if c == "(" {
        out.append(.open(at(i)))
      } else if c == ")" {
        out.append(.close(at(i)))
      } else {
        throw ArithmeticError(
          "unexpected '\(c)' in arithmetic (numbers, $variables, + - * / % and parentheses)", at: at(i),
          syntax: true)
      }
      i += 1
    }
    return out
  }

  /// The tokens of the words on one side of a comparison: literal text is
  /// split into operators and numbers, each expansion is one operand.
  static func tokens(words: [Word]) throws(ArithmeticError) -> [ArithmeticToken] {
    var out: [ArithmeticToken] = []
    for w in words {
      for part in w.parts {
        if case .literal(let text) = part, !w.isQuoted {
          out += try tokens(text, at: w.position)
        } else if case .literal(let text) = part {
          out.append(.operand(.literal(text), w.position))
        } else {
          out.append(.operand(part, w.position))
        }
      }
    }
    return out
  }
}

/// Precedence climbing over tokens; the whole input must be one expression.
struct ArithmeticParser {
  var tokens: [ArithmeticToken]
  var index = 0
  let end: SourcePosition

  /// Evaluation recurses once per operator: a bound keeps hostile input off the stack.
  static let maximumTokens = 1000

  static func parse(_ tokens: [ArithmeticToken], end: SourcePosition) throws(ArithmeticError) -> ArithmeticExpression {
    guard !tokens.isEmpty else { throw ArithmeticError("empty arithmetic expression", at: end, syntax: true) }
    guard tokens.count <= maximumTokens else {
      throw ArithmeticError(
        "arithmetic expression longer than \(maximumTokens) tokens", at: tokens[0].position, syntax: true)
    }
    var p = ArithmeticParser(tokens: tokens, end: end)
    let e = try p.expression(0, depth: 0)
    if p.index < tokens.count {
      let t = tokens[p.index]
      throw ArithmeticError("unexpected '\(t.shown)' in arithmetic", at: t.position, syntax: true)
    }
    return e
  }

  static let maximumDepth = 200

  mutating func expression(_ minimum: Int, depth: Int) throws(ArithmeticError) -> ArithmeticExpression {
    var left = try unary(depth: depth)
    while index < tokens.count, case .op(let o, let p) = tokens[index], o.precedence >= minimum {
      index += 1
      let right = try expression(o.precedence + 1, depth: depth + 1)
      left = .binary(o, left, right, p)
    }
    return left
  }

  mutating func unary(depth: Int) throws(ArithmeticError) -> ArithmeticExpression {
    guard depth < Self.maximumDepth else {
      throw ArithmeticError("arithmetic nested too deep", at: tokens[min(index, tokens.count - 1)].position, syntax: true)
    }
    guard index < tokens.count else {
      throw ArithmeticError("arithmetic expression ends after an operator", at: end, syntax: true)
    }
    let t = tokens[index]
    index += 1
    switch t {
    case .number(let n, let p): return .number(n, p)
    case .operand(let part, let p): return .operand(part, p)
    case .op(.subtract, let p): return .negate(try unary(depth: depth + 1), p)
    case .op(.add, _): return try unary(depth: depth + 1)
    case .open(let p):
      let inner = try expression(0, depth: depth + 1)
      guard index < tokens.count, case .close = tokens[index] else {
        throw ArithmeticError("'(' has no matching ')'", at: p, syntax: true)
      }
      index += 1
      return inner
    case .op(let o, let p):
      throw ArithmeticError("'\(o.rawValue)' needs a number before it", at: p, syntax: true)
    case .close(let p):
      throw ArithmeticError("unexpected ')' in arithmetic", at: p, syntax: true)
    }
  }
}

public enum Arithmetic {
  /// Evaluates `e`; `operand` gives the text of an expansion.
  public static func evaluate(
    _ e: ArithmeticExpression, operand: (WordPart, SourcePosition) throws -> String
  ) throws -> ArithmeticValue {
    switch e {
    case .number(let text, let p):
      guard let v = ArithmeticValue(text: text) else {
        throw ArithmeticError("'\(text)' is out of range", at: p, syntax: false)
      }
      return v
    case .operand(let part, let p):
      let text = try operand(part, p)
      guard let v = ArithmeticValue(text: text) else {
        throw ArithmeticError(
          "'\(text.prefix(40))' is not a number (in arithmetic), or is out of range", at: p, syntax: false)
      }
      return v
    case .negate(let inner, let p):
      switch try evaluate(inner, operand: operand) {
      case .integer(let i):
        guard i != Int64.min else { throw ArithmeticError("integer overflow", at: p, syntax: false) }
        return .integer(-i)
      case .decimal(let d): return .decimal(-d)
      }
    case .binary(let o, let a, let b, let p):
      let x = try evaluate(a, operand: operand)
      let y = try evaluate(b, operand: operand)
      return try apply(o, x, y, at: p)
    }
  }

  static func apply(_ o: ArithmeticOperator, _ x: ArithmeticValue, _ y: ArithmeticValue, at p: SourcePosition)
    throws(ArithmeticError) -> ArithmeticValue
  {
    if (o == .divide || o == .remainder) && y.double == 0 {
      throw ArithmeticError("division by zero", at: p, syntax: false)
    }
    if case .integer(let i) = x, case .integer(let j) = y {
      let r: (Int64, Bool)
      switch o {
      case .add: r = i.addingReportingOverflow(j)
      case .subtract: r = i.subtractingReportingOverflow(j)
      case .multiply: r = i.multipliedReportingOverflow(by: j)
      case .remainder: r = i.remainderReportingOverflow(dividingBy: j)
      case .divide:
        let (q, overflow) = i.dividedReportingOverflow(by: j)
        if !overflow && q * j == i { return .integer(q) }
        return .decimal(Double(i) / Double(j))
      }
      guard !r.1 else { throw ArithmeticError("integer overflow", at: p, syntax: false) }
      return .integer(r.0)
    }
    let a = x.double
    let b = y.double
    let r: Double
    switch o {
    case .add: r = a + b
    case .subtract: r = a - b
    case .multiply: r = a * b
    case .divide: r = a / b
    case .remainder: r = a.truncatingRemainder(dividingBy: b)
    }
    guard r.isFinite, abs(r) < ArithmeticValue.decimalLimit else {
      throw ArithmeticError("the result is out of range", at: p, syntax: false)
    }
    return .decimal(r)
  }
}

extension ArithmeticError: StatusError {
  public var description: String { message }
  /// Wrongly written arithmetic is usage; a division by zero at run time is a failure.
  public var exitStatus: Int32 { isSyntax ? ExitStatus.usage : ExitStatus.failure }
}
