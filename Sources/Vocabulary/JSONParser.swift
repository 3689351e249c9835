import Foundation

/// A JSON text read straight from its bytes into `JSON`. Foundation's
/// `JSONSerialization` builds an object graph of NSDictionary, NSNumber and
/// bridged strings: a 63 MB Prometheus answer took 8.9 GB and minutes. Here
/// a value costs a small multiple of its bytes, nesting is bounded (a hostile
/// `[[[[…` is an error, not a stack overflow), and every error says where.
public struct JSONParseError: Error, Equatable, CustomStringConvertible {
  public var message: String
  /// Byte offset into the text.
  public var offset: Int
  public var description: String { "\(message) at byte \(offset)" }
}

public enum JSONParser {
  /// Deeper than any API answer nests; far below what the stack holds.
  public static let maxDepth = 256

  public static func parse<C: ContiguousBytes>(_ bytes: C) throws(JSONParseError) -> JSON {
    let result: Result<JSON, JSONParseError> = bytes.withUnsafeBytes { raw in
      var reader = Reader(bytes: raw.bindMemory(to: UInt8.self))
      return Result { () throws(JSONParseError) -> JSON in
        reader.skipBlanks()
        let value = try reader.value(depth: 0)
        reader.skipBlanks()
        guard reader.at == reader.bytes.count else { throw reader.error("unexpected text after the JSON value") }
        return value
      }
    }
    return try result.get()
  }

  struct Reader {
    let bytes: UnsafeBufferPointer<UInt8>
    var at = 0

    func error(_ message: String) -> JSONParseError { JSONParseError(message: message, offset: at) }

    mutating func skipBlanks() {
      while at < bytes.count {
        let b = bytes[at]
        guard b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 else { return }
        at += 1
      }
    }

    mutating func value(depth: Int) throws(JSONParseError) -> JSON {
      guard at < bytes.count else { throw error("unexpected end of the JSON text") }
      switch bytes[at] {
      case UInt8(ascii: "{"): return try object(depth: depth + 1)
      case UInt8(ascii: "["): return try array(depth: depth + 1)
      case UInt8(ascii: "\""): return .string(try string())
      case UInt8(ascii: "t"): try literal("true"); return .bool(true)
      case UInt8(ascii: "f"): try literal("false"); return .bool(false)
      case UInt8(ascii: "n"): try literal("null"); return .null
      case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try number()
      default: throw error("unexpected character '\(Unicode.Scalar(bytes[at]))'")
      }
    }

    mutating func literal(_ word: StaticString) throws(JSONParseError) {
      let n = word.utf8CodeUnitCount
      guard at + n <= bytes.count else { throw error("unexpected end of the JSON text") }
      for i in 0..<n where bytes[at + i] != word.utf8Start[i] { throw error("invalid literal") }
      at += n
    }

    mutating func object(depth: Int) throws(JSONParseError) -> JSON {
      guard depth <= JSONParser.maxDepth else { throw error("nested deeper than \(JSONParser.maxDepth) levels") }
      at += 1
      var fields: [(String, JSON)] = []
      skipBlanks()
      if at < bytes.count, bytes[at] == UInt8(ascii: "}") {
        at += 1
        return .object(fields)
      }
      while true {
        skipBlanks()
        guard at < bytes.count, bytes[at] == UInt8(ascii: "\"") else { throw error("expected a field name") }
        let key = try string()
        skipBlanks()
        guard at < bytes.count, bytes[at] == UInt8(ascii: ":") else { throw error("expected ':'") }
        at += 1
        skipBlanks()
        fields.append((key, try value(depth: depth)))
        skipBlanks()
        guard at < bytes.count else { throw error("unexpected end of the JSON text") }
        if bytes[at] == UInt8(ascii: ",") {
          at += 1
        } else if bytes[at] == UInt8(ascii: "}") {
          at += 1
          return .object(fields)
        } else {
          throw error("expected ',' or '}'")
        }
      }
    }

    mutating func array(depth: Int) throws(JSONParseError) -> JSON {
      guard depth <= JSONParser.maxDepth else { throw error("nested deeper than \(JSONParser.maxDepth) levels") }
      at += 1
      var items: [JSON] = []
      skipBlanks()
      if at < bytes.count, bytes[at] == UInt8(ascii: "]") {
        at += 1
        return .array(items)
      }
      while true {
        skipBlanks()
        items.append(try value(depth: depth))
        skipBlanks()
        guard at < bytes.count else { throw error("unexpected end of the JSON text") }
        if bytes[at] == UInt8(ascii: ",") {
          at += 1
        } else if bytes[at] == UInt8(ascii: "]") {
          at += 1
          return .array(items)
        } else {
          throw error("expected ',' or ']'")
        }
      }
    }

    /// RFC 8259's grammar, checked; integers that fit stay exact.
    mutating func number() throws(JSONParseError) -> JSON {
      let start = at
      var integral = true
      if bytes[at] == UInt8(ascii: "-") { at += 1 }
      guard at < bytes.count, isDigit(bytes[at]) else { throw error("invalid number") }
      if bytes[at] == UInt8(ascii: "0") {
        at += 1
      } else {
        while at < bytes.count, isDigit(bytes[at]) { at += 1 }
      }
      if at < bytes.count, bytes[at] == UInt8(ascii: ".") {
        integral = false
        at += 1
        guard at < bytes.count, isDigit(bytes[at]) else { throw error("invalid number") }
        while at < bytes.count, isDigit(bytes[at]) { at += 1 }
      }
      if at < bytes.count, bytes[at] == UInt8(ascii: "e") || bytes[at] == UInt8(ascii: "E") {
        integral = false
        at += 1
        if at < bytes.count, bytes[at] == UInt8(ascii: "+") || bytes[at] == UInt8(ascii: "-") { at += 1 }
        guard at < bytes.count, isDigit(bytes[at]) else { throw error("invalid number") }
        while at < bytes.count, isDigit(bytes[at]) { at += 1 }
      }
      let text = UnsafeBufferPointer(rebasing: bytes[start..<at])
      if integral, text.count <= 18 {
        var v: Int64 = 0
        var negative = false
        for b in text {
          if b == UInt8(ascii: "-") { negative = true } else { v = v * 10 + Int64(b &- 0x30) }
        }
        return .int(negative ? -v : v)
      }
      let string = String(decoding: text, as: UTF8.self)
      if integral, let exact = Int64(string) { return .int(exact) }
      // Swift's Double parser reads exactly the text RFC 8259 allows.
      guard let d = Double(string), d.isFinite else { throw error("number out of range") }
      return .double(d)
    }

    func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }

    mutating func string() throws(JSONParseError) -> String {
      at += 1
      let start = at
      // Fast path: no escapes, no control characters.
      while at < bytes.count {
        let b = bytes[at]
        if b == UInt8(ascii: "\"") {
          let s = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<at]), as: UTF8.self)
          at += 1
          return s
        }
        if b == UInt8(ascii: "\\") || b < 0x20 { break }
        at += 1
      }
      var out: [UInt8] = Array(UnsafeBufferPointer(rebasing: bytes[start..<at]))
      while at < bytes.count {
        let b = bytes[at]
        if b == UInt8(ascii: "\"") {
          at += 1
          return String(decoding: out, as: UTF8.self)
        }
        if b < 0x20 { throw error("control character in a string") }
        if b != UInt8(ascii: "\\") {
          out.append(b)
          at += 1
          continue
        }
        at += 1
        guard at < bytes.count else { break }
        let e = bytes[at]
        at += 1
        switch e {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(e)
        case UInt8(ascii: "b"): out.append(0x08)
        case UInt8(ascii: "f"): out.append(0x0C)
        case UInt8(ascii: "n"): out.append(0x0A)
        case UInt8(ascii: "r"): out.append(0x0D)
        case UInt8(ascii: "t"): out.append(0x09)
        case UInt8(ascii: "u"):
          var scalar = try hex4()
          if scalar >= 0xD800 && scalar < 0xDC00 {
            // A high surrogate: its low half follows as another \u, or it stands for U+FFFD.
            if at + 1 < bytes.count, bytes[at] == UInt8(ascii: "\\"), bytes[at + 1] == UInt8(ascii: "u") {
              let save = at
              at += 2
              let low = try hex4()
              if low >= 0xDC00 && low < 0xE000 {
                scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
              } else {
                at = save
                scalar = 0xFFFD
              }
            } else {
              scalar = 0xFFFD
            }
          } else if scalar >= 0xDC00 && scalar < 0xE000 {
            scalar = 0xFFFD
          }
          out.append(contentsOf: String(Unicode.Scalar(scalar) ?? "\u{FFFD}").utf8)
        default:
          throw error("invalid escape '\\\(Unicode.Scalar(e))'")
        }
      }
      throw error("unterminated string")
    }

    mutating func hex4() throws(JSONParseError) -> UInt32 {
      guard at + 4 <= bytes.count else { throw error("invalid \\u escape") }
      var v: UInt32 = 0
      for _ in 0..<4 {
        let b = bytes[at]
        let digit: UInt32
        switch b {
        case 0x30...0x39: digit = UInt32(b - 0x30)
        case 0x41...0x46: digit = UInt32(b - 0x41 + 10)
        case 0x61...0x66: digit = UInt32(b - 0x61 + 10)
        default: throw error("invalid \\u escape")
        }
        v = v << 4 | digit
        at += 1
      }
      return v
    }
  }
}

extension JSONParseError: StatusError {
  /// JSON comes from a server or a file; where a person typed it, the caller says so.
  public var exitStatus: Int32 { ExitStatus.failure }
}
