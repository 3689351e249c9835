import Foundation
import Testing
import Vocabulary

@testable import Prometheus

struct MatcherTests {
  @Test(arguments: [
    ("CrmEventsConsumerLagHigh", Matcher(name: "alertname", value: "CrmEventsConsumerLagHigh")),
    ("severity=critical", Matcher(name: "severity", value: "critical")),
    ("severity!=info", Matcher(name: "severity", value: "info", isEqual: false)),
    ("job=~crm-.*", Matcher(name: "job", value: "crm-.*", isRegex: true)),
    ("job!~\"sink|exporter\"", Matcher(name: "job", value: "sink|exporter", isRegex: true, isEqual: false)),
    ("summary=\"a \\\"quoted\\\" word\"", Matcher(name: "summary", value: "a \"quoted\" word")),
    ("instance=", Matcher(name: "instance", value: "")),
    ("_x1=a=b", Matcher(name: "_x1", value: "a=b")),
  ])
  func parses(text: String, expected: Matcher) throws {
    #expect(try Matcher.parse(text) == expected)
  }

  @Test(arguments: [
    ("", 1, "empty matcher"),
    ("=x", 1, "expected a label name"),
    ("alert name=x", 6, "cannot be in a label name"),
    ("1abc=x", 1, "expected a label name"),
    ("a=~(", 4, "not a regular expression"),
    ("a=\"open", 3, "unterminated quote"),
    ("a=\"x\"y", 6, "text after the closing quote"),
  ])
  func refusesWithTheColumn(text: String, column: Int, message: String) {
    #expect {
      try Matcher.parse(text)
    } throws: { e in
      guard let e = e as? Matcher.ParseError else { return false }
      return e.column == column && e.message.contains(message)
    }
  }

  @Test(arguments: [
    ("severity=critical", ["severity": "critical"], true),
    ("severity=critical", ["severity": "critical-ish"], false),
    ("job=~crm-.*", ["job": "crm-events"], true),
    ("job=~crm", ["job": "crm-events"], false),  // anchored, as Alertmanager anchors it
    ("job!~sink", ["job": "crm-events"], true),
    ("instance=", [:], true),  // a missing label is ""
    ("severity!=info", [:], true),
  ])
  func matchesLabels(text: String, labels: [String: String], expected: Bool) throws {
    #expect(try Matcher.parse(text).matches(labels) == expected)
  }

  @Test(arguments: [
    (["alertname=~.*"], true), (["job=~.*", "severity=~.*"], true),
    (["alertname=~.*", "severity=critical"], false), (["X"], false),
    // Every alert has a non-empty alertname (issue 29: `alertname=~.+` muted everything).
    (["alertname=~.+"], true), (["alertname!=\"\""], true), (["alertname!~\"\""], true),
    (["alertname=~\"Crm.*\""], false), (["job=~.+"], false),
  ])
  func muteEverythingIsRecognised(texts: [String], expected: Bool) throws {
    #expect(Matcher.mutesEverything(try texts.map { try Matcher.parse($0) }) == expected)
  }

  /// Alertmanager refuses a silence whose matchers all match the empty string.
  @Test(arguments: [
    (["a="], true), (["a=", "b=~.*"], true), (["alertname=X", "a="], false), (["job=~.+"], false), (["a!=x"], true),
  ])
  func emptyMatchingSetsAreRecognised(texts: [String], expected: Bool) throws {
    #expect(Matcher.allMatchEmpty(try texts.map { try Matcher.parse($0) }) == expected)
  }
}

struct AlertmanagerDecodingTests {
  @Test func alertsWithTheirMuting() throws {
    let body = Data(
      #"""
      [{"annotations":{"summary":"sink down"},"endsAt":"2026-12-01T22:52:01.950Z","fingerprint":"eb14","receivers":[{"name":"null"}],
        "startsAt":"2026-12-01T22:47:01.950Z","status":{"inhibitedBy":[],"silencedBy":["f53f"],"state":"suppressed"},
        "updatedAt":"2026-12-01T22:47:01.950Z","labels":{"alertname":"TestA","severity":"critical"}},
       {"labels":{"alertname":"TestB"},"annotations":{},"status":{"inhibitedBy":["eb14"],"silencedBy":[],"state":"suppressed"},
        "receivers":[]}]
      """#.utf8)
    let (alerts, raw) = try AMAlert.decodeList(body)
    #expect(raw.count == 2)
    #expect(alerts.map(\.name) == ["TestA", "TestB"])
    #expect(alerts.map(\.displayState) == ["silenced", "inhibited"])
    #expect(alerts[0].receivers == ["null"])
    #expect(alerts[0].startsAt.map { Int($0) } == 1_796_165_221)
  }

  @Test(arguments: [
    (#"{"not":"a list"}"#, "Alertmanager response"),
    (#"[{"labels":{},"status":{}}]"#, "alerts[0].status.state"),
    ("<html>", "not JSON"),
  ])
  func aBrokenBodyNamesThePlace(body: String, message: String) {
    #expect {
      try AMAlert.decodeList(Data(body.utf8))
    } throws: { "\($0)".contains(message) }
  }

  @Test func silencesRoundTripTheirMatchers() throws {
    let matchers = [Matcher(name: "alertname", value: "X"), Matcher(name: "sev", value: "warn.*", isRegex: true)]
    let post = AMSilence.postBody(
      id: nil, matchers: matchers, startsAt: "2026-12-01T00:00:00.000Z", endsAt: "2026-12-01T01:00:00.000Z",
      createdBy: "me", comment: "why")
    let object = try #require(try JSONSerialization.jsonObject(with: post) as? [String: Any])
    #expect(object["id"] == nil)
    var listed = object
    listed["id"] = "6a1f"
    listed["status"] = ["state": "active"]
    let body = try JSONSerialization.data(withJSONObject: [listed])
    let (silences, _) = try AMSilence.decodeList(body)
    #expect(silences.first?.matchers == matchers)
    #expect(silences.first?.mutes(["alertname": "X", "sev": "warning"]) == true)
    #expect(silences.first?.mutes(["alertname": "X", "sev": "critical"]) == false)
    #expect(try AMSilence.decodeCreated(Data(#"{"silenceID":"6a1f"}"#.utf8)) == "6a1f")
  }
}
