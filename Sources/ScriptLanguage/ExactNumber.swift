import Vocabulary

/// A plain number compared exactly, as written: `9007199254740993` and
/// `9007199254740992` are different numbers, though the same double. Decimal
/// digits and a power of ten, so any two plain numbers order without rounding.
struct ExactNumber: Comparable {
  /// -1, 0 or 1.
  var sign: Int
  /// Significant digits, no leading or trailing zeros ("" for zero).
  var digits: [UInt8]
  /// The value is 0.digits × 10^exponent.
  var exponent: Int

  /// nil unless `text` is a plain number (`isPlainNumber`), or its exponent
  /// is beyond any sense (more than six digits).
  init?(_ text: String) {
    guard isPlainNumber(text) else { return nil }
    var s = Substring(text)
    var negative = false
    if let f = s.first, f == "-" || f == "+" {
      negative = f == "-"
      s = s.dropFirst()
    }
    var mantissa = s
    var power = 0
    if let e = s.firstIndex(where: { $0 == "e" || $0 == "E" }) {
      mantissa = s[..<e]
      let digits = s[s.index(after: e)...]
      guard digits.filter(\.isNumber).count <= 6, let p = Int(digits) else { return nil }
      power = p
    }
    var whole: [UInt8] = []
    var fraction: [UInt8] = []
    var afterDot = false
    for c in mantissa.utf8 {
      if c == UInt8(ascii: ".") {
        afterDot = true
      } else if afterDot {
        fraction.append(c - 48)
      } else {
        whole.append(c - 48)
      }
    }
    var all = whole + fraction
    var exponent = whole.count + power
    while let first = all.first, first == 0 {
      all.removeFirst()
      exponent -= 1
    }
    while let last = all.last, last == 0 { all.removeLast() }
    if all.isEmpty {
      sign = 0
      digits = []
      self.exponent = 0
    } else {
      sign = negative ? -1 : 1
      digits = all
      self.exponent = exponent
    }
  }

  /// The magnitudes' order: -1, 0 or 1.
  private static func magnitude(_ a: ExactNumber, _ b: ExactNumber) -> Int {
    if a.exponent != b.exponent { return a.exponent < b.exponent ? -1 : 1 }
    for i in 0..<max(a.digits.count, b.digits.count) {
      let x = i < a.digits.count ? a.digits[i] : 0
      let y = i < b.digits.count ? b.digits[i] : 0
      if x != y { return x < y ? -1 : 1 }
    }
    return 0
  }

  static func order(_ a: ExactNumber, _ b: ExactNumber) -> Int {
    if a.sign != b.sign { return a.sign < b.sign ? -1 : 1 }
    if a.sign == 0 { return 0 }
    return a.sign * magnitude(a, b)
  }

  static func < (a: ExactNumber, b: ExactNumber) -> Bool { order(a, b) < 0 }
  static func == (a: ExactNumber, b: ExactNumber) -> Bool { order(a, b) == 0 }
}
