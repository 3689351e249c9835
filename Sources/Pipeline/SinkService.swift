import Clients
import Formats
import Foundation
import Prometheus
import Vocabulary

/// The stand-in for crm-events-sink: a consumer of the ApexFlow topics in
/// group `crm-events-sink`, as fast as they come, counting each event by
/// topic and tenant (`tenant_id`, or `TenantId` as the CRM writes it) in
/// `crm_events_ingested_total{topic,tenant_id}` on `/metrics`. Stopped, its
/// port refuses (Prometheus's `up{job="crm-events-sink"}` goes to 0) and the
/// group loses its member; started again, the counters begin at zero.
public final class SinkService: Sendable {
  public static let group = "crm-events-sink"
  public static let topics = ["apexflow.leads.created", "apexflow.jobs.created"]

  public let port: Int
  let bootstrap: String
  let report: @Sendable (String) -> Void
  private let state = Locked(State())

  private struct State: Sendable {
    var http: HTTPServer?
    var worker: GroupWorker?
    var ingested: [Key: Int64] = [:]
  }

  struct Key: Hashable, Comparable, Sendable {
    var topic: String
    var tenant: String
    static func < (a: Key, b: Key) -> Bool { (a.topic, a.tenant) < (b.topic, b.tenant) }
  }

  public init(bootstrap: String, report: @escaping @Sendable (String) -> Void) throws {
    self.bootstrap = bootstrap
    self.report = report
    port = try HTTPServer.freePort()
    try setUp(true)
  }

  deinit { setDown() }

  public var isUp: Bool { state.value.http != nil }

  /// 1 while its consumer is in the group; 0 when down or when it could not join.
  public var members: Int { state.value.worker?.isMember == true ? 1 : 0 }

  public var ingestedTotal: Int { Int(state.value.ingested.values.reduce(0, +)) }

  public func setUp(_ up: Bool) throws {
    guard up else { return setDown() }
    guard !isUp else { return }
    let server = try HTTPServer(port: port) { [weak self] request in
      self?.answer(request) ?? .text("gone\n", status: 503)
    }
    let worker = GroupWorker(
      bootstrap: bootstrap, group: Self.group, topics: Self.topics, clientId: "crm-events-sink", rate: { nil },
      handle: { [weak self] m in self?.ingest(m) }, report: report)
    state.update { $0 = State(http: server, worker: worker) }
  }

  private func setDown() {
    let (server, leaving) = state.update { s in
      defer { (s.http, s.worker) = (nil, nil) }
      return (s.http, s.worker)
    }
    server?.stop()
    leaving?.stop()
  }

  private func ingest(_ m: ConsumedMessage) {
    var tenant = "unknown"
    if let value = m.value, let object = try? JSONSerialization.jsonObject(with: Data(value)) as? [String: Any] {
      for name in ["tenant_id", "TenantId", "tenantId"] {
        if let t = object[name] as? String, !t.isEmpty {
          tenant = t
          break
        }
      }
    }
    state.update { $0.ingested[Key(topic: m.topic, tenant: tenant), default: 0] += 1 }
  }

  private func answer(_ request: HTTPServer.Request) -> HTTPServer.Response {
    guard request.method == "GET" else { return .text("method not allowed\n", status: 405) }
    switch request.path {
    case "/metrics":
      let counts = state.value.ingested
      var text = """
        # HELP crm_events_ingested_total CRM domain events consumed by the sink.
        # TYPE crm_events_ingested_total counter

        """
      for (k, v) in counts.sorted(by: { $0.key < $1.key }) {
        text +=
          "crm_events_ingested_total{tenant_id=\(quoteLabelText(k.tenant)),topic=\(quoteLabelText(k.topic))} \(v)\n"
      }
      return .body(status: 200, contentType: "text/plain; version=0.0.4", text: text)
    case "/healthz":
      return .body(status: 200, contentType: "application/json", text: "{\"status\":\"ok\"}\n")
    default:
      return .text("no such path: \(request.path)\n", status: 404)
    }
  }
}
