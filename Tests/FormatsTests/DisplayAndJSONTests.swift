import Foundation
import Testing

import Formats
import Vocabulary

@Suite struct DisplayText {
  @Test(arguments: [
    (Array("hello".utf8), "hello"),
    ([], ""),
    (Array("tab\there".utf8), "tab\there"),
    (Array("line\nbreak".utf8), #"line\x0abreak"#),
    ([0x1B, 0x5B, 0x33, 0x31, 0x6D], #"\x1b[31m"#),
    ([0x00, 0x7F], #"\x00\x7f"#),
    (Array("héllo ✓ 😀".utf8), "héllo ✓ 😀"),
    ([0x61, 0xFF, 0x62], #"a\xffb"#),
    ([0xC3], #"\xc3"#),  // truncated sequence
    ([0xC3, 0x28], #"\xc3("#),
    ([0xC0, 0xAF], #"\xc0\xaf"#),  // overlong
    ([0xED, 0xA0, 0x80], #"\xed\xa0\x80"#),  // surrogate
    ([0xF4, 0x90, 0x80, 0x80], #"\xf4\x90\x80\x80"#),  // above U+10FFFF
    ([0xC2, 0x9B], #"\xc2\x9b"#),  // C1 CSI
    ([0xC2, 0xA0], "\u{A0}"),  // no-break space is fine
    (Array(#"back\slash"#.utf8), #"back\slash"#),
  ])
  func shows(bytes: [UInt8], expected: String) {
    #expect(displayText(bytes) == expected)
    // Appended to a buffer (tail's path), the same bytes after what was there.
    var buffer = Array("x:".utf8)
    appendDisplayText(bytes, to: &buffer)
    #expect(buffer == Array(("x:" + expected).utf8))
  }

  /// The eight-bytes-at-a-time scan agrees with a byte-by-byte reading on
  /// long payloads with anything at any position: each byte value at each
  /// offset of printable runs of 1 to 24 bytes, and random bytes.
  @Test func longPayloadsMatchTheByteByByteReading() {
    func reference(_ bytes: [UInt8]) -> String {
      bytes.map { b -> String in
        (b >= 0x20 && b < 0x7F) || b == 0x09 ? String(UnicodeScalar(b)) : String(format: "\\x%02x", b)
      }.joined()
    }
    // A lone byte of 0x80 or more between ASCII is never valid UTF-8: shown as \\xNN too.
    // Every length up to 24: a whole payload is checked in words, the last
    // one overlapping the one before, so a byte in the overlap must count.
    var wrong: [String] = []
    for length in 1...24 {
      for position in 0..<length {
        for byte in UInt8.min...UInt8.max {
          var bytes = Array("abcdefghijklmnopqrstuvwx".utf8.prefix(length))
          bytes[position] = byte
          if displayText(bytes) != reference(bytes) { wrong.append("\(byte) at \(position) of \(length)") }
        }
      }
    }
    #expect(wrong.isEmpty, "\(wrong.prefix(10))")
    var generator = SystemRandomNumberGenerator()
    for _ in 0..<300 {
      let bytes = (0..<Int.random(in: 0..<64, using: &generator)).map { _ in
        UInt8.random(in: 0...0x7F, using: &generator)
      }
      #expect(displayText(bytes) == reference(bytes))
    }
    // Multi-byte UTF-8 inside and across eight-byte blocks stays as it is.
    let text = "abcdefg✓hijklmnopq😀rstuvwxyz héllo"
    #expect(displayText(Array(text.utf8)) == text)
    // A C1 control (U+009B, CSI) straddling an eight-byte boundary is escaped.
    let csi = Array("abcdefg".utf8) + [0xC2, 0x9B] + Array("hijklmnop".utf8)
    #expect(displayText(csi) == #"abcdefg\xc2\x9bhijklmnop"#)
  }

  @Test func everySingleByteIsSafe() {
    for byte in UInt8.min...UInt8.max {
      let shown = displayText([byte])
      #expect(shown.unicodeScalars.allSatisfy { $0 == "\t" || ($0.value >= 0x20 && $0.value != 0x7F) })
    }
  }
}

/// Decodes one jsonLine output, failing the test if it is not a JSON object.
func decodeJSONLine(_ m: ConsumedMessage) throws -> [String: Any] {
  var buffer: [UInt8] = []
  jsonLine(m, into: &buffer)
  #expect(buffer.last == UInt8(ascii: "\n"))
  #expect(buffer.filter { $0 == UInt8(ascii: "\n") }.count == 1)
  let object = try JSONSerialization.jsonObject(with: Data(buffer))
  return try #require(object as? [String: Any])
}

@Suite struct JSONLines {
  @Test func fullMessage() throws {
    var buffer: [UInt8] = []
    jsonLine(sample, into: &buffer)
    let text = String(decoding: buffer, as: UTF8.self)
    #expect(
      text == #"{"topic":"orders","partition":3,"offset":42,"timestamp":"2024-11-02T00:00:00.000Z","#
        + #""key":"k1","value":"{\"id\":5}","headers":[["trace","abc"],["empty",""],["gone",null]]}"# + "\n")
    let object = try decodeJSONLine(sample)
    #expect(object["value"] as? String == #"{"id":5}"#)
    #expect((object["headers"] as? [[Any]])?.count == 3)
  }

  @Test func tombstoneHasNulls() throws {
    let object = try decodeJSONLine(tombstone)
    #expect(object["key"] is NSNull)
    #expect(object["value"] is NSNull)
    #expect(object["timestamp"] is NSNull)
    #expect((object["headers"] as? [Any])?.isEmpty == true)
    #expect(object["offset"] as? Int == 7)
  }

  /// Bytes that are not UTF-8 come back whole, from base64, and say so; the
  /// text `\xff` stays text, so the two can never be confused.
  @Test(arguments: [[0x61, 0xFF, 0x62], [0xC3], [0xED, 0xA0, 0x80], [0xFF, 0xFE, 0x00]] as [[UInt8]])
  func bytesThatAreNotTextRoundTripInBase64(bytes: [UInt8]) throws {
    let m = ConsumedMessage(
      topic: "t", partition: 0, offset: 0, key: bytes, value: bytes, headers: [(name: "h", value: bytes)])
    let object = try decodeJSONLine(m)
    #expect(object["keyEncoding"] as? String == "base64")
    #expect(object["valueEncoding"] as? String == "base64")
    #expect((object["value"] as? String).flatMap { Data(base64Encoded: $0) }.map(Array.init) == bytes)
    #expect((object["key"] as? String).flatMap { Data(base64Encoded: $0) }.map(Array.init) == bytes)
    let header = try #require((object["headers"] as? [[Any]])?.first)
    #expect(header.count == 3 && header[2] as? String == "base64")
    #expect((header[1] as? String).flatMap { Data(base64Encoded: $0) }.map(Array.init) == bytes)
    let text = try decodeJSONLine(ConsumedMessage(topic: "t", partition: 0, offset: 0, value: Array(#"\xff"#.utf8)))
    #expect(text["value"] as? String == #"\xff"#)
    #expect(text["valueEncoding"] == nil)
  }

  @Test(arguments: [
    (Array("quote\" back\\ nl\n tab\t cr\r".utf8), "quote\" back\\ nl\n tab\t cr\r"),
    ([0x00, 0x01, 0x1F, 0x7F], "\u{0}\u{1}\u{1F}\u{7F}"),
    (Array("héllo ✓ 😀".utf8), "héllo ✓ 😀"),
    ([0xC2, 0x9B], "\u{9B}"),
  ])
  func payloadsRoundTripAsText(bytes: [UInt8], expected: String) throws {
    let m = ConsumedMessage(
      topic: "t\"\n", partition: -1, offset: 0, key: bytes, value: bytes,
      headers: [(name: "h\\\u{1}", value: bytes)])
    let object = try decodeJSONLine(m)
    #expect(object["key"] as? String == expected)
    #expect(object["value"] as? String == expected)
    #expect(object["topic"] as? String == "t\"\n")
    #expect(object["partition"] as? Int == -1)
    let header = (object["headers"] as? [[Any]])?.first
    #expect(header?.first as? String == "h\\\u{1}")
    #expect(header?.last as? String == expected)
    #expect(object["valueEncoding"] == nil)
  }

  @Test func controlCharactersUseUnicodeEscapes() {
    var buffer: [UInt8] = []
    jsonLine(ConsumedMessage(topic: "t", partition: 0, offset: 0, value: [0x01, 0x1F]), into: &buffer)
    #expect(String(decoding: buffer, as: UTF8.self).contains(#""value":"\u0001\u001f""#))
  }

  @Test func randomBytesAlwaysGiveValidJSON() throws {
    var rng = TemplateRandom(seed: 17)
    for _ in 0..<300 {
      let count = Int(rng.next(upperBound: UInt64(40)))
      let bytes = (0..<count).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
      let object = try decodeJSONLine(ConsumedMessage(topic: "t", partition: 0, offset: 0, key: bytes, value: bytes))
      #expect(object["value"] is String)
    }
  }
}
