import Foundation
import Testing
import TestSupport

/// `status` joins the group's alerts from the real Prometheus of the suite
/// (its test rule `TestGroupLagNow` fires at once, with the group's
/// `consumergroup` label and the runbook label the shipped rules carry).
@Suite(.serialized) struct StatusJoinTests {
  static let script = """
    produce aetherlink.events x --count 10 --partition 0
    group seek crm-events-sse --to 4 --execute --partition 0
    status crm-events-sse --window 1s --every 0.5s
    """

  @Test func firingAlertsOfTheGroupWithTheirRunbook() throws {
    let url = try SharedPrometheus.url()
    let r = try aetherctl(["-p", url, "--alertmanager", "http://127.0.0.1:9", "--sandbox", "-o", "json", "-c", Self.script])
    // A backlog nobody reads: stalled, exit 1, and the JSON still printed.
    #expect(r.status == 1, "\(r.stderr)")
    let line = try #require(r.stdout.split(separator: "\n").last { $0.hasPrefix("{\"group\"") }, "\(r.stdout)")
    let json = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
    #expect(json["verdict"] as? String == "stalled")
    let alerts = try #require(json["alerts"] as? [[String: Any]], "\(json["missing"] ?? "")")
    let lag = try #require(alerts.first { $0["name"] as? String == "TestGroupLagNow" }, "\(alerts)")
    #expect(lag["state"] as? String == "firing")
    #expect(lag["severity"] as? String == "warning")
    #expect(lag["runbook"] as? String == "CrmEventsConsumerLagHigh")
    // Alertmanager down: silences are unknown (null), not "none", and said.
    #expect(lag["silencedBy"] is NSNull)
    #expect((json["missing"] as? [String])?.contains { $0.hasPrefix("silences: Alertmanager") } == true)
    // Not this group's: the sink alert has no consumergroup label.
    #expect(!alerts.contains { $0["name"] as? String == "TestSinkDownNow" })

    let table = try aetherctl(["-p", url, "--alertmanager", "http://127.0.0.1:9", "--sandbox", "-c", Self.script])
    #expect(table.status == 1)
    #expect(table.stdout.contains("TestGroupLagNow"), "\(table.stdout)")
    #expect(table.stdout.contains("runbook run CrmEventsConsumerLagHigh"))
    #expect(table.stdout.contains("partition 0: committed stuck at 4 for 1s with 6 unread; no new messages (log end 10)"))
    #expect(table.stderr.contains("crm-events-sse is stalled: partition 0: committed stuck at 4"), "\(table.stderr)")
  }

  /// A broker that cannot describe groups (the mock): the members line is
  /// the kafka-exporter's count in Prometheus, labelled as its view; JSON
  /// keeps `members` null (the broker did not say) beside `exporterMembers`.
  @Test func membersFallBackToTheExportersView() throws {
    let url = try SharedPrometheus.url()
    let script = """
      set on-error continue
      produce aetherlink.events 'e{{seq}}' --count 6 -o plain
      set read $(tail aetherlink.events --group billing-sse -n 2 --no-follow -o plain)
      status billing-sse --window 1s -o json
      status billing-sse --window 1s -o table
      group describe billing-sse -o table
      """
    let r = try aetherctl(["-p", url, "--alertmanager", "http://127.0.0.1:9", "--sandbox", "-c", script], deadline: 90)
    let line = try #require(r.stdout.split(separator: "\n").first { $0.hasPrefix("{\"group\"") }, "\(r.stdout) \(r.stderr)")
    let json = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
    #expect(json["members"] is NSNull, "\(json)")
    #expect(json["exporterMembers"] as? Int == 2, "\(json)")
    #expect(r.stdout.contains(#/members\s+2 \(the exporter's view: the broker cannot describe groups\)/#), "\(r.stdout)")
    #expect(r.stdout.contains("members: 2 per the kafka-exporter (kafka_consumergroup_members in Prometheus)"), "\(r.stdout)")
    // Without Prometheus, unknown as before.
    let none = try aetherctl(["--sandbox", "-c", script], deadline: 90)
    #expect(none.stdout.contains("unknown: the broker cannot describe groups"), "\(none.stdout)")
  }
}
