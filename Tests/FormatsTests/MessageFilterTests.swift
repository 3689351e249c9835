import Testing

import Formats
import Vocabulary

func message(_ value: String?) -> ConsumedMessage {
  ConsumedMessage(topic: "t", partition: 0, offset: 0, value: value.map { Array($0.utf8) })
}

let order = #"{"Seq":5,"price":5.5,"big":12345678901234567890,"ok":true,"no":false,"gone":null,"#
  + #""name":"Ada","code":"5","user":{"id":"u1","tier":2},"items":[{"sku":"a"},{"sku":"b"}]}"#

@Suite struct MessageFilterWhere {
  @Test(arguments: [
    ("Seq=5", true),
    ("Seq=5.0", true),
    ("Seq=5.00e0", true),
    ("Seq=6", false),
    ("Seq!=5", false),
    ("Seq!=6", true),
    ("Seq=true", false),
    ("Seq=\"5\"", false),
    ("price=5.5", true),
    ("price=5", false),
    ("big=12345678901234567890", true),
    ("big=12345678901234567891", false),
    ("ok=true", true),
    ("ok=1", false),
    ("ok=false", false),
    ("no=false", true),
    ("no=0", false),
    ("gone=null", true),
    ("gone!=null", false),
    ("name=Ada", true),
    ("name = Ada", true),
    ("name=ada", false),
    ("name!=Bob", true),
    ("code=5", true),
    ("code=\"5\"", true),
    ("user.id=u1", true),
    ("user.tier=2", true),
    ("user.tier!=2", false),
    ("user.missing=x", false),
    // A field that is not there is neither equal nor unequal.
    ("user.missing!=x", false),
    ("missing=null", false),
    ("missing!=null", false),
    ("user=u1", false),
    ("items.1.sku=b", true),
    ("items.2.sku=b", false),
    ("name.first=Ada", false),
    ("name=", false),
    ("url=a=b", false),
  ])
  func singleCondition(clause: String, expected: Bool) throws {
    let filter = try MessageFilter(where: [clause])
    #expect(filter.matches(message(order)) == expected)
  }

  @Test(arguments: [
    (Optional<String>.none, "=", false),
    ("not json", "=", false),
    ("", "=", false),
    ("[1,2]", "=", false),
    ("5", "=", false),
    // Not a JSON object: `!=` does not hold either (it used to pass them all).
    (Optional<String>.none, "!=", false),
    ("not json", "!=", false),
    ("{\"Seq\":", "!=", false),
    ("[1,2]", "!=", false),
    ("5", "!=", false),
  ])
  func nonJSONValues(value: String?, op: String, expected: Bool) throws {
    let filter = try MessageFilter(where: ["Seq\(op)5"])
    #expect(filter.matches(message(value)) == expected)
  }

  @Test func conditionsAreANDed() throws {
    let both = try MessageFilter(where: ["Seq=5", "name=Ada"])
    let oneFails = try MessageFilter(where: ["Seq=5", "name=Bob"])
    #expect(both.matches(message(order)))
    #expect(!oneFails.matches(message(order)))
  }

  @Test(arguments: [
    ("Seq", "bad where clause 'Seq'"),
    ("=5", "has no field before '='"),
    ("!=5", "has no field before '!='"),
    ("a..b=1", "empty part in field 'a..b'"),
    (".a=1", "empty part"),
  ])
  func rejects(clause: String, fragment: String) {
    #expect {
      _ = try MessageFilter(where: [clause])
    } throws: { error in
      (error as? SpecError)?.message.contains(fragment) == true
    }
  }
}

@Suite struct MessageFilterGrep {
  @Test(arguments: [
    ("Ada", true),
    ("^\\{\"Seq\":5", true),
    ("tier\":[0-9]", true),
    ("Bob|Ada", true),
    ("Bob", false),
    ("^Ada", false),
  ])
  func grep(pattern: String, expected: Bool) throws {
    #expect(try MessageFilter(grep: pattern).matches(message(order)) == expected)
  }

  @Test func grepAndWhereCombine() throws {
    #expect(try MessageFilter(grep: "Ada", where: ["Seq=5"]).matches(message(order)))
    #expect(try !MessageFilter(grep: "Bob", where: ["Seq=5"]).matches(message(order)))
    #expect(try !MessageFilter(grep: "Ada", where: ["Seq=6"]).matches(message(order)))
  }

  @Test func grepSeesInvalidBytesAsReplacementAndNullAsEmpty() throws {
    let m = ConsumedMessage(topic: "t", partition: 0, offset: 0, value: [0x61, 0xFF, 0x62])
    #expect(try MessageFilter(grep: "^a.b$").matches(m))
    #expect(try MessageFilter(grep: "^$").matches(message(nil)))
  }

  @Test func emptyFilterMatchesEverything() throws {
    let filter = try MessageFilter()
    #expect(filter.isEmpty)
    #expect(filter.matches(message(nil)))
    #expect(try !MessageFilter(grep: "x").isEmpty)
    #expect(try !MessageFilter(where: ["a=1"]).isEmpty)
  }

  @Test(arguments: ["(", "[a-", "a{2,1}", "*x"])
  func invalidRegexIsNamed(pattern: String) {
    #expect {
      _ = try MessageFilter(grep: pattern)
    } throws: { error in
      (error as? SpecError)?.message.contains("'\(pattern)'") == true
    }
  }
}
