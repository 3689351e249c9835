import Vocabulary

/// A kcat-style `--format` string, parsed once into tokens so the per-message
/// work is appending bytes. Payloads are written raw, as kcat does.
public struct MessageFormat: Sendable {
  enum Token: Sendable, Equatable {
    case literal([UInt8])
    case topic, partition, offset, key, value, timestamp, headers, keyLength, valueLength
  }

  static let knownTokens = "known: %t topic, %p partition, %o offset, %k key, %s value, "
    + "%T timestamp, %h headers, %K key length, %S value length, %%"
  static let knownEscapes = "known: \\n \\t \\r \\\\"

  let tokens: [Token]

  public init(_ text: String) throws(SpecError) {
    var tokens: [Token] = []
    var literal: [UInt8] = []
    func flush() {
      if !literal.isEmpty {
        tokens.append(.literal(literal))
        literal = []
      }
    }
    let chars = Array(text)
    var i = 0
    while i < chars.count {
      let c = chars[i]
      guard c == "%" || c == "\\" else {
        literal.append(contentsOf: c.utf8)
        i += 1
        continue
      }
      let column = i + 1
      guard i + 1 < chars.count else {
        throw SpecError(
          message: "format ends with a lone '\(c)' at column \(column) (write \(c)\(c) for a literal \(c))")
      }
      let next = chars[i + 1]
      i += 2
      if c == "\\" {
        switch next {
        case "n": literal.append(0x0A)
        case "t": literal.append(0x09)
        case "r": literal.append(0x0D)
        case "\\": literal.append(UInt8(ascii: "\\"))
        default:
          throw SpecError(message: "unknown escape '\\\(next)' at column \(column) in format (\(Self.knownEscapes))")
        }
        continue
      }
      let token: Token
      switch next {
      case "%":
        literal.append(UInt8(ascii: "%"))
        continue
      case "t": token = .topic
      case "p": token = .partition
      case "o": token = .offset
      case "k": token = .key
      case "s": token = .value
      case "T": token = .timestamp
      case "h": token = .headers
      case "K": token = .keyLength
      case "S": token = .valueLength
      default:
        throw SpecError(message: "unknown format token '%\(next)' at column \(column) (\(Self.knownTokens))")
      }
      flush()
      tokens.append(token)
    }
    flush()
    self.tokens = tokens
  }

  /// Appends one formatted message. A null key or value writes nothing (its
  /// length token shows -1); headers are `name=value,name=value`, a header
  /// with a null value as its bare name.
  public func render(_ m: ConsumedMessage, into buffer: inout [UInt8]) {
    m.withView { render($0, into: &buffer) }
  }

  public func render(_ m: MessageView, into buffer: inout [UInt8]) {
    for token in tokens {
      switch token {
      case .literal(let bytes): buffer.append(contentsOf: bytes)
      case .topic: buffer.append(contentsOf: m.topicBytes)
      case .partition: appendDecimal(Int64(m.partition), to: &buffer)
      case .offset: appendDecimal(m.offset, to: &buffer)
      case .key: if let key = m.key { buffer.append(contentsOf: key) }
      case .value: if let value = m.value { buffer.append(contentsOf: value) }
      case .timestamp: appendDecimal(m.timestampMs ?? -1, to: &buffer)
      case .keyLength: appendDecimal(Int64(m.key?.count ?? -1), to: &buffer)
      case .valueLength: appendDecimal(Int64(m.value?.count ?? -1), to: &buffer)
      case .headers:
        for (index, header) in m.headers.enumerated() {
          if index > 0 { buffer.append(UInt8(ascii: ",")) }
          buffer.append(contentsOf: header.name.utf8)
          if let value = header.value {
            buffer.append(UInt8(ascii: "="))
            buffer.append(contentsOf: value)
          }
        }
      }
    }
  }
}
