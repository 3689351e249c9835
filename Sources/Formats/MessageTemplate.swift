/// A produce-side message body with placeholders, parsed once so that
/// rendering a million messages only appends bytes into a reused buffer.
public struct MessageTemplate: Sendable {
  enum Part: Sendable, Equatable {
    case literal([UInt8])
    case seq
    case now
    case nowMillis
    case uuid
    /// `low + r` for r uniform in 0...span (span = high − low, as UInt64 so
    /// the full Int64 range fits).
    case rand(low: Int64, span: UInt64)
    case pick([[UInt8]])
  }

  let parts: [Part]

  /// `parts` flattened for rendering: literal bytes (and `pick` choices) live
  /// in one array that the steps address by range, so the per-message loop
  /// touches no reference counts (a retain and release per part were ~3% of
  /// `produce`).
  private let bytes: [UInt8]
  private let steps: [Step]
  private let choices: [Range<Int>]

  enum Step: Sendable {
    case bytes(Range<Int>)
    case seq
    case now
    case nowMillis
    case uuid
    case rand(low: Int64, span: UInt64)
    /// Indexes `choices`.
    case pick(Range<Int>)
  }

  /// True when every message renders the same, so callers can render once.
  public let isConstant: Bool

  /// Uses {{now}} or {{now_ms}}: each message must be stamped with the
  /// instant it was rendered at, which a batch stamped as a whole cannot be.
  public var readsTheClock: Bool { parts.contains { $0 == .now || $0 == .nowMillis } }

  /// `raw` takes `text` literally (no placeholders). `{{env NAME}}` is looked up
  /// in `environment` here, once, so a missing variable fails before sending.
  public init(_ text: String, raw: Bool = false, environment: [String: String]) throws(TemplateError) {
    if raw {
      parts = text.isEmpty ? [] : [.literal(ArgumentBytes.bytes(text))]
    } else {
      var parser = TemplateParser(text: text, environment: environment)
      parts = try parser.parse()
    }
    isConstant = parts.allSatisfy { if case .literal = $0 { true } else { false } }
    var bytes: [UInt8] = []
    var choices: [Range<Int>] = []
    func stored(_ b: [UInt8]) -> Range<Int> {
      bytes.append(contentsOf: b)
      return (bytes.count - b.count)..<bytes.count
    }
    steps = parts.map { part -> Step in
      switch part {
      case .literal(let b): return .bytes(stored(b))
      case .seq: return .seq
      case .now: return .now
      case .nowMillis: return .nowMillis
      case .uuid: return .uuid
      case .rand(let low, let span): return .rand(low: low, span: span)
      case .pick(let alternatives):
        let first = choices.count
        choices += alternatives.map(stored)
        return .pick(first..<choices.count)
      }
    }
    self.bytes = bytes
    self.choices = choices
  }

  /// Appends one rendered message to `buffer` (it does not clear it).
  /// `seq` is the caller's 1-based message number.
  public func render(seq: Int64, nowMillis: Int64, into buffer: inout [UInt8], rng: inout TemplateRandom) {
    bytes.withUnsafeBufferPointer { literal in
      for step in steps {
        switch step {
        case .bytes(let range):
          buffer.append(contentsOf: UnsafeBufferPointer(rebasing: literal[range]))
        case .seq:
          appendDecimal(seq, to: &buffer)
        case .now:
          appendRFC3339(millis: nowMillis, to: &buffer)
        case .nowMillis:
          appendDecimal(nowMillis, to: &buffer)
        case .uuid:
          appendUUIDv4(high: rng.next(), low: rng.next(), to: &buffer)
        case .rand(let low, let span):
          let r = span == .max ? rng.next() : rng.next(upperBound: span + 1)
          appendDecimal(low &+ Int64(bitPattern: r), to: &buffer)
        case .pick(let range):
          let index = range.lowerBound + Int(truncatingIfNeeded: rng.next(upperBound: UInt64(range.count)))
          buffer.append(contentsOf: UnsafeBufferPointer(rebasing: literal[choices[index]]))
        }
      }
    }
  }
}

/// Random bits shaped as a version 4, RFC 4122 variant UUID, lowercase.
func appendUUIDv4(high: UInt64, low: UInt64, to buffer: inout [UInt8]) {
  let h = (high & ~0xF000) | 0x4000
  let l = (low & ~(0xC000 << 48)) | (0x8000 << 48)
  for nibble in 0..<32 {
    if nibble == 8 || nibble == 12 || nibble == 16 || nibble == 20 {
      buffer.append(UInt8(ascii: "-"))
    }
    let word = nibble < 16 ? h : l
    let shift = UInt64(60 - 4 * (nibble % 16))
    buffer.append(hexDigitsLower[Int((word >> shift) & 0xF)])
  }
}
