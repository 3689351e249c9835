import Clients
import Formats
import Foundation
import Prometheus
import Vocabulary

/// The stand-in for crm-events, the pipeline's SSE service: replicas of a
/// real consumer in group `crm-events-sse` at a set rate each, committing as
/// they go, and the service's HTTP face: `/healthz`, `/metrics`
/// (`crm_events_messages_total`, `crm_events_sse_clients`,
/// `crm_events_http_requests_total{method,path,status}`) and `/crm-events`,
/// server-sent events of what it consumes. Down is what `docker stop` does:
/// the port refuses and the group loses its members; up again is a new
/// process, with its counters from zero.
public final class ConsumerService: Sendable {
  public static let group = "crm-events-sse"

  public let port: Int
  let bootstrap: String
  let topic: String
  let report: @Sendable (String) -> Void
  private let noteSink = Locked<(@Sendable (String) -> Void)?>(nil)
  /// Where lines that are not problems go (replicas joining and leaving): the sandbox's log.
  public var note: (@Sendable (String) -> Void)? {
    get { noteSink.value }
    set { noteSink.update { $0 = newValue } }
  }
  /// The rate a new process (a start, a restart) begins with.
  private let configuredRate: Double
  private let state: Locked<State>
  private let hub = EventHub()

  private struct State: Sendable {
    var http: HTTPServer?
    var workers: [GroupWorker] = []
    var consumerWanted = true
    var rate: Double
    var replicas: Int
    var messages: Int64 = 0
    var requests: [RequestKey: Int64] = [:]
    var generation = 0
    /// What `process_start_time_seconds` says, as a client library's
    /// process collector would: set at each start, so a restart changes it
    /// and CrmEventsFrequentRestarts can count them.
    var startedAt = Date().timeIntervalSince1970.rounded(.down)
  }

  struct RequestKey: Hashable, Sendable {
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
    configuredRate = rate
    state = Locked(State(rate: rate, replicas: replicas))
    // Picked once; a restart binds the same one, as a container keeps its port.
    port = try HTTPServer.freePort()
    try setUp(true)
  }

  deinit { shutdown() }

  public var isUp: Bool { state.value.http != nil }

  public var consumerRunning: Bool {
    let s = state.value
    return s.http != nil && s.consumerWanted
  }

  /// Members it has in the group now (the mock cluster cannot describe
  /// groups): replicas that joined, not those that failed to.
  public var members: Int { state.value.workers.filter(\.isMember).count }

  public var rate: Double { state.value.rate }

  public var replicas: Int { state.value.replicas }

  /// The whole service: down refuses connections and leaves the group.
  public func setUp(_ up: Bool) throws {
    if !up {
      let (server, leaving) = state.update { s in
        defer { (s.http, s.workers) = (nil, []) }
        return (s.http, s.workers)
      }
      hub.closeAll()
      server?.stop()
      for w in leaving {
        w.stop()
        note?("\(w.clientId) left group \(Self.group) (the service stopped)")
      }
      return
    }
    guard !isUp else { return }
    let server = try HTTPServer(port: port) { [weak self] request in
      self?.answer(request) ?? .text("gone\n", status: 503)
    }
    state.update { s in
      // A new process: its counters from zero, its configured rate.
      s.messages = 0
      s.requests = [:]
      s.rate = configuredRate
      s.generation += 1
      s.startedAt = max(Date().timeIntervalSince1970.rounded(.down), s.startedAt + 1)
      s.http = server
      s.consumerWanted = true
    }
    resizeWorkers()
  }

  public func setConsumer(running: Bool) {
    state.update { $0.consumerWanted = running }
    resizeWorkers()
  }

  public func setRate(_ r: Double) { state.update { $0.rate = r } }

  public func setReplicas(_ n: Int) {
    state.update { $0.replicas = n }
    resizeWorkers()
  }

  public func shutdown() { try? setUp(false) }

  /// Starts or stops members until there are as many as wanted.
  private func resizeWorkers() {
    var joined: [String] = []
    let leaving = state.update { s in
      let wanted = s.http != nil && s.consumerWanted ? s.replicas : 0
      var leaving: [GroupWorker] = []
      while s.workers.count > wanted { leaving.append(s.workers.removeLast()) }
      while s.workers.count < wanted {
        s.workers.append(
          GroupWorker(
            bootstrap: bootstrap, group: Self.group, topics: [topic],
            clientId: "crm-events-\(s.generation)-\(s.workers.count + 1)",
            rate: { [weak self] in self?.rate ?? 0 },
            handle: { [weak self] m in self?.consumed(m) }, report: report))
        joined.append(s.workers.last!.clientId)
      }
      return leaving
    }
    for id in joined { note?("\(id) joins group \(Self.group) (topic \(topic))") }
    for w in leaving {
      w.stop()
      note?("\(w.clientId) left group \(Self.group)")
    }
  }

  private func consumed(_ m: ConsumedMessage) {
    state.update { $0.messages += 1 }
    hub.publish(StreamedEvent.text(m))
  }

  private func answer(_ request: HTTPServer.Request) -> HTTPServer.Response {
    let response: HTTPServer.Response
    guard request.method == "GET" else {
      count(request, 405)
      return .text("method not allowed\n", status: 405)
    }
    switch request.path {
    case "/healthz":
      let s = state.value
      let body = JSON.object([
        ("status", .string("ok")), ("consumer", .string(s.consumerWanted ? "running" : "stopped")),
        ("replicas", .int(Int64(s.workers.count))), ("rate", .double(s.rate)),
      ])
      response = .body(status: 200, contentType: "application/json", text: body.serialized() + "\n")
    case "/metrics":
      // Counted first, so that this scrape is in its own answer, as a real
      // server's middleware does.
      count(request, 200)
      return .body(status: 200, contentType: "text/plain; version=0.0.4", text: metricsText())
    case "/crm-events":
      response = .stream(contentType: "text/event-stream") { [weak self] stream in self?.stream(to: stream) }
    default:
      count(request, 404)
      return .text("no such path: \(request.path)\n", status: 404)
    }
    count(request, 200)
    return response
  }

  private func count(_ request: HTTPServer.Request, _ status: Int) {
    state.update { $0.requests[RequestKey(method: request.method, path: request.path, status: status), default: 0] += 1 }
  }

  private func metricsText() -> String {
    let s = state.value
    var text = """
      # HELP crm_events_messages_total Events consumed from the topic and streamed to clients.
      # TYPE crm_events_messages_total counter
      crm_events_messages_total \(s.messages)
      # HELP crm_events_sse_clients Clients connected to /crm-events.
      # TYPE crm_events_sse_clients gauge
      crm_events_sse_clients \(hub.count)
      # HELP process_start_time_seconds Start time of the service since unix epoch in seconds.
      # TYPE process_start_time_seconds gauge
      process_start_time_seconds \(s.startedAt)
      # HELP crm_events_http_requests_total HTTP requests served.
      # TYPE crm_events_http_requests_total counter

      """
    for (k, v) in s.requests.sorted(by: { ($0.key.path, $0.key.method, $0.key.status) < ($1.key.path, $1.key.method, $1.key.status) }) {
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
    var payload = JSON.string(value).serialized()
    if let data = value.data(using: .utf8), let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] {
      payload = value.replacingOccurrences(of: "\n", with: " ").replacingOccurrences(of: "\r", with: " ")
      if let t = object["Type"] as? String, !t.isEmpty, !t.contains(where: { $0.isNewline }) { type = t }
    }
    let ts = m.timestampMs.map(String.init) ?? "null"
    return "id: \(m.partition):\(m.offset)\nevent: \(type)\n"
      + "data: {\"topic\":\(JSON.string(m.topic).serialized()),\"partition\":\(m.partition),\"offset\":\(m.offset),"
      + "\"timestamp\":\(ts),\"event\":\(payload)}\n\n"
  }
}
