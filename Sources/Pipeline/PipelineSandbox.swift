import Clients
import Formats
import Foundation
import Vocabulary

/// The whole pipeline on loopback, for drills: a Kafka (a noida-db broker
/// process, or librdkafka's mock cluster in this process) with the pipeline's topics, the consumer service, the sink, the exporter, and the
/// real Prometheus and Alertmanager scraping and alerting on them with the
/// shipped rules. It ends with this object; everything it started ends too.
public final class PipelineSandbox: Sendable {
  public struct Options: Sendable {
    public var brokers: Int32 = 3
    public var partitions: Int32 = 3
    public var speed = DrillSpeed(1)
    /// Events/s per consumer replica; nil: the drill's measured 2.7, times the speed.
    public var rate: Double?
    public var replicas = 1
    public var monitoring = true
    /// A noida-db broker process instead of the in-process mock: real group
    /// membership, so the replicas are members DescribeGroups reports.
    public var noida = false
    public init() {}
  }

  /// The drill's measured consumer rate (seed 000: 600 events in 3-5 minutes).
  public static let measuredRate = 2.7

  /// The rules file operators deploy (deploy/prometheus/aetherlink-rules.yml), compiled in.
  public static let shippedRules = String(decoding: PackageResources.aetherlink_rules_yml, as: UTF8.self)

  public let kafka: any SandboxKafka
  public let service: ConsumerService
  public let sink: SinkService
  public let exporter: Exporter
  public let monitoring: Monitoring?
  public let speed: DrillSpeed
  private let report: @Sendable (String) -> Void
  /// Every part's recent lines, with timestamps (`sandbox control container NAME logs`).
  public let log: SandboxLog
  private let watching = Locked(true)
  private let watchDone = DispatchSemaphore(value: 0)

  public init(_ options: Options, report: @escaping @Sendable (String) -> Void) throws {
    speed = options.speed
    let log = SandboxLog(problems: report)
    self.log = log
    // What the sandbox itself says goes to the session's stderr with a timestamp, as the parts' lines do.
    let report: @Sendable (String) -> Void = { line in
      log.problem("sandbox", line.hasPrefix("sandbox: ") ? String(line.dropFirst(9)) : line, label: "sandbox")
    }
    self.report = report
    let topics: [(name: String, partitions: Int32)] = SandboxCluster.defaultTopics.map { ($0.name, options.partitions) }
    let brokers: Int32
    if options.noida {
      kafka = try NoidaBroker(topics: topics)
      brokers = 1
    } else {
      kafka = try SandboxCluster(brokers: options.brokers, topics: topics)
      brokers = options.brokers
    }
    let bootstrap = kafka.bootstrapServers
    try Self.commitTheStart(bootstrap: bootstrap, topics: topics)
    service = try ConsumerService(
      bootstrap: bootstrap, topic: "aetherlink.events", rate: options.rate ?? Self.measuredRate * options.speed.factor,
      replicas: options.replicas, report: { log.problem("crm-events", $0) })
    service.note = { log.note("crm-events", $0) }
    log.note("crm-events", "started: \(options.replicas) replica(s) in group \(ConsumerService.group), serving on :\(service.port)")
    let sink = try SinkService(bootstrap: bootstrap, report: { log.problem("crm-events-sink", $0) })
    self.sink = sink
    let service = self.service
    exporter = try Exporter(
      bootstrap: bootstrap, brokers: Int(brokers), topics: topics.map(\.name),
      groups: [
        .init(name: ConsumerService.group, topics: ["aetherlink.events"]) { service.members },
        .init(name: SinkService.group, topics: SinkService.topics) { sink.members },
      ])
    var monitoring: Monitoring?
    if options.monitoring {
      let jobs = [
        MonitoringConfig.Job("crm-events", "127.0.0.1:\(service.port)"),
        MonitoringConfig.Job("crm-events-sink", "127.0.0.1:\(sink.port)"),
        MonitoringConfig.Job("kafka-exporter", "127.0.0.1:\(exporter.port)"),
      ]
      monitoring = try Monitoring(
        jobs: jobs, rules: Self.shippedRules, speed: options.speed,
        report: { line in
          let text = line.hasPrefix("sandbox: ") ? String(line.dropFirst(9)) : line
          let part = text.hasPrefix("alertmanager") ? "alertmanager" : text.hasPrefix("prometheus") ? "prometheus" : "sandbox"
          log.problem(part, text, label: "sandbox")
        })
    }
    // The sink joins its group (a few seconds on the mock) while Prometheus
    // and Alertmanager start; the first answers must show what it ingested.
    let started = DispatchSemaphore(value: 0)
    let launcher = Thread { [monitoring] in
      monitoring?.start(ready: ["sum(crm_events_ingested_total) == \(Self.seed.count)"])
      started.signal()
    }
    launcher.start()
    do {
      try Self.seedTraffic(bootstrap: bootstrap)
    } catch {
      started.wait()
      monitoring?.stopAll()
      throw error
    }
    let seeded = Date().addingTimeInterval(30)
    while sink.ingestedTotal < Self.seed.count && Date() < seeded { Thread.sleep(forTimeInterval: 0.05) }
    if sink.ingestedTotal < Self.seed.count {
      report("sandbox: crm-events-sink has not ingested the seed's test traffic within 30s")
    }
    started.wait()
    if options.noida { Self.waitForMembers(bootstrap: bootstrap, replicas: options.replicas, report: report) }
    self.monitoring = monitoring
    let thread = Thread { [weak self] in self?.watch() }
    thread.name = "sandbox-watch"
    thread.start()
  }

  deinit { stop() }

  /// The seed's test traffic (seed 004, "Generate Test Traffic": 5 leads and
  /// 2 jobs for tenant acme), already through the gateway when the sandbox
  /// starts, so the sink's counter and its panels' queries have data.
  static let seed: [(topic: String, value: String)] =
    (1...5).map { ("apexflow.leads.created", #"{"type":"lead.created","tenant_id":"acme","seq":\#($0)}"#) }
    + (1...2).map { ("apexflow.jobs.created", #"{"type":"job.created","tenant_id":"acme","seq":\#($0)}"#) }

  static func seedTraffic(bootstrap: String) throws {
    let producer = try KafkaProducer(properties: [("bootstrap.servers", bootstrap)], deadlines: Deadlines(seconds: 10))
    for (topic, value) in seed {
      let bytes = Array(value.utf8)
      try bytes.withUnsafeBytes { raw in
        _ = try producer.send(topic: topic, partition: nil, key: nil, value: raw)
      }
    }
    guard producer.flush(timeoutMs: 10_000), producer.stats.delivered == Int64(seed.count) else {
      throw ControlError("sandbox: the seed's test traffic was not delivered: \(producer.stats.firstError ?? "timeout")")
    }
  }

  /// The pipeline's groups have consumed for months on the stack: each has a
  /// commit on every partition, so kafka-exporter reports a lag for each (0
  /// here) from the first scrape, and a backlog shows up as lag at once.
  /// Without it a partition nobody committed has no lag series at all.
  static func commitTheStart(bootstrap: String, topics: [(name: String, partitions: Int32)]) throws {
    let client = try KafkaClient(properties: [("bootstrap.servers", bootstrap)], deadlines: Deadlines(seconds: 10))
    let groups = [(ConsumerService.group, ["aetherlink.events"]), (SinkService.group, SinkService.topics)]
    for (group, names) in groups {
      var start: [TopicPartition: Int64] = [:]
      for t in topics where names.contains(t.name) {
        for p in 0..<t.partitions { start[TopicPartition(t.name, p)] = 0 }
      }
      try client.commitOffsets(group: group, start)
    }
  }

  /// On a real broker the first command sees the groups as they run: the
  /// consumer service's replicas and the sink Stable, their partitions
  /// assigned (a join and its rebalance take a moment). Bounded; a group that
  /// does not settle is said, not waited for.
  static func waitForMembers(bootstrap: String, replicas: Int, report: (String) -> Void) {
    guard let client = try? KafkaClient(properties: [("bootstrap.servers", bootstrap)], deadlines: Deadlines(seconds: 2))
    else { return }
    let wanted = [(ConsumerService.group, replicas), (SinkService.group, 1)]
    let deadline = Date().addingTimeInterval(15)
    for (group, count) in wanted {
      var settled = false
      while !settled && Date() < deadline {
        // Stable comes after SyncGroup: the assignment has been handed out.
        if let d = try? client.describeGroup(group), d.state == "Stable", d.members.count == count {
          settled = true
        } else {
          Thread.sleep(forTimeInterval: 0.05)
        }
      }
      if !settled { report("sandbox: group \(group) has not settled with \(count) member(s) within 15s") }
    }
  }

  /// Reports a program that died on its own while the sandbox runs.
  private func watch() {
    defer { watchDone.signal() }
    var brokerReported = false
    while watching.value {
      monitoring?.checkForCrashes()
      if !brokerReported, let broker = kafka as? NoidaBroker, broker.exitStatus != nil {
        brokerReported = true
        report("sandbox: kafka: \(broker.state)")
      }
      Thread.sleep(forTimeInterval: 0.5)
    }
  }

  /// Stops everything it started; the broker last, once the members have
  /// left (the mock cluster goes with the object).
  public func stop() {
    let first = watching.update { w in
      defer { w = false }
      return w
    }
    guard first else { return }
    watchDone.wait()
    monitoring?.stopAll()
    service.shutdown()
    try? sink.setUp(false)
    try? exporter.setUp(false)
    (kafka as? NoidaBroker)?.stop()
  }

  // MARK: What it serves

  public struct Part: Sendable, Equatable {
    public var name: String
    public var url: String?
    public var state: String
  }

  /// Every part, its address and its state now, in the order operators look at them.
  public var parts: [Part] {
    var out = [
      Part(name: "kafka", url: kafka.bootstrapServers, state: kafka.state),
      Part(
        name: "crm-events", url: "http://127.0.0.1:\(service.port)",
        state: !service.isUp
          ? "down"
          : service.consumerRunning
            ? "up: \(service.replicas) replica\(service.replicas == 1 ? "" : "s") at \(formatNumber(service.rate))/s each"
            : "up, consumer stopped"),
      Part(name: "crm-events-sink", url: "http://127.0.0.1:\(sink.port)", state: sink.isUp ? "up" : "down"),
      Part(name: "kafka-exporter", url: "http://127.0.0.1:\(exporter.port)", state: exporter.isUp ? "up" : "down"),
    ]
    for p in Monitoring.Program.allCases {
      guard let m = monitoring else {
        out.append(Part(name: p.rawValue, url: nil, state: "not started (--no-monitoring)"))
        continue
      }
      let s = m.state(p)
      if let problem = s.problem {
        out.append(Part(name: p.rawValue, url: nil, state: problem))
      } else {
        out.append(Part(name: p.rawValue, url: m.url(p), state: m.isRunning(p) ? "up" : "stopped"))
      }
    }
    return out
  }

  public func url(of name: String) -> String? { parts.first { $0.name == name }?.url }

  // MARK: Control

  /// Carries out one control action; the answer is one line.
  public func control(_ action: ControlAction) -> Result<String, ControlError> {
    let answer = carryOut(action)
    // What was done to a part is in its log, as a container's restarts are in docker's events.
    if case .success(let text) = answer {
      switch action {
      case .status, .logs: break
      case .consumer, .rate, .replicas, .scale: log.note("crm-events", "control: \(text)")
      case .part(let p, _), .restart(let p): log.note(name(p), "control: \(text)")
      }
    }
    return answer
  }

  private func carryOut(_ action: ControlAction) -> Result<String, ControlError> {
    do {
      switch action {
      case .status:
        return .success(parts.map { "\($0.name) \($0.state)" }.joined(separator: "; "))
      case .consumer(let running):
        guard service.isUp else { return .failure(ControlError("crm-events is down: 'service up' first")) }
        service.setConsumer(running: running)
        return .success(running ? "consumer started (group \(ConsumerService.group))" : "consumer stopped: it left group \(ConsumerService.group); the service still answers")
      case .rate(let r):
        service.setRate(r)
        return .success("consumer rate \(formatNumber(r)) events/s per replica")
      case .replicas(let n):
        service.setReplicas(n)
        return .success("crm-events has \(n) replica\(n == 1 ? "" : "s") (consumer \(service.consumerRunning ? "running" : "stopped"))")
      case .scale(_, let n):
        // `docker compose up --scale`: the replicas run afterwards.
        guard service.isUp else { return .failure(ControlError("crm-events is down: 'service up' first")) }
        service.setReplicas(n)
        service.setConsumer(running: true)
        return .success("crm-events scaled to \(n) replica\(n == 1 ? "" : "s")")
      case .part(let part, let up):
        try set(part, up: up)
        return .success("\(name(part)) \(up ? "up" : "down")")
      case .restart(let part):
        try set(part, up: false)
        try set(part, up: true)
        return .success("\(name(part)) restarted")
      case .logs(let asked, let count):
        guard let part = ControlAction.names[asked] else {
          return .success("\(asked): no log lines: the sandbox does not run it (it runs \(ControlAction.Part.allCases.map(name).joined(separator: ", ")))")
        }
        let lines = log.recent(name(part), count: count)
        if lines.isEmpty { return .success("\(name(part)): no log lines yet") }
        return .success(lines.joined(separator: "\n"))
      }
    } catch let e as ControlError {
      return .failure(e)
    } catch {
      return .failure(ControlError("\(error)"))
    }
  }

  private func name(_ part: ControlAction.Part) -> String {
    switch part {
    case .service: "crm-events"
    case .sink: "crm-events-sink"
    case .exporter: "kafka-exporter"
    case .prometheus: "prometheus"
    case .alertmanager: "alertmanager"
    }
  }

  private func set(_ part: ControlAction.Part, up: Bool) throws {
    switch part {
    case .service: try service.setUp(up)
    case .sink: try sink.setUp(up)
    case .exporter: try exporter.setUp(up)
    case .prometheus, .alertmanager:
      guard let m = monitoring else { throw ControlError("this sandbox runs no \(name(part))") }
      let p: Monitoring.Program = part == .prometheus ? .prometheus : .alertmanager
      if let problem = m.state(p).problem, !m.isRunning(p), problem.hasPrefix("not installed") {
        throw ControlError("\(name(part)) is \(problem)")
      }
      if up {
        if !m.isRunning(p) { m.restart(p) }
      } else {
        m.stop(p)
      }
    }
  }
}
