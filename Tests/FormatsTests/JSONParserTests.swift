import Foundation
import Testing
import Vocabulary

@testable import Formats

/// The byte-level parser every Prometheus and Alertmanager answer goes
/// through: what it accepts, what it refuses (with where), and its bounds.
struct JSONParserTests {
  @Test(arguments: [
    ("null", JSON.null),
    (" true ", .bool(true)),
    ("false", .bool(false)),
    ("0", .int(0)),
    ("-17", .int(-17)),
    ("123456789012345678", .int(123_456_789_012_345_678)),
    ("9223372036854775807", .int(Int64.max)),
    ("-9223372036854775808", .int(Int64.min)),
    ("9223372036854775808", .double(9.223372036854775808e18)),
    ("1.5", .double(1.5)),
    ("-2e3", .double(-2000)),
    ("1E-2", .double(0.01)),
    (#""""#, .string("")),
    (#""a\"b\\c\/d\n\t""#, .string("a\"b\\c/d\n\t")),
    (#""\u00e9\u2713""#, .string("é✓")),
    (#""\ud83d\ude00""#, .string("😀")),
    (#""\ud83d""#, .string("\u{FFFD}")),
    (#""\ude00x""#, .string("\u{FFFD}x")),
    ("[]", .array([])),
    ("[1, [2], {}]", .array([.int(1), .array([.int(2)]), .object([])])),
    (#"{"b": 1, "a": [true, null]}"#, .object([("b", .int(1)), ("a", .array([.bool(true), .null]))])),
    (#"{"k": 1, "k": 2}"#, .object([("k", .int(1)), ("k", .int(2))])),
  ])
  func accepts(text: String, expected: JSON) throws {
    #expect(try JSONParser.parse(Data(text.utf8)) == expected)
  }

  @Test(arguments: [
    ("", "unexpected end"),
    ("nul", "unexpected end"),
    ("nulx", "invalid literal"),
    ("01", "unexpected text after"),
    ("1.", "invalid number"),
    ("-", "invalid number"),
    ("1e", "invalid number"),
    ("+1", "unexpected character"),
    ("[1,]", "unexpected character"),
    ("[1 2]", "expected ',' or ']'"),
    (#"{"a" 1}"#, "expected ':'"),
    ("{a: 1}", "expected a field name"),
    (#""abc"#, "unterminated string"),
    ("\"a\u{01}b\"", "control character"),
    (#""\x""#, "invalid escape"),
    (#""\u12""#, "invalid \\u escape"),
    ("[1] x", "unexpected text after"),
    ("NaN", "unexpected character"),
    ("1e400", "number out of range"),
  ])
  func refuses(text: String, message: String) {
    #expect(throws: JSONParseError.self) { try JSONParser.parse(Data(text.utf8)) }
    do {
      _ = try JSONParser.parse(Data(text.utf8))
    } catch {
      #expect(error.message.contains(message), "\(text): \(error)")
    }
  }

  /// Hostile nesting is an error, never a stack overflow.
  @Test func nestingIsBounded() {
    let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
    #expect(throws: JSONParseError.self) { try JSONParser.parse(Data(deep.utf8)) }
    let fine = String(repeating: "[", count: JSONParser.maxDepth) + String(repeating: "]", count: JSONParser.maxDepth)
    #expect((try? JSONParser.parse(Data(fine.utf8))) != nil)
  }

  /// What Foundation reads, this reads the same (values compared as numbers).
  @Test func agreesWithFoundationOnARealAnswer() throws {
    let text = #"{"status":"success","data":{"resultType":"matrix","result":[{"metric":{"__name__":"up","job":"x"},"values":[[1765000000.5,"1"],[1765000015,"NaN"]]}]}}"#
    let ours = try JSONParser.parse(Data(text.utf8))
    let theirs = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
    #expect(ours["status"] == .string(theirs?["status"] as? String ?? ""))
    guard case .array(let result)? = ours["data"]?["result"], case .array(let values)? = result.first?["values"] else {
      Issue.record("shape")
      return
    }
    #expect(values.count == 2)
    #expect(values[0] == .array([.double(1_765_000_000.5), .string("1")]))
    #expect(values[1] == .array([.int(1_765_000_015), .string("NaN")]))
  }
}
