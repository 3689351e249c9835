import Testing

import Formats
import Vocabulary

let sample = ConsumedMessage(
  topic: "orders", partition: 3, offset: 42, timestampMs: 1_730_505_600_000,
  key: Array("k1".utf8), value: Array(#"{"id":5}"#.utf8),
  headers: [(name: "trace", value: Array("abc".utf8)), (name: "empty", value: []), (name: "gone", value: nil)])

let tombstone = ConsumedMessage(topic: "orders", partition: 0, offset: 7)

func formatted(_ format: String, _ m: ConsumedMessage) throws -> String {
  let f = try MessageFormat(format)
  var buffer: [UInt8] = []
  f.render(m, into: &buffer)
  return String(decoding: buffer, as: UTF8.self)
}

@Suite struct MessageFormatRendering {
  @Test(arguments: [
    ("%t", "orders"),
    ("%p", "3"),
    ("%o", "42"),
    ("%k", "k1"),
    ("%s", #"{"id":5}"#),
    ("%T", "1730505600000"),
    ("%h", "trace=abc,empty=,gone"),
    ("%K", "2"),
    ("%S", "8"),
    ("100%%", "100%"),
    (#"%k\t%s\n"#, "k1\t{\"id\":5}\n"),
    (#"a\rb\\c"#, "a\rb\\c"),
    ("%t/%p@%o: %s", #"orders/3@42: {"id":5}"#),
    ("", ""),
    ("plain ✓", "plain ✓"),
  ])
  func tokens(format: String, expected: String) throws {
    #expect(try formatted(format, sample) == expected)
  }

  @Test(arguments: [
    ("[%k][%s]", "[][]"),
    ("%K %S", "-1 -1"),
    ("%T", "-1"),
    ("[%h]", "[]"),
    ("%t:%p:%o", "orders:0:7"),
  ])
  func nullsAndAbsentParts(format: String, expected: String) throws {
    #expect(try formatted(format, tombstone) == expected)
  }

  @Test func emptyPayloadsAreNotNull() throws {
    let m = ConsumedMessage(topic: "t", partition: 0, offset: 0, key: [], value: [])
    #expect(try formatted("%K %S", m) == "0 0")
  }

  @Test func payloadBytesAreWrittenRaw() throws {
    let m = ConsumedMessage(topic: "t", partition: 0, offset: 0, value: [0xFF, 0x00, 0x1B, 0x41])
    let f = try MessageFormat("%s")
    var buffer: [UInt8] = [0x01]
    f.render(m, into: &buffer)
    #expect(buffer == [0x01, 0xFF, 0x00, 0x1B, 0x41])
  }

  @Test(arguments: [
    ("%x", "unknown format token '%x' at column 1"),
    ("ab %q", "'%q' at column 4"),
    ("%", "lone '%' at column 1"),
    ("key=%k %", "lone '%' at column 8"),
    (#"\q"#, #"unknown escape '\q' at column 1"#),
    (#"x\"#, #"lone '\' at column 2"#),
  ])
  func rejects(format: String, fragment: String) {
    #expect {
      _ = try MessageFormat(format)
    } throws: { error in
      (error as? SpecError)?.message.contains(fragment) == true
    }
  }

  @Test func unknownTokenListsTheKnownOnes() {
    do {
      _ = try MessageFormat("%z")
      Issue.record("expected an error")
    } catch {
      for token in ["%t", "%p", "%o", "%k", "%s", "%T", "%h", "%K", "%S", "%%"] {
        #expect(error.message.contains(token), "missing \(token)")
      }
    }
  }
}
