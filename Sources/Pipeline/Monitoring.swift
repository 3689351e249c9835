import Clients
import Foundation

/// The real Prometheus and Alertmanager from Debian's packages, each with a
/// directory of its own (written configuration, the rules at drill speed,
/// its data) that goes with it. A program that is not installed is one line
/// saying so; the rest of the pipeline is served without it.
public final class Monitoring: Sendable {
  public enum Program: String, Sendable, CaseIterable {
    case prometheus, alertmanager

    /// Debian's names for the binaries, and the package that has them.
    var binary: String { self == .prometheus ? "prometheus" : "prometheus-alertmanager" }
    var package: String { self == .prometheus ? "prometheus" : "prometheus-alertmanager" }
    var readyPath: String { "/-/ready" }
  }

  public struct State: Sendable {
    public var port: Int
    /// Why it is not running: not installed, did not start, crashed.
    public var problem: String?
  }

  /// A program started, and the directory that goes with it.
  private struct Running: Sendable {
    var child: ChildProgram
    var directory: URL
  }

  let jobs: [MonitoringConfig.Job]
  let rules: String
  let speed: DrillSpeed
  let report: @Sendable (String) -> Void
  /// Reserved once: a restart listens where scrapes and Alertmanager look.
  private let ports: [Program: Int]
  private let running = Locked<[Program: Running]>([:])
  private let problems = Locked<[Program: String]>([:])

  public init(jobs: [MonitoringConfig.Job], rules: String, speed: DrillSpeed, report: @escaping @Sendable (String) -> Void)
    throws
  {
    self.jobs = jobs
    self.rules = rules
    self.speed = speed
    self.report = report
    var ports: [Program: Int] = [:]
    for p in Program.allCases { ports[p] = try HTTPServer.freePort() }
    self.ports = ports
  }

  public func state(_ p: Program) -> State { State(port: ports[p] ?? 0, problem: problems.value[p]) }

  public func url(_ p: Program) -> String { "http://127.0.0.1:\(ports[p] ?? 0)" }

  /// Both at once (each takes a second or two to start); then each must
  /// answer `/-/ready`, and Prometheus must have seen the pipeline
  /// (`ready`), or the part gives up with its log's last lines.
  public func start(ready: [String] = []) {
    let launched = Program.allCases.filter { launch($0) }
    let deadline = Date().addingTimeInterval(startBound)
    for p in launched { awaitReady(p, until: deadline, extra: ready) }
  }

  /// Start-up, then the rates' two scrapes and their evaluations: a few
  /// intervals, which at drill speed 1 are 15 s each.
  var startBound: Double { 30 + 5 * Double(speed.interval) }

  /// Writes its files and starts it; false when it could not start.
  private func launch(_ p: Program) -> Bool {
    guard ChildProgram.which(p.binary) != nil else {
      setProblem(p, "not installed (\(p.binary) is not on PATH; apt install \(p.package), or run scripts/setup)")
      return false
    }
    do {
      let dir = FileManager.default.temporaryDirectory.appendingPathComponent(
        "aetherctl-sandbox-\(p.rawValue)-\(getpid())-\(UUID().uuidString.prefix(8))")
      try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
      let port = ports[p] ?? 0
      let argv: [String]
      switch p {
      case .prometheus:
        let rulesFile = dir.appendingPathComponent("aetherlink-rules.yml")
        try speed.rules(rules).write(to: rulesFile, atomically: true, encoding: .utf8)
        let config = MonitoringConfig.prometheus(
          jobs: jobs, rulesFile: rulesFile.path, alertmanager: "127.0.0.1:\(ports[.alertmanager] ?? 0)", speed: speed)
        try config.write(to: dir.appendingPathComponent("prometheus.yml"), atomically: true, encoding: .utf8)
        argv = [
          p.binary, "--config.file=\(dir.path)/prometheus.yml", "--storage.tsdb.path=\(dir.path)/data",
          "--web.listen-address=127.0.0.1:\(port)", "--storage.tsdb.retention.time=1d", "--log.level=warn",
        ]
      case .alertmanager:
        try MonitoringConfig.alertmanager(speed: speed).write(
          to: dir.appendingPathComponent("alertmanager.yml"), atomically: true, encoding: .utf8)
        argv = [
          p.binary, "--config.file=\(dir.path)/alertmanager.yml", "--storage.path=\(dir.path)/data",
          "--web.listen-address=127.0.0.1:\(port)", "--cluster.listen-address=", "--log.level=warn",
        ]
      }
      let child = try ChildProgram(
        name: p.rawValue, argv: argv, logPath: dir.appendingPathComponent("\(p.rawValue).log").path,
        removeOnExit: dir.path)
      running.update { $0[p] = Running(child: child, directory: dir) }
      problems.update { $0[p] = nil }
      return true
    } catch {
      setProblem(p, "cannot start: \(error)")
      return false
    }
  }

  private func awaitReady(_ p: Program, until deadline: Date, extra: [String]) {
    guard let child = running.value[p]?.child else { return }
    let port = ports[p] ?? 0
    while Date() < deadline {
      if let status = child.exitStatus {
        if let ended = take(p, ifItIs: child) {
          setProblem(p, "exited at start (status \(status)): \(child.logTail(lines: 3))")
          end(ended, grace: 1)
        }
        return
      }
      if LoopbackProbe.status(port: port, p.readyPath) == 200 {
        if p == .prometheus { waitForFirstScrapes(port: port, until: deadline, extra: extra) }
        return
      }
      usleep(50_000)
    }
    setProblem(p, "not ready by its deadline: \(child.logTail(lines: 3))")
  }

  /// A script's first query must see the pipeline: every job scraped once
  /// (`count(up)` equals the jobs), every recording rule evaluated on it (the
  /// rates need two scrapes) and the caller's own conditions (PromQL that
  /// must have a result), which takes a few intervals after ready.
  private func waitForFirstScrapes(port: Int, until deadline: Date, extra: [String]) {
    let queries = ["count(up) == \(jobs.count)"] + MonitoringConfig.recorded(in: rules).map { "count(\($0))" } + extra
    var next = 0
    while Date() < deadline {
      let path = "/api/v1/query?query=" + (queries[next].addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")
      if LoopbackProbe.get(port: port, path)?.contains("\"result\":[{") == true {
        next += 1
        if next == queries.count { return }
        continue
      }
      usleep(50_000)
    }
    report("sandbox: prometheus has not seen every part of the pipeline yet (\(queries[next]) has no result)")
  }

  private func setProblem(_ p: Program, _ why: String) {
    problems.update { $0[p] = why }
    report("sandbox: \(p.rawValue) \(why)")
  }

  /// Takes the program out of the running ones; with `ifItIs`, only that
  /// child (a restart may have started another meanwhile).
  private func take(_ p: Program, ifItIs expected: ChildProgram? = nil) -> Running? {
    running.update { r in
      guard let current = r[p], expected.map({ $0 === current.child }) ?? true else { return nil }
      r[p] = nil
      return current
    }
  }

  private func end(_ r: Running, grace: Double) {
    r.child.stop(grace: grace)
    try? FileManager.default.removeItem(at: r.directory)
  }

  public func stop(_ p: Program) {
    if let r = take(p) { end(r, grace: 10) }
  }

  public func isRunning(_ p: Program) -> Bool { running.value[p] != nil }

  /// A restart is a new process with an empty database: the sandbox keeps
  /// no volume. Its port stays, so scrapes and Alertmanager find it again.
  public func restart(_ p: Program) {
    stop(p)
    if launch(p) { awaitReady(p, until: Date().addingTimeInterval(startBound), extra: []) }
  }

  /// Reports a program that died on its own, once, with its log's last lines.
  public func checkForCrashes() {
    for p in Program.allCases {
      guard let child = running.value[p]?.child, let status = child.exitStatus,
        let ended = take(p, ifItIs: child)
      else { continue }
      setProblem(p, "stopped unexpectedly (status \(status)); its last log lines: \(child.logTail(lines: 3))")
      end(ended, grace: 1)
    }
  }

  public func stopAll() {
    for p in Program.allCases { stop(p) }
  }
}
