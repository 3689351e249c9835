import Testing

@testable import Formats

/// Renders `template` once; fixed clock and seed keep rows deterministic.
func rendered(
  _ text: String, seq: Int64 = 7, nowMillis: Int64 = 1_730_505_600_000,
  environment: [String: String] = ["REGION": "eu-west-1"], seed: UInt64 = 42
) throws -> String {
  let template = try MessageTemplate(text, environment: environment)
  var rng = TemplateRandom(seed: seed)
  var buffer: [UInt8] = []
  template.render(seq: seq, nowMillis: nowMillis, into: &buffer, rng: &rng)
  return String(decoding: buffer, as: UTF8.self)
}

@Suite struct MessageTemplateRendering {
  @Test(arguments: [
    ("hello", "hello"),
    ("", ""),
    ("{{seq}}", "7"),
    ("{{ seq }}", "7"),
    ("{{\tseq\t}}", "7"),
    ("n={{seq}};", "n=7;"),
    ("{{now}}", "2024-11-02T00:00:00.000Z"),
    ("{{now_ms}}", "1730505600000"),
    ("{{env REGION}}", "eu-west-1"),
    ("{{ env  REGION }}/{{seq}}", "eu-west-1/7"),
    ("{{rand 5 5}}", "5"),
    ("{{rand -3 -3}}", "-3"),
    ("{{pick only}}", "only"),
    ("{{pick  only one  }}", "only one"),
    (#"{"id":{{seq}},"at":"{{now}}"}"#, #"{"id":7,"at":"2024-11-02T00:00:00.000Z"}"#),
    ("{{{seq}}}", "{7}"),
    ("a}}b", "a}}b"),
    ("a{b}c", "a{b}c"),
    ("{", "{"),
    ("}", "}"),
    ("x{", "x{"),
    ("héllo {{seq}} ✓", "héllo 7 ✓"),
  ])
  func placeholders(text: String, expected: String) throws {
    #expect(try rendered(text) == expected)
  }

  @Test func seqIsWhatTheCallerPasses() throws {
    #expect(try rendered("{{seq}}", seq: 1) == "1")
    #expect(try rendered("{{seq}}", seq: 1_000_000) == "1000000")
    #expect(try rendered("{{seq}}", seq: Int64.max) == "9223372036854775807")
    #expect(try rendered("{{seq}}", seq: Int64.min) == "-9223372036854775808")
  }

  @Test(arguments: [
    (Int64(0), "1970-01-01T00:00:00.000Z"),
    (1_730_505_600_000, "2024-11-02T00:00:00.000Z"),
    (1_709_164_800_000, "2024-02-29T00:00:00.000Z"),
    (1_709_251_199_999, "2024-02-29T23:59:59.999Z"),
    (951_782_400_000, "2000-02-29T00:00:00.000Z"),
    (1_762_041_600_123, "2025-11-02T00:00:00.123Z"),
    (-1, "1969-12-31T23:59:59.999Z"),
    (253_402_300_799_999, "9999-12-31T23:59:59.999Z"),
  ])
  func nowRendersRFC3339(millis: Int64, expected: String) throws {
    #expect(try rendered("{{now}}", nowMillis: millis) == expected)
    #expect(formatTimestamp(millis) == expected)
  }

  @Test func extremeClocksDoNotCrash() throws {
    for ms in [Int64.min, Int64.max, Int64.min + 1, 253_402_300_800_000, -62_167_219_200_001] {
      let text = try rendered("{{now}}", nowMillis: ms)
      #expect(text.hasSuffix("Z"))
    }
  }

  @Test func appendsWithoutClearing() throws {
    let template = try MessageTemplate("<{{seq}}>", environment: [:])
    var rng = TemplateRandom(seed: 1)
    var buffer = Array("start".utf8)
    template.render(seq: 1, nowMillis: 0, into: &buffer, rng: &rng)
    template.render(seq: 2, nowMillis: 0, into: &buffer, rng: &rng)
    #expect(String(decoding: buffer, as: UTF8.self) == "start<1><2>")
  }

  @Test func rawTakesTextLiterally() throws {
    let template = try MessageTemplate("{{seq}} {{nope", raw: true, environment: [:])
    #expect(template.isConstant)
    var rng = TemplateRandom(seed: 1)
    var buffer: [UInt8] = []
    template.render(seq: 9, nowMillis: 0, into: &buffer, rng: &rng)
    #expect(String(decoding: buffer, as: UTF8.self) == "{{seq}} {{nope")
  }

  @Test(arguments: [
    ("plain", true),
    ("{{env REGION}}-x", true),
    ("", true),
    ("{{seq}}", false),
    ("a{{now}}", false),
    ("{{pick a|b}}", false),
    ("{{rand 1 1}}", false),
    ("{{uuid}}", false),
  ])
  func constness(text: String, constant: Bool) throws {
    #expect(try MessageTemplate(text, environment: ["REGION": "x"]).isConstant == constant)
  }

  @Test func envAndAdjacentTextMergeIntoOneLiteral() throws {
    let template = try MessageTemplate("a{{env R}}b{{seq}}c", environment: ["R": "-"])
    #expect(template.parts == [.literal(Array("a-b".utf8)), .seq, .literal(Array("c".utf8))])
  }

  @Test func randStaysInBoundsAndCoversThem() throws {
    let template = try MessageTemplate("{{rand -2 3}}", environment: [:])
    var rng = TemplateRandom(seed: 99)
    var seen: [Int: Int] = [:]
    for _ in 0..<6000 {
      var buffer: [UInt8] = []
      template.render(seq: 1, nowMillis: 0, into: &buffer, rng: &rng)
      let value = try #require(Int(String(decoding: buffer, as: UTF8.self)))
      seen[value, default: 0] += 1
    }
    #expect(Set(seen.keys) == Set(-2...3))
    // Uniform: each of 6 values about 1000 times.
    #expect(seen.values.allSatisfy { $0 > 850 && $0 < 1150 })
  }

  @Test func randAcceptsTheFullInt64Range() throws {
    let template = try MessageTemplate("{{rand -9223372036854775808 9223372036854775807}}", environment: [:])
    var rng = TemplateRandom(seed: 5)
    var negatives = 0
    for _ in 0..<200 {
      var buffer: [UInt8] = []
      template.render(seq: 1, nowMillis: 0, into: &buffer, rng: &rng)
      let value = try #require(Int64(String(decoding: buffer, as: UTF8.self)))
      if value < 0 { negatives += 1 }
    }
    #expect(negatives > 50 && negatives < 150)
  }

  @Test func pickChoosesEveryAlternative() throws {
    let template = try MessageTemplate("{{pick red|green | blue}}", environment: [:])
    var rng = TemplateRandom(seed: 3)
    var seen: [String: Int] = [:]
    for _ in 0..<3000 {
      var buffer: [UInt8] = []
      template.render(seq: 1, nowMillis: 0, into: &buffer, rng: &rng)
      seen[String(decoding: buffer, as: UTF8.self), default: 0] += 1
    }
    #expect(Set(seen.keys) == ["red", "green", "blue"])
    #expect(seen.values.allSatisfy { $0 > 850 && $0 < 1150 })
  }

  @Test func uuidIsVersion4AndLowercase() throws {
    let template = try MessageTemplate("{{uuid}}", environment: [:])
    var rng = TemplateRandom(seed: 11)
    var seen = Set<String>()
    for _ in 0..<500 {
      var buffer: [UInt8] = []
      template.render(seq: 1, nowMillis: 0, into: &buffer, rng: &rng)
      let uuid = String(decoding: buffer, as: UTF8.self)
      let groups = uuid.split(separator: "-", omittingEmptySubsequences: false)
      #expect(groups.map(\.count) == [8, 4, 4, 4, 12])
      #expect(uuid.allSatisfy { "0123456789abcdef-".contains($0) })
      #expect(groups[2].first == "4")
      #expect(groups[3].first.map { "89ab".contains($0) } == true)
      seen.insert(uuid)
    }
    #expect(seen.count == 500)
  }

  @Test func sameSeedSameOutput() throws {
    let text = "{{uuid}} {{rand 1 1000000}} {{pick a|b|c|d}}"
    #expect(try rendered(text, seed: 8) == rendered(text, seed: 8))
    #expect(try rendered(text, seed: 8) != rendered(text, seed: 9))
  }
}

@Suite struct MessageTemplateErrors {
  @Test(arguments: [
    ("{{sq}}", 1, "unknown placeholder '{{sq}}', did you mean '{{seq}}'?"),
    ("id={{ SEQ }}", 4, "unknown placeholder '{{ SEQ }}', did you mean '{{seq}}'?"),
    ("{{nowms}}", 1, "did you mean '{{now_ms}}'?"),
    ("{{banana}}", 1, "unknown placeholder '{{banana}}' (known: seq, now, now_ms, uuid, rand A B, pick a|b, env NAME)"),
    ("ab{{seq", 3, "unterminated '{{'"),
    ("{{seq {{now}}", 1, "unterminated '{{'"),
    ("{{seq}} {{", 9, "unterminated '{{'"),
    ("{{}}", 1, "empty placeholder '{{}}'"),
    ("x {{   }}", 3, "empty placeholder"),
    ("{{seq 1}}", 7, "'{{seq 1}}' takes no arguments"),
    ("{{uuid v4}}", 8, "takes no arguments"),
    ("{{rand}}", 1, "needs two integer bounds"),
    ("{{rand 5}}", 1, "needs two integer bounds"),
    ("{{rand 1 2 3}}", 12, "needs two integer bounds"),
    ("{{rand 1 x}}", 10, "rand bound 'x' is not a 64-bit integer"),
    ("{{rand 1.5 2}}", 8, "rand bound '1.5'"),
    ("{{rand 1 9223372036854775808}}", 10, "rand bound '9223372036854775808'"),
    ("{{rand 10 5}}", 8, "reversed: 10 > 5"),
    ("{{pick}}", 1, "needs alternatives"),
    ("{{pick   }}", 1, "needs alternatives"),
    ("{{pick a||b}}", 1, "empty alternative"),
    ("{{pick a|}}", 1, "empty alternative"),
    ("{{env}}", 1, "takes one variable name"),
    ("{{env A B}}", 9, "takes one variable name"),
    ("{{env MISSING}}", 7, "environment variable 'MISSING' is not set"),
    ("é{{sq}}", 2, "unknown placeholder"),
  ])
  func rejected(text: String, column: Int, fragment: String) {
    #expect {
      _ = try MessageTemplate(text, environment: ["REGION": "x"])
    } throws: { error in
      guard let error = error as? TemplateError else { return false }
      return error.column == column && error.message.contains(fragment)
    }
  }

  @Test func descriptionLeadsWithTheColumn() {
    do {
      _ = try MessageTemplate("value={{banana}}", environment: [:])
      Issue.record("expected an error")
    } catch {
      #expect(
        error.description
          == "column 7: unknown placeholder '{{banana}}' (known: seq, now, now_ms, uuid, rand A B, pick a|b, env NAME)")
    }
  }

  @Test(arguments: ["zzz", "x", "randomly", "{", "}}"])
  func farNamesGetNoSuggestion(name: String) {
    #expect(TemplateParser.nearest(to: name) == nil)
  }
}
