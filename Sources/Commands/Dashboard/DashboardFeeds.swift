import Capacity
import Clients
import Config
import Formats
import Foundation
import Host
import Output
import Prometheus
import ScriptLanguage

/// A wait that can be cut short: a feed sleeps until its next refresh, or
/// until the view rings (quit, another group, pause). `@unchecked Sendable`:
/// `rung` is read and written only while `condition` is locked.
final class Bell: @unchecked Sendable {
  private let condition = NSCondition()
  private var rung = 0

  func ring() {
    condition.lock()
    rung += 1
    condition.broadcast()
    condition.unlock()
  }

  /// The rings so far: taken before a refresh, so a ring during it is not lost.
  var mark: Int {
    condition.lock()
    defer { condition.unlock() }
    return rung
  }

  /// Waits up to `seconds`, or returns at once when it rang since `mark`.
  func wait(seconds: Double, since mark: Int) {
    condition.lock()
    let until = Date().addingTimeInterval(seconds)
    while rung == mark, condition.wait(until: until) {}
    condition.unlock()
  }
}

/// The dashboard's three sources, each on a thread of its own with clients of
/// its own (never the session's), so that a dead or slow broker, Prometheus or
/// Alertmanager holds up only its own panels and the screen never waits on
/// the network. Each writes its panel and bumps `version`; the view redraws
/// when the version moved.
final class DashboardFeeds: Sendable {
  let kafka: Locked<KafkaPanel>
  let prometheus = Locked(PrometheusPanel())
  let alertmanager = Locked(AlertmanagerPanel())
  let version = Locked(0)
  let paused = Locked(false)
  let stopped = Locked(false)
  let bell = Bell()
  private let running = Locked(0)

  init(group: String) { kafka = Locked(KafkaPanel(group: group)) }

  /// Everything the Kafka thread needs, read from the session before it starts.
  struct KafkaConfig: Sendable {
    var clients: BackgroundClients
    var fallbackTopic: String
    var topic: String?
    var capacity: Double?
    var thresholds: Thresholds
  }

  /// The requests the Prometheus thread sends, built (with their
  /// credentials) before it starts: `up`, SSE clients, messages/s, alerts.
  struct PrometheusRequests: Sendable {
    var up: HTTPRequest
    var clients: HTTPRequest
    var rate: HTTPRequest
    var alerts: HTTPRequest
    /// The kafka-exporter's member count of every group, for a broker that
    /// cannot describe groups (the mock).
    var members: HTTPRequest
  }

  func startKafka(_ config: KafkaConfig, every: Double) { spawn { [self] in runKafka(config, every: every) } }
  func startPrometheus(_ r: PrometheusRequests, every: Double) { spawn { [self] in runPrometheus(r, every: every) } }
  func startAlertmanager(_ r: HTTPRequest, every: Double) { spawn { [self] in runAlertmanager(r, every: every) } }

  /// Stops every thread and waits (at most `seconds`) for them to end; a
  /// thread stuck in a request ends at its timeout, on its own.
  func stop(waiting seconds: Double) {
    stopped.update { $0 = true }
    bell.ring()
    let deadline = Date().addingTimeInterval(seconds)
    while running.value > 0 && Date() < deadline { Thread.sleep(forTimeInterval: 0.01) }
  }

  /// Switches the Kafka panel to another group and refreshes at once.
  func select(group: String) {
    kafka.update { $0 = KafkaPanel(group: group) }
    bump()
    bell.ring()
  }

  func bump() { version.update { $0 += 1 } }

  private func spawn(_ body: @escaping @Sendable () -> Void) {
    running.update { $0 += 1 }
    let t = Thread { [self] in
      body()
      running.update { $0 -= 1 }
    }
    t.start()
  }

  private static func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }

  /// Loops until stopped: `refresh` unless paused, then sleeps until the next
  /// refresh or a ring.
  private func loop(every: Double, _ refresh: () -> Void) {
    while !stopped.value {
      let mark = bell.mark
      if !paused.value {
        refresh()
        bump()
      }
      if stopped.value { break }
      bell.wait(seconds: every, since: mark)
    }
  }

  /// One request on the thread's own client, given up when the dashboard stops.
  private func send(_ request: HTTPRequest, with http: HTTPClient) throws -> HTTPResponse {
    let stopped = self.stopped
    do { return try http.send(request, isCancelled: { stopped.value }) } catch { throw CommandFailure(error) }
  }

  private func runKafka(_ c: KafkaConfig, every: Double) {
    var client: KafkaClient?
    var peek: LogPeek?
    let reading = GroupReading(
      kafka: {
        if let client { return client }
        // A refused bootstrap is said at once, as the commands say it.
        let made = try c.clients.kafka()
        client = made
        return made
      },
      peek: {
        if let peek { return peek }
        let made = try c.clients.logPeek()
        peek = made
        return made
      }, fallbackTopic: c.fallbackTopic, deadlines: c.clients.deadlines, now: Self.now)
    loop(every: every) {
      let group = kafka.value.group
      do {
        let look = try GroupReader.read(group: group, topic: c.topic, using: reading, describe: true, times: true)
        kafka.update { p in
          // The operator may have switched groups while this look was taken.
          if p.group == group { p.add(look, capacity: c.capacity, thresholds: c.thresholds) }
        }
      } catch {
        // A client that lost its brokers is made anew on the next refresh.
        if client?.sawConnectionTrouble == true { client = nil }
        let message = CommandFailure(error).message
        kafka.update { p in if p.group == group { p.error = message } }
      }
    }
  }

  private func runPrometheus(_ r: PrometheusRequests, every: Double) {
    let http = BackgroundClients.http()
    func ask(_ request: HTTPRequest) throws -> PromEnvelope {
      try PromAPI.envelope(of: try send(request, with: http), to: request, warn: { _ in })
    }
    func vector(_ request: HTTPRequest) throws -> [Sample] {
      let envelope = try ask(request)
      let result = try PromAPI.decode { () throws(PromDecodeError) in try QueryResult.decode(envelope.data) }
      guard case .vector(let samples) = result else { return [] }
      return samples
    }
    loop(every: every) {
      do {
        let up = try vector(r.up).map {
          PrometheusPanel.Target(job: $0.labels["job"] ?? "?", instance: $0.labels["instance"] ?? "", up: $0.point.value == 1)
        }.sorted { ($0.job, $0.instance) < ($1.job, $1.instance) }
        let clients = try vector(r.clients).first?.point.value
        let rate = try vector(r.rate).first?.point.value
        let envelope = try ask(r.alerts)
        let alerts = try PromAPI.decode { () throws(PromDecodeError) in try PromAlert.decodeList(envelope.data) }
        // A fallback only: when it cannot be read, the panel says unknown as before.
        let members = (try? vector(r.members)).map { samples in
          Dictionary(
            samples.compactMap { s -> (String, Int)? in
              guard let g = s.labels["consumergroup"], s.point.value >= 0, s.point.value < 1e6,
                let n = Int(exactly: s.point.value.rounded(.down))
              else { return nil }
              return (g, n)
            }, uniquingKeysWith: max)
        }
        prometheus.update {
          $0 = PrometheusPanel(
            targets: up, clients: clients, messagesPerSecond: rate, alerts: alerts, exporterMembers: members, error: nil,
            updatedAt: Self.now())
        }
      } catch {
        let message = CommandFailure(error).message
        prometheus.update { $0.error = message }
      }
    }
  }

  private func runAlertmanager(_ request: HTTPRequest, every: Double) {
    let http = BackgroundClients.http()
    loop(every: every) {
      do {
        let response = try send(request, with: http)
        guard (200..<300).contains(response.status) else { throw statusFailure(response, method: "GET") }
        let held = try PromAPI.decode { () throws(PromDecodeError) in try AMAlert.decodeList(Data(response.body)).alerts }
        alertmanager.update { $0 = AlertmanagerPanel(held: held, error: nil, updatedAt: Self.now()) }
      } catch {
        let message = CommandFailure(error).message
        alertmanager.update { $0.error = message }
      }
    }
  }
}
