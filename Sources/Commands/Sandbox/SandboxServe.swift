import Formats
import ArgumentParser
import Clients
import Config
import Foundation
import Host
import Output
import Pipeline
import Vocabulary

struct SandboxServe: AetherCommand, HasDisplayOptions {
  static let configuration = CommandConfiguration(
    commandName: "serve", abstract: "Run a mock cluster (or, with --pipeline, the whole pipeline) until stopped.",
    discussion: """
      The cluster's bootstrap address is the first line (with -o json, the one line is an object with every \
      address). With --pipeline it also serves, on 127.0.0.1: the consumer service crm-events (group \
      crm-events-sse, /healthz, /metrics, /crm-events), the sink (apexflow.* topics, /metrics), the \
      exporter (kafka-exporter's metrics from live offsets), and when installed Prometheus and \
      Alertmanager with the shipped rules; 'sandbox control' drives it. It ends on Ctrl-C, SIGTERM, and on \
      end of input when its stdin is a pipe: everything it started goes with it, never orphaned.
      """)

  @Option(help: "Partitions of each topic.")
  var partitions: Int32 = 3

  @Option(name: .customLong("topic"), help: "Topic to create (repeatable; default: the pipeline's topics).")
  var topics: [String] = []

  @Option(help: "Brokers in the mock cluster (default 3; noida-db runs one).")
  var brokers: Int32?

  @Flag(help: "Read control lines on stdin ('down ID|all', 'up ID|all'; with --pipeline also 'sandbox control' words).")
  var control = false

  @Flag(help: "Serve the whole pipeline: the stand-in services, the exporter, Prometheus and Alertmanager.")
  var pipeline = false

  @Option(
    name: .customLong("drill-speed"),
    help: "With --pipeline: run alerts' for: windows and intervals this many times faster (default: the setting, 1).")
  var drillSpeed: Double?

  @Option(help: "With --pipeline: the consumer's events/s per replica (default 2.7 × the drill speed).")
  var rate: Double?

  @Flag(help: "With --pipeline: start no Prometheus or Alertmanager.")
  var noMonitoring = false

  @OptionGroup var display: DisplayOptions

  static let controlVariable = "AETHER_SANDBOX_CONTROL"

  func validate() throws {
    guard (1...10_000).contains(partitions) else { throw ValidationError("--partitions must be 1–10000") }
    if let brokers, !(1...16).contains(brokers) { throw ValidationError("--brokers must be 1–16") }
    if let s = drillSpeed, !(s >= 1 && s <= 3600) { throw ValidationError("--drill-speed must be 1–3600") }
    if let r = rate, !(r > 0 && r <= 100_000) { throw ValidationError("--rate must be over 0 and at most 100000") }
    if !pipeline && (drillSpeed != nil || rate != nil || noMonitoring) {
      throw ValidationError("--drill-speed, --rate and --no-monitoring go with --pipeline")
    }
    if pipeline && !topics.isEmpty { throw ValidationError("--topic does not go with --pipeline (its topics are the pipeline's)") }
  }

  func execute(_ ctx: CommandContext) throws -> Report {
    // SIGTERM ends it like Ctrl-C (the session's handler stops the wait and
    // everything comes down); it is its normal end, so exit 0, not by the signal.
    defer { if Interrupts.terminationSignal == SIGTERM { Interrupts.forgetTermination() } }
    if pipeline { return try servePipeline(ctx) }
    let names = topics.isEmpty ? SandboxCluster.defaultTopics.map(\.name) : topics
    let cluster = try SandboxCluster(brokers: brokers ?? 3, topics: names.map { ($0, partitions) })
    ctx.out.write(cluster.bootstrapServers + "\n")
    ctx.out.flush()
    if control {
      startControl { line in Self.brokerControl(line, kafka: cluster, brokers: brokers ?? 3) }
    } else {
      endOnEndOfInput()
    }
    waitUntilStopped(ctx)
    withExtendedLifetime(cluster) {}
    return .empty
  }

  private func servePipeline(_ ctx: CommandContext) throws -> Report {
    var options = PipelineSandbox.Options()
    options.brokers = brokers ?? 3
    options.partitions = partitions
    options.speed = DrillSpeed(drillSpeed ?? ctx.settings.drillSpeed.value)
    options.rate = rate
    options.monitoring = !noMonitoring
    if let brokers, brokers != 1, ctx.settings.sandboxBroker.value == .auto {
      // More brokers than noida-db's one: only the mock can serve what was asked.
      Secrets.writeError("sandbox: Kafka on librdkafka's in-process mock cluster: --brokers \(brokers) asks for more than noida-db's one broker")
      options.noida = false
    } else {
      options.noida = try pipelineOnNoida(ctx.settings.sandboxBroker.value, say: { Secrets.writeError($0) })
      if options.noida, let brokers, brokers != 1 {
        throw CommandFailure.usage("--brokers \(brokers): noida-db runs one broker (--sandbox-broker mock for a mock cluster of \(brokers))")
      }
    }
    let p = try PipelineSandbox(options) { Secrets.writeError($0) }
    defer { p.stop() }
    let brokerCount = options.brokers
    let controlServer = try HTTPServer(port: 0) { request in Self.answer(request, p) }
    defer { controlServer.stop() }
    let controlURL = "http://127.0.0.1:\(controlServer.port)"
    // Programs started from here (a quick fix running `aetherctl sandbox control`) find it.
    setenv(Self.controlVariable, controlURL, 1)
    let state = Self.stateFile(ctx)
    let summary = Self.summary(p, control: controlURL)
    if let state {
      try? FileManager.default.createDirectory(
        atPath: (state as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
      try? Data(summary.serialized().utf8).write(to: URL(fileURLWithPath: state))
    }
    defer { if let state { Self.removeIfOurs(state, control: controlURL) } }
    if ctx.format == .json {
      ctx.out.write(summary.serialized() + "\n")
    } else {
      ctx.out.write(p.kafka.bootstrapServers + "\n")
      let rows = p.parts.map { "  \($0.name.padding(toLength: 16, withPad: " ", startingAt: 0)) \($0.url ?? "—")  \($0.state)" }
      ctx.out.write(rows.joined(separator: "\n") + "\n")
      ctx.out.write("  control          \(controlURL)  (sandbox control …; drill speed \(p.speed.text))\n")
    }
    ctx.out.flush()
    if control {
      startControl { line in
        if let answer = Self.brokerControl(line, kafka: p.kafka, brokers: brokerCount, quietly: true) { return answer }
        let words = line.split(separator: " ").map(String.init)
        switch ControlAction.parse(words).flatMap({ p.control($0) }) {
        case .success(let text): return "ok \(text)"
        case .failure(let e): return "error: \(e.description)"
        }
      }
    } else {
      endOnEndOfInput()
    }
    waitUntilStopped(ctx)
    return .empty
  }

  private static func answer(_ request: HTTPServer.Request, _ p: PipelineSandbox) -> HTTPServer.Response {
    if request.path == "/" {
      return .body(status: 200, contentType: "application/json", text: summary(p, control: nil).serialized() + "\n")
    }
    guard request.path.hasPrefix("/control/") else { return .text("no such path: \(request.path)\n", status: 404) }
    let words = request.path.dropFirst("/control/".count).split(separator: "/").map {
      String($0).removingPercentEncoding ?? String($0)
    }
    switch ControlAction.parse(words).flatMap({ p.control($0) }) {
    case .success(let text): return .text(text + "\n")
    case .failure(let e): return .text(e.description + "\n", status: 400)
    }
  }

  static func summary(_ p: PipelineSandbox, control: String?) -> JSON {
    var fields: [(String, JSON)] = [
      ("bootstrap", .string(p.kafka.bootstrapServers)), ("broker", .string(p.kafka.brokerName)),
      ("drillSpeed", .double(p.speed.factor)),
      ("parts", SandboxParts.json(p.parts)),
    ]
    if let control {
      fields.append(("control", .string(control)))
      fields.append(("pid", .int(Int64(getpid()))))
      fields.append(("startedAt", .double(Date().timeIntervalSince1970)))
    }
    for part in p.parts { if let url = part.url { fields.append((part.name, .string(url))) } }
    return .object(fields)
  }

  /// Where each served pipeline says it is, for `sandbox control` in other
  /// shells: one file per serving process, so two sandboxes never overwrite
  /// each other's, and one that ended is told from one that serves.
  static func stateDirectory(_ ctx: CommandContext) -> String? {
    ctx.appDirectory(.state).map { $0 + "/sandboxes" }
  }

  static func stateFile(_ ctx: CommandContext) -> String? {
    stateDirectory(ctx).map { $0 + "/\(getpid()).json" }
  }

  /// The control URL of the live served sandbox; with several, the newest,
  /// and `note` says which and how to pick another. Files of sandboxes that
  /// ended (their process gone) are removed on the way.
  static func servedControl(_ ctx: CommandContext) -> (url: String, note: String?)? {
    guard let dir = stateDirectory(ctx), let names = try? FileManager.default.contentsOfDirectory(atPath: dir) else {
      return nil
    }
    var live: [(url: String, pid: Int32, started: Double)] = []
    for name in names where name.hasSuffix(".json") {
      let path = dir + "/" + name
      guard let data = try? FileContents.read(path, limit: 1 << 20),
        let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
        let url = object["control"] as? String, let pid = (object["pid"] as? NSNumber)?.int32Value
      else { continue }
      // Gone, another user's process (the directory is ours: EPERM means the pid
      // was reused), or a reused pid whose control port no longer answers: stale.
      let port = URLComponents(string: url)?.port
      guard kill(pid, 0) == 0, let port, LoopbackProbe.accepts(port: port) else {
        try? FileManager.default.removeItem(atPath: path)
        continue
      }
      live.append((url, pid, (object["startedAt"] as? NSNumber)?.doubleValue ?? 0))
    }
    guard let newest = live.max(by: { $0.started < $1.started }) else { return nil }
    let note =
      live.count > 1
      ? "\(live.count) sandboxes are served (pids \(live.map { String($0.pid) }.sorted().joined(separator: ", "))); "
        + "using the newest, pid \(newest.pid) at \(newest.url); give --url for another"
      : nil
    return (newest.url, note)
  }

  /// Another serve may have taken the file since: only ours is removed.
  private static func removeIfOurs(_ path: String, control: String) {
    guard let data = FileManager.default.contents(atPath: path),
      let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
      object["control"] as? String == control
    else { return }
    try? FileManager.default.removeItem(atPath: path)
  }

  /// A down broker drops its connections and refuses new ones but keeps its
  /// log, unlike killing the process: the drill can then check what was
  /// reported delivered against what the log holds. nil: not a broker line.
  private static func brokerControl(_ line: String, kafka: any SandboxKafka, brokers count: Int32, quietly: Bool = false)
    -> String?
  {
    let words = line.split(separator: " ").map(String.init)
    guard let cluster = kafka as? SandboxCluster else {
      if words.count == 2, words[0] == "down" || words[0] == "up" {
        return "error: '\(line)': brokers go down and up on librdkafka's mock cluster only; this sandbox runs \(kafka.brokerName)"
      }
      return quietly ? nil : "error: '\(line)'"
    }
    if words.count == 2, words[0] == "down" || words[0] == "up",
      let ids = words[1] == "all" ? Array(1...count) : Int32(words[1]).map({ [$0] }),
      ids.allSatisfy({ (1...count).contains($0) })
    {
      for id in ids { cluster.setBroker(id, up: words[0] == "up") }
      return "ok \(line)"
    }
    if quietly { return nil }
    return "error: expected 'down ID', 'up ID' (1–\(count)) or 'down all'/'up all', got '\(line)'"
  }

  /// Each line is answered with one line, so a driving test knows when the
  /// change took effect; the end of input ends the sandbox.
  private func startControl(_ handle: @escaping @Sendable (String) -> String?) {
    let thread = Thread {
      while let line = readLine() {
        let answer = handle(line) ?? "error: '\(line)'"
        FileHandle.standardOutput.write(Data((answer + "\n").utf8))
      }
      // The driver is gone: so is the sandbox.
      raise(SIGINT)
    }
    thread.start()
  }

  private func endOnEndOfInput() {
    guard Self.stdinIsAPipe else { return }
    let thread = Thread {
      while readLine() != nil {}
      raise(SIGINT)
    }
    thread.start()
  }

  private func waitUntilStopped(_ ctx: CommandContext) {
    // Short naps: the stop may be raised on another thread (end of input, a
    // SIGTERM handled there), which would not wake a long sleep on this one.
    while !ctx.isInterrupted { _ = ctx.interruption.sleep(seconds: 0.2) }
    // SIGTERM is this server's normal end: its teardown (Prometheus, the
    // broker) may take longer than the grace a stopped command gets.
    if Interrupts.terminationSignal == SIGTERM { Interrupts.forgetTermination() }
  }

  /// A pipe or socket on stdin means a parent process holds the other end;
  /// its end of file means that parent is gone. (A terminal or /dev/null does not.)
  static var stdinIsAPipe: Bool {
    var st = stat()
    guard fstat(STDIN_FILENO, &st) == 0 else { return false }
    let type = st.st_mode & S_IFMT
    return type == S_IFIFO || type == S_IFSOCK
  }
}
