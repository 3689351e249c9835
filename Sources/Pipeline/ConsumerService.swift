import Clients
import Formats
import Foundation
import Output
import Prometheus

/// The stand-in for crm-events, the pipeline's SSE service: replicas of a
/// real consumer in group `crm-events-sse` at a set rate each, committing as
/// they go, and the service's HTTP face: `/healthz`, `/metrics`
/// (`crm_events_messages_total`, `crm_events_sse_clients`,
/// `crm_events_http_requests_total{method,path,status}`) and `/crm-events`,
/// server-sent events of what it consumes. Down is what `docker stop` does:
/// the port refuses and the group loses its members; up again is a new
/// process, with its counters from zero.
/// `@unchecked Sendable`: its state is behind a lock.
public final class ConsumerService: @unchecked Sendable {
  public static let group = "crm-events-sse"

  public let port: Int
  let bootstrap: String
  let topic: String
  let report: @Sendable (String) -> Void
  private let lock = NSLock()
  private var http: HTTPServer?
  private var workers: [GroupWorker] = []
  private var consumerWanted = true
  private var ratePerReplica: Double
  private let configuredRate: Double
  private var replicaCount: Int
  private var messages: Int64 = 0
  private var requests: [RequestKey: Int64] = [:]
  private var generation = 0
  private let hub = EventHub()

  struct RequestKey: Hashable {
    var method: String
    var path: String
    var status: Int
  }

  public init(bootstrap: String, topic: String, rate: Double, replicas: Int, report: @escaping @Sendable (String) -> Void)
    throws
  {
    self.bootstrap = bootstrap
    self.topic = topic
    self.report = report
    ratePerReplica = rate
    configuredRate = rate
    replicaCount = replicas
    // Picked once; a restart binds the same one, as a container keeps its port.
    port = try HTTPServer.freePort()
    try setUp(true)
  }

  deinit { shutdown() }

  public var isUp: Bool {
    lock.lock()
    defer { lock.unlock() }
    return http != nil
  }

  public var consumerRunning: Bool {
    lock.lock()
    defer { lock.unlock() }
    return http != nil && consumerWanted
  }

  /// Members it has in the group now (the mock cluster cannot describe
  /// groups): replicas that joined, not those that failed to.
  public var members: Int {
    lock.lock()
    let current = workers
    lock.unlock()
    return current.filter(\.isMember).count
  }

  public var rate: Double {
    lock.lock()
    defer { lock.unlock() }
    return ratePerReplica
  }

  public var replicas: Int {
    lock.lock()
    defer { lock.unlock() }
    return replicaCount
  }

  /// The whole service: down refuses connections and leaves the group.
  public func setUp(_ up: Bool) throws {
    if !up {
      lock.lock()
      let server = http
      http = nil
      let leaving = workers
      workers = []
      lock.unlock()
      hub.closeAll()
      server?.stop()
      for w in leaving { w.stop() }
      return
    }
    lock.lock()
    let running = http != nil
    lock.unlock()
    guard !running else { return }
    let server = try HTTPServer(port: port) { [weak self] request in
      self?.answer(request) ?? .text("gone\n", status: 503)
    }
    lock.lock()
    // A new process: its counters from zero, its configured rate.
    messages = 0
    requests = [:]
    ratePerReplica = configuredRate
    generation += 1
    http = server
    consumerWanted = true
    lock.unlock()
    resizeWorkers()
  }

  public func setConsumer(running: Bool) {
    lock.lock()
    consumerWanted = running
    lock.unlock()
    resizeWorkers()
  }

  public func setRate(_ r: Double) {
    lock.lock()
    ratePerReplica = r
    lock.unlock()
  }

  public func setReplicas(_ n: Int) {
    lock.lock()
    replicaCount = n
    lock.unlock()
    resizeWorkers()
  }

  public func shutdown() { try? setUp(false) }

  /// Starts or stops members until there are as many as wanted.
  private func resizeWorkers() {
    lock.lock()
    let wanted = http != nil && consumerWanted ? replicaCount : 0
    var leaving: [GroupWorker] = []
    while workers.count > wanted { leaving.append(workers.removeLast()) }
    let generation = generation
    while workers.count < wanted {
      let n = workers.count + 1
      workers.append(
        GroupWorker(
          bootstrap: bootstrap, group: Self.group, topics: [topic], clientId: "crm-events-\(generation)-\(n)",
          rate: { [weak self] in self?.rate ?? 0 },
          handle: { [weak self] m in self?.consumed(m) }, report: report))
    }
    lock.unlock()
    for w in leaving { w.stop() }
  }

  private func consumed(_ m: ConsumedMessage) {
    lock.lock()
    messages += 1
    lock.unlock()
    hub.publish(StreamedEvent.text(m))
  }

  private func answer(_ request: HTTPServer.Request) -> HTTPServer.Response {
    let response: HTTPServer.Response
    var status = 200
    if request.method != "GET" {
      status = 405
      response = .text("method not allowed\n", status: 405)
    } else {
      switch request.path {
      case "/healthz":
        lock.lock()
        let state = consumerWanted ? "running" : "stopped"
        let body =
          "{\"status\":\"ok\",\"consumer\":\"\(state)\",\"replicas\":\(workers.count),\"rate\":\(ratePerReplica)}\n"
        lock.unlock()
        response = .body(status: 200, contentType: "application/json", text: body)
      case "/metrics":
        // Counted inside, so that this scrape is in its own answer.
        return .body(status: 200, contentType: "text/plain; version=0.0.4", text: metricsText(counting: request))
      case "/crm-events":
        response = .stream(contentType: "text/event-stream") { [weak self] stream in self?.stream(to: stream) }
      default:
        status = 404
        response = .text("no such path: \(request.path)\n", status: 404)
      }
    }
    count(request, status)
    return response
  }

  private func count(_ request: HTTPServer.Request, _ status: Int) {
    lock.lock()
    requests[RequestKey(method: request.method, path: request.path, status: status), default: 0] += 1
    lock.unlock()
  }

  private func metricsText(counting request: HTTPServer.Request) -> String {
    lock.lock()
    // This scrape counts itself, as a real server's middleware does.
    requests[RequestKey(method: request.method, path: request.path, status: 200), default: 0] += 1
    let m = messages
    let r = requests
    lock.unlock()
    var text = """
      # HELP crm_events_messages_total Events consumed from the topic and streamed to clients.
      # TYPE crm_events_messages_total counter
      crm_events_messages_total \(m)
      # HELP crm_events_sse_clients Clients connected to /crm-events.
      # TYPE crm_events_sse_clients gauge
      crm_events_sse_clients \(hub.count)
      # HELP crm_events_http_requests_total HTTP requests served.
      # TYPE crm_events_http_requests_total counter

      """
    for (k, v) in r.sorted(by: { ($0.key.path, $0.key.method, $0.key.status) < ($1.key.path, $1.key.method, $1.key.status) }) {
      text += "crm_events_http_requests_total{method=\"\(k.method)\",path=\(quoteLabelText(k.path)),status=\"\(k.status)\"} \(v)\n"
    }
    return text
  }

  /// A `connected` event, then every message consumed while the client
  /// stays; a comment every 15 s keeps proxies from closing it.
  private func stream(to stream: HTTPServer.Stream) {
    let client = hub.join()
    defer { hub.leave(client) }
    guard stream.write("event: connected\ndata: {\"service\":\"crm-events\",\"group\":\"\(Self.group)\"}\n\n") else {
      return
    }
    while let events = hub.take(client, waiting: 15) {
      let text = events.isEmpty ? ": keep-alive\n\n" : events.joined()
      guard stream.write(text) else { return }
    }
  }
}

/// One consumed message as a server-sent event: `id` is partition:offset,
/// `event` the message's `Type` when it has one, `data` one JSON line with
/// where it came from and the message itself.
enum StreamedEvent {
  static func text(_ m: ConsumedMessage) -> String {
    let value = m.value.map { String(decoding: $0, as: UTF8.self) } ?? ""
    var type = "message"
    var payload = JSONString.of(value)
    if let data = value.data(using: .utf8), let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] {
      payload = value.replacingOccurrences(of: "\n", with: " ").replacingOccurrences(of: "\r", with: " ")
      if let t = object["Type"] as? String, !t.isEmpty, !t.contains(where: { $0.isNewline }) { type = t }
    }
    let ts = m.timestampMs.map(String.init) ?? "null"
    return "id: \(m.partition):\(m.offset)\nevent: \(type)\n"
      + "data: {\"topic\":\(JSONString.of(m.topic)),\"partition\":\(m.partition),\"offset\":\(m.offset),"
      + "\"timestamp\":\(ts),\"event\":\(payload)}\n\n"
  }
}

enum JSONString {
  static func of(_ s: String) -> String { JSON.string(s).serialized() }
}
