import Foundation
import Testing
import Vocabulary

@testable import Prometheus

/// Bodies as Prometheus writes them, decoded the way `prom query`/`prom range` read them.
@Suite struct QueryDecodingTests {
  func envelope(_ json: String) throws -> PromEnvelope {
    try PromEnvelope.decode(Data(json.utf8))
  }

  @Test func vectorWithSpecialValues() throws {
    let e = try envelope(
      #"{"status":"success","data":{"resultType":"vector","result":[{"metric":{"__name__":"x","k":"nan"},"value":[1700000000.5,"NaN"]},{"metric":{"k":"inf"},"value":[1700000000.5,"+Inf"]},{"metric":{"k":"neg"},"value":[1700000000.5,"-Inf"]},{"metric":{},"value":[1700000000.5,"1.5e3"]}]}}"#
    )
    guard case .vector(let samples) = try QueryResult.decode(e.data) else { Issue.record("not a vector"); return }
    #expect(samples.count == 4)
    #expect(samples[0].point.value.isNaN)
    #expect(samples[0].labels["__name__"] == "x")
    #expect(samples[1].point.value == .infinity)
    #expect(samples[2].point.value == -.infinity)
    #expect(samples[3].point.value == 1500)
    #expect(samples[3].point.timestamp == 1_700_000_000.5)
    #expect(samples.map { formatValue($0.point.value) } == ["NaN", "+Inf", "-Inf", "1500"])
  }

  @Test func matrixScalarAndString() throws {
    let m = try envelope(
      #"{"status":"success","data":{"resultType":"matrix","result":[{"metric":{"job":"a"},"values":[[1,"1"],[2,"2"],[3,"NaN"]]}]}}"#)
    guard case .matrix(let series) = try QueryResult.decode(m.data) else { Issue.record("not a matrix"); return }
    #expect(series[0].points.map(\.timestamp) == [1, 2, 3])
    #expect(series[0].points[2].value.isNaN)
    let s = try envelope(#"{"status":"success","data":{"resultType":"scalar","result":[1700000000,"42"]}}"#)
    #expect(try QueryResult.decode(s.data) == .scalar(Point(timestamp: 1_700_000_000, value: 42)))
    let t = try envelope(#"{"status":"success","data":{"resultType":"string","result":[1700000000,"hello"]}}"#)
    #expect(try QueryResult.decode(t.data) == .string(timestamp: 1_700_000_000, value: "hello"))
  }

  @Test func errorBodyAndWarnings() throws {
    let e = try envelope(
      #"{"status":"error","errorType":"bad_data","error":"invalid parameter \"query\": 1:5: parse error: unexpected end of input"}"#)
    #expect(!e.isSuccess)
    #expect(e.errorSummary == #"bad_data: invalid parameter "query": 1:5: parse error: unexpected end of input"#)
    let w = try envelope(
      #"{"status":"success","warnings":["PromQL info: metric might not be a counter"],"data":{"resultType":"vector","result":[]}}"#)
    #expect(w.warnings == ["PromQL info: metric might not be a counter"])
    #expect(w.errorSummary == nil)
    #expect(try QueryResult.decode(w.data) == .vector([]))
  }

  /// Broken bodies name what was wrong and where, never crash.
  @Test(arguments: [
    ("", "empty response body"),
    ("<html><title>502 Bad Gateway</title></html>", "not JSON"),
    ("\r\n<html>\r\n<title>502</title>\r\n", "not JSON): \"<html>\""),
    ("[1,2]", "expected a JSON object"),
    (#"{"data":{}}"#, "no \"status\" field"),
  ])
  func notAnAPIResponse(body: String, expected: String) {
    #expect(throws: PromDecodeError.self) { try PromEnvelope.decode(Data(body.utf8)) }
    do {
      _ = try PromEnvelope.decode(Data(body.utf8))
    } catch {
      #expect(error.message.contains(expected), "\(error.message)")
    }
  }

  @Test(arguments: [
    (#"{"resultType":"vector","result":[{"metric":{},"value":[1,"abc"]}]}"#, "data.result[0].value[1] 'abc' is not a sample value"),
    (#"{"resultType":"vector","result":[{"metric":{},"value":[1]}]}"#, "data.result[0].value should be [time, \"value\"]"),
    (#"{"resultType":"vector","result":[{"metric":{"a":1},"value":[1,"1"]}]}"#, "data.result[0].metric.a should be a string, found a number"),
    (#"{"resultType":"vector","result":[{"metric":{},"value":[true,"1"]}]}"#, "data.result[0].value[0] should be a number, found a boolean"),
    (#"{"resultType":"histogram","result":[]}"#, "unknown resultType 'histogram'"),
    (#"{"resultType":"matrix","result":[{"metric":{"__name__":"h"},"histograms":[]}]}"#, "native histogram"),
    // Issue 29: timestamps whose milliseconds no Int64 holds, or no calendar has, are the server's fault, named.
    (#"{"resultType":"matrix","result":[{"metric":{},"values":[[1,"1"],[9.3e15,"2"]]}]}"#, "data.result[0].values[1][0] timestamp"),
    (#"{"resultType":"vector","result":[{"metric":{},"value":[-1e300,"1"]}]}"#, "data.result[0].value[0] timestamp"),
    (#"{"resultType":"scalar","result":[1e19,"1"]}"#, "data.result[0] timestamp"),
    (#"{"resultType":"string","result":[253402300800,"x"]}"#, "data.result[0] timestamp"),
  ])
  func shapeErrorsNameThePath(data: String, expected: String) throws {
    let e = try PromEnvelope.decode(Data(#"{"status":"success","data":\#(data)}"#.utf8))
    do {
      _ = try QueryResult.decode(e.data)
      Issue.record("decoded \(data)")
    } catch {
      #expect(error.message.contains(expected), "\(error.message)")
    }
  }

  @Test(arguments: [
    ("1", 1.0), ("-2.5", -2.5), ("1e3", 1000), ("+Inf", .infinity), ("-Inf", -.infinity), ("inf", .infinity),
    (".5", 0.5), ("5.", 5),
  ])
  func sampleValues(text: String, value: Double) {
    #expect(SampleValue.parse(text) == value)
  }

  @Test(arguments: ["", "0x10", "1e", "abc", "1.2.3", "--1", " 1"])
  func notSampleValues(text: String) {
    #expect(SampleValue.parse(text) == nil)
  }

  @Test func listsAlertsRulesAndTargets() throws {
    let alerts = try envelope(
      #"{"status":"success","data":{"alerts":[{"labels":{"alertname":"CrmEventsSinkDown","job":"crm-events-sink"},"annotations":{"summary":"sink down"},"state":"firing","activeAt":"2025-11-02T00:00:00.123Z","value":"0e+00"}]}}"#)
    let list = try PromAlert.decodeList(alerts.data)
    #expect(list.count == 1)
    #expect(list[0].name == "CrmEventsSinkDown")
    #expect(list[0].state == "firing")
    #expect(list[0].activeAtSeconds == 1_762_041_600.123)
    #expect(list[0].value == 0)
    let rules = try envelope(
      #"{"status":"success","data":{"groups":[{"name":"g","file":"r.yml","interval":1,"rules":[{"type":"recording","name":"kafka:group_lag_sum","query":"sum(x)","health":"err","lastError":"boom"},{"type":"alerting","name":"A","query":"up == 0","duration":120,"state":"pending","health":"ok","alerts":[]}]}]}}"#)
    let groups = try PromRuleGroup.decodeList(rules.data)
    #expect(groups[0].interval == 1)
    #expect(groups[0].rules.map(\.kind) == [.recording, .alerting])
    #expect(groups[0].rules[0].lastError == "boom")
    #expect(groups[0].rules[1].duration == 120)
    let targets = try envelope(
      #"{"status":"success","data":{"activeTargets":[{"labels":{"job":"crm-events","instance":"a:1"},"scrapePool":"crm-events","scrapeUrl":"http://a:1/metrics","health":"down","lastError":"connection refused","lastScrape":"2025-11-02T00:00:01Z","lastScrapeDuration":0.002}],"droppedTargets":[]}}"#)
    let t = try PromTargetList.decode(targets.data)
    #expect(t.active[0].health == "down")
    #expect(t.active[0].lastError == "connection refused")
    #expect(t.active[0].lastScrapeSeconds == 1_762_041_601)
  }

  /// Issue 29: `data: {}` or a null list is a decode error naming what is
  /// missing, never "no alerts are firing" or "no targets".
  @Test(arguments: [
    (#"{}"#, "alerts", "data.alerts is missing"),
    (#"{"alerts":null}"#, "alerts", "data.alerts is missing"),
    (#"{}"#, "rules", "data.groups is missing"),
    (#"{"groups":[{"name":"g"}]}"#, "rules", "data.groups[0].rules is missing"),
    (#"{}"#, "targets", "data.activeTargets is missing"),
    (#"{"resultType":"vector"}"#, "query", "data.result is missing"),
    (#"{"resultType":"matrix","result":null}"#, "query", "data.result is missing"),
  ])
  func missingListsAreErrors(data: String, kind: String, expected: String) throws {
    let e = try envelope(#"{"status":"success","data":\#(data)}"#)
    do {
      switch kind {
      case "alerts": _ = try PromAlert.decodeList(e.data)
      case "rules": _ = try PromRuleGroup.decodeList(e.data)
      case "targets": _ = try PromTargetList.decode(e.data)
      default: _ = try QueryResult.decode(e.data)
      }
      Issue.record("decoded \(data) as \(kind)")
    } catch {
      #expect(error.message.contains(expected), "\(error.message)")
    }
  }

  @Test func labelFormatting() {
    #expect(formatLabels(["__name__": "up", "job": "a"], excludingName: true) == #"{job="a"}"#)
    #expect(formatLabels(["__name__": "up"], excludingName: true) == "")
    #expect(formatLabels([:], excludingName: true) == "{}")
    #expect(formatLabels(["path": "C:\\x\n\"q\""], excludingName: false) == #"{path="C:\\x\n\"q\""}"#)
    #expect(formatLabels(["service.name": "x"], excludingName: false) == #"{"service.name"="x"}"#)
  }
}
