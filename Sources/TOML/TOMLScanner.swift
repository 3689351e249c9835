/// The character level: blanks, newlines, comments and the four string forms.
/// Control characters are refused here, wherever they appear, because TOML
/// allows none but tab outside of the newlines that end lines.
extension TOMLParser {
  func peek(_ offset: Int = 0) -> UInt8? {
    i + offset < bytes.count ? bytes[i + offset] : nil
  }

  func isAt(_ word: StaticString) -> Bool {
    let n = word.utf8CodeUnitCount
    guard i + n <= bytes.count else { return false }
    return word.withUTF8Buffer { w in
      for k in 0..<n where bytes[i + k] != w[k] { return false }
      return true
    }
  }

  func fail(_ message: String) -> TOMLError { TOMLError(line: line, message: message) }

  /// What is at the cursor, for "expected …, found …".
  func here() -> String {
    guard let c = peek() else { return "the end of the file" }
    switch c {
    case UInt8(ascii: "\n"): return "the end of the line"
    case UInt8(ascii: "\r") where peek(1) == UInt8(ascii: "\n"): return "the end of the line"
    case 0x21...0x7E: return "'\(Character(Unicode.Scalar(c)))'"
    case 0x80...:
      var end = i + 1
      while end < bytes.count, bytes[end] & 0xC0 == 0x80 { end += 1 }
      let s = String(decoding: bytes[i..<end], as: UTF8.self)
      return "'\(s)' (\(Self.codePoint(s.unicodeScalars.first?.value ?? 0)))"
    default: return Self.controlName(c)
    }
  }

  static func codePoint(_ v: UInt32) -> String {
    let hex = String(v, radix: 16, uppercase: true)
    return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
  }

  static func controlName(_ c: UInt8) -> String {
    c == UInt8(ascii: " ") ? "a space" : c == UInt8(ascii: "\t") ? "a tab" : "control character \(codePoint(UInt32(c)))"
  }

  /// Tab is the one control character TOML lets through, in strings and comments alike.
  static func isForbiddenControl(_ c: UInt8) -> Bool {
    (c < 0x20 && c != UInt8(ascii: "\t")) || c == 0x7F
  }

  func controlCharacter(_ c: UInt8, in place: String) -> TOMLError {
    if c == UInt8(ascii: "\r") {
      return fail("carriage return without a line feed in \(place)")
    }
    return fail("control character \(Self.codePoint(UInt32(c))) in \(place)")
  }

  mutating func skipBlanks() {
    while i < bytes.count, bytes[i] == UInt8(ascii: " ") || bytes[i] == UInt8(ascii: "\t") { i += 1 }
  }

  /// LF or CR LF; a CR alone is not a newline in TOML.
  mutating func newline() -> Bool {
    if peek() == UInt8(ascii: "\n") {
      i += 1
    } else if peek() == UInt8(ascii: "\r") && peek(1) == UInt8(ascii: "\n") {
      i += 2
    } else {
      return false
    }
    line += 1
    return true
  }

  /// Leaves the newline to the caller, which counts the line.
  mutating func comment() throws(TOMLError) {
    i += 1
    while let c = peek() {
      if c == UInt8(ascii: "\n") { return }
      if c == UInt8(ascii: "\r") && peek(1) == UInt8(ascii: "\n") { return }
      if Self.isForbiddenControl(c) { throw controlCharacter(c, in: "a comment") }
      i += 1
    }
  }

  /// TOML allows one statement per line; this is where anything more is refused.
  mutating func endOfLine(after what: String) throws(TOMLError) {
    skipBlanks()
    if peek() == UInt8(ascii: "#") { try comment() }
    if peek() == nil || newline() { return }
    if let c = peek(), c == UInt8(ascii: "\r") { throw controlCharacter(c, in: "the document") }
    throw fail("unexpected \(here())\(what)")
  }

  /// Arrays are the one place where newlines and comments may come between tokens.
  mutating func skipBlanksCommentsAndNewlines() throws(TOMLError) {
    while true {
      skipBlanks()
      if peek() == UInt8(ascii: "#") { try comment() }
      if newline() { continue }
      if peek() == UInt8(ascii: "\r") { throw controlCharacter(UInt8(ascii: "\r"), in: "the document") }
      return
    }
  }

  // MARK: Strings

  /// A single-line string cannot span lines, so the error for a missing
  /// quote names the line it is on, not the next one the reader stopped at.
  mutating func basicString() throws(TOMLError) -> String {
    i += 1
    var out: [UInt8] = []
    var run = i
    while let c = peek() {
      switch c {
      case UInt8(ascii: "\""):
        defer { i += 1 }
        // Most strings have no escape: made straight from the input then.
        if out.isEmpty { return String(decoding: bytes[run..<i], as: UTF8.self) }
        out.append(contentsOf: bytes[run..<i])
        return String(decoding: out, as: UTF8.self)
      case UInt8(ascii: "\\"):
        out.append(contentsOf: bytes[run..<i])
        try escape(into: &out)
        run = i
      default:
        try ordinaryByte(c, multiLineForm: "\"\"\" for multi-line strings")
      }
    }
    throw fail("unterminated string")
  }

  /// No escapes, so the text is taken straight from the input.
  mutating func literalString() throws(TOMLError) -> String {
    i += 1
    let start = i
    while let c = peek() {
      switch c {
      case UInt8(ascii: "'"):
        i += 1
        return String(decoding: bytes[start..<(i - 1)], as: UTF8.self)
      default:
        try ordinaryByte(c, multiLineForm: "''' for multi-line literal strings")
      }
    }
    throw fail("unterminated string")
  }

  /// A byte of a single-line string that is not its quote or escape: a line
  /// end means the closing quote is missing, a control character is refused,
  /// anything else is part of the string.
  private mutating func ordinaryByte(_ c: UInt8, multiLineForm: String) throws(TOMLError) {
    if c == UInt8(ascii: "\n") || (c == UInt8(ascii: "\r") && peek(1) == UInt8(ascii: "\n")) {
      throw fail("unterminated string (use \(multiLineForm))")
    }
    if Self.isForbiddenControl(c) { throw controlCharacter(c, in: "a string") }
    i += 1
  }

  /// Problems inside are reported on their own line; only a missing closing
  /// `"""` is reported on the line the string starts on, the one to fix.
  /// A CR LF inside is kept as written: TOML lets a reader normalise
  /// newlines but does not ask it to.
  mutating func multilineBasicString() throws(TOMLError) -> String {
    let startLine = line
    i += 3
    _ = newline()
    var out: [UInt8] = []
    var run = i
    while let c = peek() {
      switch c {
      case UInt8(ascii: "\""):
        if let closed = try closingQuotes(UInt8(ascii: "\""), text: &out, run: run) { return closed }
      case UInt8(ascii: "\\"):
        out.append(contentsOf: bytes[run..<i])
        if try !lineEndingBackslash() { try escape(into: &out) }
        run = i
      default:
        try multilineByte(c)
      }
    }
    throw TOMLError(line: startLine, message: "unterminated multi-line string (no closing \"\"\")")
  }

  /// As the basic form, without escapes.
  mutating func multilineLiteralString() throws(TOMLError) -> String {
    let startLine = line
    i += 3
    _ = newline()
    var out: [UInt8] = []
    let run = i
    while let c = peek() {
      switch c {
      case UInt8(ascii: "'"):
        if let closed = try closingQuotes(UInt8(ascii: "'"), text: &out, run: run) { return closed }
      default:
        try multilineByte(c)
      }
    }
    throw TOMLError(line: startLine, message: "unterminated multi-line string (no closing ''')")
  }

  /// A byte of a multi-line string that is not its quote or escape: a line
  /// end is counted, a control character is refused, anything else is text.
  private mutating func multilineByte(_ c: UInt8) throws(TOMLError) {
    if c == UInt8(ascii: "\n") {
      i += 1
      line += 1
    } else if c == UInt8(ascii: "\r") && peek(1) == UInt8(ascii: "\n") {
      i += 2
      line += 1
    } else {
      if Self.isForbiddenControl(c) { throw controlCharacter(c, in: "a string") }
      i += 1
    }
  }

  /// At a run of quotes inside a multi-line string: fewer than three are
  /// text; three to five close it, the extra one or two being text; more
  /// cannot be read either way.
  mutating func closingQuotes(_ quote: UInt8, text out: inout [UInt8], run: Int) throws(TOMLError) -> String? {
    var n = 0
    while peek(n) == quote { n += 1 }
    if n < 3 {
      i += n
      return nil
    }
    if n > 5 {
      throw fail("too many quotes at the end of a multi-line string (at most two may come before the closing three)")
    }
    defer { i += n }
    if out.isEmpty { return String(decoding: bytes[run..<(i + n - 3)], as: UTF8.self) }
    out.append(contentsOf: bytes[run..<(i + n - 3)])
    return String(decoding: out, as: UTF8.self)
  }

  /// A backslash followed by blanks up to the end of the line: drops the
  /// newline and all blanks and newlines after it.
  mutating func lineEndingBackslash() throws(TOMLError) -> Bool {
    var k = i + 1
    while k < bytes.count, bytes[k] == UInt8(ascii: " ") || bytes[k] == UInt8(ascii: "\t") { k += 1 }
    guard k < bytes.count,
      bytes[k] == UInt8(ascii: "\n")
        || (bytes[k] == UInt8(ascii: "\r") && k + 1 < bytes.count && bytes[k + 1] == UInt8(ascii: "\n"))
    else { return false }
    i = k
    while true {
      skipBlanks()
      if !newline() { break }
    }
    return true
  }

  /// Only TOML 1.0's escapes: `\x` and `\e` came later, in TOML 1.1.
  mutating func escape(into out: inout [UInt8]) throws(TOMLError) {
    i += 1
    guard let e = peek() else { throw fail("unterminated string") }
    i += 1
    switch e {
    case UInt8(ascii: "b"): out.append(0x08)
    case UInt8(ascii: "t"): out.append(0x09)
    case UInt8(ascii: "n"): out.append(0x0A)
    case UInt8(ascii: "f"): out.append(0x0C)
    case UInt8(ascii: "r"): out.append(0x0D)
    case UInt8(ascii: "\""): out.append(e)
    case UInt8(ascii: "\\"): out.append(e)
    case UInt8(ascii: "u"), UInt8(ascii: "U"):
      let count = e == UInt8(ascii: "u") ? 4 : 8
      var v: UInt32 = 0
      for k in 0..<count {
        guard let h = peek(), let d = hexDigit(h) else {
          throw fail("\\\(Character(Unicode.Scalar(e))) needs \(count) hex digits, found \(k)")
        }
        v = v << 4 | UInt32(d)
        i += 1
      }
      guard let scalar = Unicode.Scalar(v) else {
        let written = String(decoding: bytes[(i - count - 2)..<i], as: UTF8.self)
        throw fail("\(written) is not a Unicode scalar value")
      }
      UTF8.encode(scalar) { out.append($0) }
    default:
      i -= 1
      throw unknownEscape()
    }
  }

  /// A blank or a newline after the backslash is the likely mistake, so it
  /// is named rather than shown as an invisible character.
  private func unknownEscape() -> TOMLError {
    guard let c = peek() else { return fail("unterminated string") }
    switch c {
    case 0x21..<0x7F:
      return fail("unknown escape '\\\(Character(Unicode.Scalar(c)))' in a string")
    case UInt8(ascii: " "), UInt8(ascii: "\t"):
      return fail(
        "unknown escape: a backslash followed by \(here()) in a string"
          + " (a backslash may end a line of a multi-line string, with only blanks after it)")
    case UInt8(ascii: "\n"), UInt8(ascii: "\r"):
      return fail("a backslash at the end of the line in a single-line string (use \"\"\" for multi-line strings)")
    default:
      return fail("unknown escape: a backslash followed by \(here()) in a string")
    }
  }
}

func hexDigit(_ c: UInt8) -> UInt8? {
  switch c {
  case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
  case UInt8(ascii: "a")...UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
  case UInt8(ascii: "A")...UInt8(ascii: "F"): c - UInt8(ascii: "A") + 10
  default: nil
  }
}
