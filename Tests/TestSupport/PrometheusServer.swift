import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// A real Prometheus (Debian's package) on a free 127.0.0.1 port with a
/// temporary data directory. It scrapes the loopback fixture's `/pipeline`
/// exposition every second as job `crm-events`, a closed port as job
/// `crm-events-sink` (so one target is down), and evaluates the shipped
/// recording and alerting rules plus two alerts that fire at once (one on the
/// down sink, one on the group's lag, with its `consumergroup` label).
/// `@unchecked Sendable`: nothing in it changes after init; the suite shares one.
public final class PrometheusServer: @unchecked Sendable {
  public let port: Int
  public let fixture: LoopbackServer
  private let child: ChildProcess
  private let directory: URL
  private let deadPort: SilentSocket

  public var url: String { "http://127.0.0.1:\(port)" }

  /// The rules file operators deploy, in the repository.
  public static let shippedRules = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("deploy/prometheus/aetherlink-rules.yml")

  /// `alertmanager`: a host:port that Prometheus sends its alerts to.
  /// `drillSpeed`: a copy of the shipped rules whose `for:` is one second, so
  /// that an alert of the pipeline fires in seconds (the shipped file stays as it is).
  public init(alertmanager: String? = nil, drillSpeed: Bool = false) throws {
    fixture = try LoopbackServer()
    deadPort = try SilentSocket(listening: false)
    port = try freeLoopbackPort()
    directory = FileManager.default.temporaryDirectory.appendingPathComponent("aether-prom-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    let alerting = alertmanager.map {
      """
      alerting:
        alertmanagers:
          - static_configs:
              - targets: ["\($0)"]

      """
    } ?? ""
    let config = alerting + """
      global:
        scrape_interval: 1s
        evaluation_interval: 1s
      rule_files:
        - \(drillSpeed ? directory.path + "/drill-rules.yml" : Self.shippedRules.path)
        - \(directory.path)/test-alerts.yml
      scrape_configs:
        - job_name: crm-events
          metrics_path: /pipeline
          static_configs:
            - targets: ["127.0.0.1:\(fixture.port)"]
        - job_name: crm-events-sink
          static_configs:
            - targets: ["127.0.0.1:\(deadPort.port)"]

      """
    let alerts = """
      groups:
        - name: test-now
          rules:
            - alert: TestSinkDownNow
              expr: up{job="crm-events-sink"} == 0
              labels:
                severity: critical
              annotations:
                summary: The sink target is down (fires without waiting)
            - alert: TestGroupLagNow
              expr: kafka:group_lag_sum > 0
              labels:
                severity: warning
                runbook: CrmEventsConsumerLagHigh
              annotations:
                summary: A group has lag (fires without waiting; carries the consumergroup label)

      """
    if drillSpeed {
      let shipped = try String(contentsOf: Self.shippedRules, encoding: .utf8)
      let fast = shipped.replacingOccurrences(of: #"for: *[0-9]+[smh]"#, with: "for: 1s", options: .regularExpression)
      try fast.write(to: directory.appendingPathComponent("drill-rules.yml"), atomically: true, encoding: .utf8)
    }
    try config.write(to: directory.appendingPathComponent("prometheus.yml"), atomically: true, encoding: .utf8)
    try alerts.write(to: directory.appendingPathComponent("test-alerts.yml"), atomically: true, encoding: .utf8)
    // Under a shell that stops Prometheus when its stdin closes: also when the
    // test process dies without running any clean-up.
    child = try ChildProcess(
      [
        // The data directory goes with it, also when nobody calls stop().
        "sh", "-c", "d=$1; shift; prometheus \"$@\" & p=$!; cat >/dev/null; kill $p; wait $p; rm -rf \"$d\"", "sh",
        directory.path, "--config.file=\(directory.path)/prometheus.yml",
        "--storage.tsdb.path=\(directory.path)/data", "--web.listen-address=127.0.0.1:\(port)",
        "--log.level=warn",
      ], stderrPath: directory.appendingPathComponent("prometheus.log").path)
  }

  /// Starts one and waits until the rules have values: `kafka:group_lag_sum`
  /// needs one scrape and one evaluation, the rate rules two scrapes.
  public static func start(timeout: Double = 60, alertmanager: String? = nil, drillSpeed: Bool = false) throws
    -> PrometheusServer
  {
    let server = try PrometheusServer(alertmanager: alertmanager, drillSpeed: drillSpeed)
    let deadline = Date().addingTimeInterval(timeout)
    let ready = [
      "kafka:group_lag_sum", "crm_events:consumer_rate_1m", "kafka:group_skew_ratio",
      "ALERTS{alertname=\"TestSinkDownNow\",alertstate=\"firing\"}",
      "ALERTS{alertname=\"TestGroupLagNow\",alertstate=\"firing\"}",
    ]
    for query in ready {
      let answered = eventually(by: deadline, every: 0.2) {
        server.get("/api/v1/query?query=" + Self.encode(query))?.contains("\"result\":[{") == true
      }
      guard answered else {
        let log = server.child.stderrText
        server.stop()
        throw FixtureError("Prometheus had no value for \(query) within \(timeout)s; its log: \(log.suffix(2000))")
      }
    }
    return server
  }

  public func stop() {
    child.stop()
    fixture.stop()
    try? FileManager.default.removeItem(at: directory)
  }

  deinit { stop() }

  /// A plain GET, for readiness checks that must not depend on the client under test.
  public func get(_ path: String) -> String? { plainGet(port: port, path) }

  static func encode(_ text: String) -> String {
    text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? text
  }
}

/// A plain HTTP/1.0 GET over a socket, for readiness checks that must not
/// depend on the client under test. nil when nothing answers.
public func plainGet(port: Int, _ path: String) -> String? {
  let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
  guard fd >= 0 else { return nil }
  defer { close(fd) }
  var timeout = timeval(tv_sec: 2, tv_usec: 0)
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
  var address = sockaddr_in()
  address.sin_family = sa_family_t(AF_INET)
  address.sin_port = in_port_t(UInt16(port).bigEndian)
  address.sin_addr.s_addr = inet_addr("127.0.0.1")
  let connected = withUnsafePointer(to: &address) {
    $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
      connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
    }
  }
  guard connected == 0 else { return nil }
  let request = Array("GET \(path) HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n".utf8)
  guard write(fd, request, request.count) == request.count else { return nil }
  var response: [UInt8] = []
  var chunk = [UInt8](repeating: 0, count: 8192)
  while true {
    let n = read(fd, &chunk, chunk.count)
    if n <= 0 { break }
    response.append(contentsOf: chunk[..<n])
  }
  return String(decoding: response, as: UTF8.self)
}
