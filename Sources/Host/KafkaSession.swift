import Capacity
import Clients
import Config
import Formats
import Output
import Pipeline
import Prometheus
import ScriptLanguage

extension Session {
  /// librdkafka properties for this session: the profile's and -X's, with the
  /// brokers resolved by the usual precedence. A password file is read here,
  /// each time a client is made, so a rotated secret is picked up and an
  /// unreadable file fails only the commands that need Kafka.
  package var kafkaProperties: [(key: String, value: String)] {
    get throws {
      if settings.brokers.source == .profile, let problem = BrokerAddress.problem(in: settings.brokers.value) {
        throw CommandFailure.usage("profile \(settings.profile.value): brokers: \(problem)")
      }
      var props = settings.kafka.filter { $0.key != "bootstrap.servers" }.map { (key: $0.key, value: $0.value) }
      if let file = settings.kafkaPasswordFile {
        let what = SettingsTable.kafkaPasswordFile.writtenName(from: file.source)
        props.append((key: "sasl.password", value: try readSecretFile(file.value, what: what)))
      }
      props.append((key: "bootstrap.servers", value: settings.brokers.value))
      if settings.verbose.value > 1, !props.contains(where: { $0.key == "debug" }) {
        props.append((key: "debug", value: Self.debugContexts))
      }
      return props
    }
  }

  /// What `-vv` asks librdkafka to log: connections, requests and
  /// answers, groups and fetches; not `msg`, a line per message.
  static let debugContexts = "broker,topic,metadata,protocol,cgrp,consumer,fetch,admin,eos"

  var kafkaLog: (@Sendable (String) -> Void)? {
    guard settings.verbose.value > 0 else { return nil }
    return { line in Secrets.writeError("debug: " + line) }
  }

  /// The session's long-lived client, rebuilt when anything that configured
  /// it changes (brokers, properties, deadlines, logging).
  func kafka() throws -> KafkaClient {
    try clients.kafka.reuse(key: try clientKey()) { c in
      // The cluster may have gone since the last command (a shell outlives
      // brokers): refused everywhere is said at once here too.
      if c.sawConnectionTrouble {
        try probeBootstrap()
        c.forgetConnectionTrouble()
      }
    } make: { key in
      let c = try KafkaClient(properties: key.properties, deadlines: key.deadlines, runDeadline: runDeadline, log: kafkaLog)
      try probeBootstrap()
      return c
    }
  }

  /// The session's producer, kept between commands like the client.
  /// `lasting`: a paced or unbounded produce, whose messages may wait out a
  /// broker's restart: librdkafka's own bound on a message (its default,
  /// 5 minutes) unless the properties set one, not three --timeouts.
  func producer(lasting: Bool = false) throws -> KafkaProducer {
    var key = try clientKey()
    if lasting, !key.properties.contains(where: { $0.key == "message.timeout.ms" || $0.key == "delivery.timeout.ms" }) {
      key.properties.append((key: "message.timeout.ms", value: String(Self.lastingMessageMs)))
    }
    return try clients.producer.reuse(key: key) { p in
      p.resetCounters()
    } make: { key in
      let p = try KafkaProducer(properties: key.properties, deadlines: key.deadlines, log: kafkaLog)
      try probeBootstrap()
      return p
    }
  }

  /// The session's reader of single messages (time lag), kept like the client.
  func logPeek() throws -> LogPeek {
    try clients.peek.reuse(key: try clientKey()) { _ in } make: { key in
      try LogPeek(properties: key.properties, deadlines: key.deadlines, runDeadline: runDeadline, log: kafkaLog)
    }
  }

  /// A reader of whole ranges (`topic describe`'s count), made for one command.
  func messageCounter() throws -> LogPeek {
    let key = try clientKey()
    return try LogPeek(properties: key.properties, deadlines: key.deadlines, runDeadline: runDeadline, bulk: true, log: kafkaLog)
  }

  public static let lastingMessageMs = 300_000

  private func clientKey() throws -> ClientKey {
    ClientKey(properties: try kafkaProperties, deadlines: deadlines, logs: kafkaLog != nil)
  }

  /// Before a new client's first request: every bootstrap broker refusing
  /// is exit 3 at once, not after the whole timeout.
  func probeBootstrap() throws {
    if let refusal = BootstrapProbe.refusal(bootstrap: settings.brokers.value, deadlines: deadlines) {
      throw CommandFailure.unreachable(refusal)
    }
  }

  /// Starts the in-process mock cluster, or the whole pipeline, and points
  /// the session at it. What the pipeline could not start (Prometheus not
  /// installed) it says on stderr; the session then keeps that setting.
  public func startSandbox() throws {
    if settings.sandbox.value == .pipeline {
      var options = PipelineSandbox.Options()
      options.speed = DrillSpeed(settings.drillSpeed.value)
      options.noida = try pipelineOnNoida(settings.sandboxBroker.value, say: { Secrets.writeError($0) })
      let pipeline = try PipelineSandbox(options) { Secrets.writeError($0) }
      clients.pipeline = pipeline
      clients.sandbox = pipeline.kafka
      sandboxSettings = Self.settings(of: pipeline)
    } else {
      let cluster = try SandboxCluster()
      clients.sandbox = cluster
      sandboxSettings = [(SettingsTable.brokers, cluster.bootstrapServers)]
    }
    apply(settings)
  }

  /// The settings a pipeline's parts answer for. Prometheus and
  /// Alertmanager keep their sandbox address even when they could not start
  /// (it refuses, and the start said why): a sandbox session must never
  /// query the profile's real server instead.
  static func settings(of p: PipelineSandbox) -> [(row: SettingRow<String>, value: String)] {
    let rows: [(SettingRow<String>, String)] = [
      (SettingsTable.brokers, "kafka"), (SettingsTable.service, "crm-events"), (SettingsTable.sink, "crm-events-sink"),
      (SettingsTable.exporter, "kafka-exporter"),
    ]
    var out = rows.compactMap { row, part in p.url(of: part).map { (row: row, value: $0) } }
    if let m = p.monitoring {
      out.append((SettingsTable.prometheus, m.url(.prometheus)))
      out.append((SettingsTable.alertmanager, m.url(.alertmanager)))
    }
    return out
  }

  package var sandbox: (any SandboxKafka)? { clients.sandbox }
  package var pipeline: PipelineSandbox? { clients.pipeline }

  /// Ends the pipeline's processes before the session goes (an exit skips deinit).
  public func stopSandbox() { clients.pipeline?.stop() }
}

/// Whether a pipeline sandbox runs on noida-db; says which broker and why in
/// one line. `noida` when it is not installed is a failure (exit 1).
package func pipelineOnNoida(_ wanted: SandboxBroker, say: (String) -> Void) throws -> Bool {
  switch wanted.choose(noidaInstalled: NoidaBroker.installedPath != nil) {
  case .success(let choice):
    say("sandbox: " + choice.why)
    return choice.noida
  case .failure(let problem):
    throw CommandFailure.failed(problem.message)
  }
}
