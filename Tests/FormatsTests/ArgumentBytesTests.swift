import Testing

@testable import Formats

/// Argument bytes that are not UTF-8 survive the trip through a Swift string
/// and come back as the same bytes; valid text is untouched.
@Suite(.serialized) struct ArgumentBytesTests {
  static let cases: [[UInt8]] = [
    Array("plain".utf8), Array("grüße €".utf8), [0xFF], [0x76, 0xFF, 0xFE], [0x80, 0x80], [0xC3],
    [0xE2, 0x82], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xC0, 0xAF], [0x00, 0x01, 0x7F],
    Array("a".utf8) + [0xF0, 0x9F, 0x98] + Array("b".utf8),
  ]

  @Test(arguments: cases) func roundTrip(_ input: [UInt8]) {
    let text = input.withUnsafeBufferPointer { ArgumentBytes.decode($0) }
    #expect(ArgumentBytes.bytes(text) == input)
    #expect(!text.unicodeScalars.contains("\u{FFFD}"))
  }

  @Test func shownAsTheByte() {
    let text = [0x61, 0x9B, 0xFF].withUnsafeBufferPointer { ArgumentBytes.decode($0) }
    #expect(visibleControls(text) == "a\\x9B\\xFF")
  }

  @Test func templatesAndRawValuesKeepTheBytes() throws {
    let text = [0x76, 0xFF, 0x7B, 0x7B, 0x73, 0x65, 0x71, 0x7D, 0x7D].withUnsafeBufferPointer { ArgumentBytes.decode($0) }
    var rng = TemplateRandom(seed: 1)
    var out: [UInt8] = []
    try MessageTemplate(text, environment: [:]).render(seq: 7, nowMillis: 0, into: &out, rng: &rng)
    #expect(out == [0x76, 0xFF, 0x37])
    out = []
    try MessageTemplate(text, raw: true, environment: [:]).render(seq: 7, nowMillis: 0, into: &out, rng: &rng)
    #expect(out == [0x76, 0xFF] + Array("{{seq}}".utf8))
  }
}
