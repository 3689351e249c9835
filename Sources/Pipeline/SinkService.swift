import Clients
import Formats
import Foundation
import Prometheus

/// The stand-in for crm-events-sink: a consumer of the ApexFlow topics in
/// group `crm-events-sink`, as fast as they come, counting each event by
/// topic and tenant (`tenant_id`, or `TenantId` as the CRM writes it) in
/// `crm_events_ingested_total{topic,tenant_id}` on `/metrics`. Stopped, its
/// port refuses (Prometheus's `up{job="crm-events-sink"}` goes to 0) and the
/// group loses its member; started again, the counters begin at zero.
/// `@unchecked Sendable`: its state is behind a lock.
public final class SinkService: @unchecked Sendable {
  public static let group = "crm-events-sink"
  public static let topics = ["apexflow.leads.created", "apexflow.jobs.created"]

  public let port: Int
  let bootstrap: String
  let report: @Sendable (String) -> Void
  private let lock = NSLock()
  private var http: HTTPServer?
  private var worker: GroupWorker?
  private var ingested: [Key: Int64] = [:]
  /// The last lines it logged, as `docker logs` shows the real one's.
  private var log: [String] = []

  struct Key: Hashable, Comparable {
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

  public var isUp: Bool {
    lock.lock()
    defer { lock.unlock() }
    return http != nil
  }

  /// 1 while its consumer is in the group; 0 when down or when it could not join.
  public var members: Int {
    lock.lock()
    let w = worker
    lock.unlock()
    return w?.isMember == true ? 1 : 0
  }

  public var ingestedTotal: Int {
    lock.lock()
    defer { lock.unlock() }
    return Int(ingested.values.reduce(0, +))
  }

  public var logLines: [String] {
    lock.lock()
    defer { lock.unlock() }
    return log
  }

  public func setUp(_ up: Bool) throws {
    guard up else { return setDown() }
    guard !isUp else { return }
    let server = try HTTPServer(port: port) { [weak self] request in
      self?.answer(request) ?? .text("gone\n", status: 503)
    }
    let worker = GroupWorker(
      bootstrap: bootstrap, group: Self.group, topics: Self.topics, clientId: "crm-events-sink", rate: { nil },
      handle: { [weak self] m in self?.ingest(m) }, report: report)
    lock.lock()
    ingested = [:]
    log = ["Connected to Kafka at \(bootstrap); consuming \(Self.topics.joined(separator: ", ")) as \(Self.group)"]
    http = server
    self.worker = worker
    lock.unlock()
  }

  private func setDown() {
    lock.lock()
    let server = http
    let leaving = worker
    http = nil
    worker = nil
    lock.unlock()
    server?.stop()
    leaving?.stop()
  }

  private func ingest(_ m: ConsumedMessage) {
    var tenant = "unknown"
    var type = m.topic
    if let value = m.value, let object = try? JSONSerialization.jsonObject(with: Data(value)) as? [String: Any] {
      for name in ["tenant_id", "TenantId", "tenantId"] {
        if let t = object[name] as? String, !t.isEmpty {
          tenant = t
          break
        }
      }
      if let t = (object["type"] ?? object["Type"]) as? String { type = t }
    }
    lock.lock()
    ingested[Key(topic: m.topic, tenant: tenant), default: 0] += 1
    log.append("[\(ISO8601DateFormatter().string(from: Date()))] Received \(type) for tenant \(tenant)")
    if log.count > 200 { log.removeFirst(log.count - 200) }
    lock.unlock()
  }

  private func answer(_ request: HTTPServer.Request) -> HTTPServer.Response {
    guard request.method == "GET" else { return .text("method not allowed\n", status: 405) }
    switch request.path {
    case "/metrics":
      lock.lock()
      let counts = ingested
      lock.unlock()
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
