import Testing

@testable import Pipeline

@Suite struct ControlActionTests {
  @Test(arguments: [
    ("consumer stop", ControlAction.consumer(running: false)),
    ("consumer start", .consumer(running: true)),
    ("consumer rate 27", .rate(27)),
    ("consumer rate 0", .rate(0)),
    ("consumer replicas 3", .replicas(3)),
    ("service down", .part(.service, up: false)),
    ("service up", .part(.service, up: true)),
    ("sink stop", .part(.sink, up: false)),
    ("sink start", .part(.sink, up: true)),
    ("container aether-crm-events stop", .part(.service, up: false)),
    ("container crm-events-sink restart", .restart(.sink)),
    ("container aether-prom restart", .restart(.prometheus)),
    ("container crm-events scale 2", .scale(.service, 2)),
    ("container crm-events logs", .logs("crm-events", 50)),
    ("container peakpro-crm logs 5", .logs("peakpro-crm", 5)),
    ("status", .status),
  ])
  func reads(words: String, action: ControlAction) {
    #expect(ControlAction.parse(words.split(separator: " ").map(String.init)) == .success(action))
  }

  @Test(arguments: [
    ("consumer rate fast", "not a rate"),
    ("consumer rate -1", "not a rate"),
    ("consumer replicas 100", "not a count"),
    ("container grafana restart", "no 'grafana'"),
    ("container crm-events-sink scale 2", "only crm-events has replicas"),
    ("container crm-events pause", "expected stop, start, restart, scale N or logs [N]"),
    ("container crm-events logs 0", "not a line count (1–500)"),
    ("container crm-events logs many", "not a line count"),
    ("service sideways", "expected consumer stop|start"),
    ("", "expected consumer stop|start"),
  ])
  func refuses(words: String, says: String) {
    guard case .failure(let e) = ControlAction.parse(words.split(separator: " ").map(String.init)) else {
      Issue.record("'\(words)' was accepted")
      return
    }
    #expect(e.description.contains(says), "\(e.description)")
  }
}
