import Clients
import Foundation

extension CommandFailure {
  /// Exit statuses for Kafka problems: unreachable is 3, bad properties 2, the rest 1.
  init(_ e: KafkaError) {
    switch e.kind {
    case .unreachable: self = .unreachable(e.message)
    case .invalidArgument: self = .usage(e.message)
    default: self = .failed(e.message)
    }
  }
}

/// Runs a Kafka call, turning its errors into command failures.
func kafkaCall<T>(_ body: () throws(KafkaError) -> T) throws -> T {
  do { return try body() } catch { throw CommandFailure(error) }
}

extension Session {
  /// librdkafka properties for this session: the profile's and -X's, with the
  /// brokers resolved by the usual precedence. A password file is read here,
  /// each time a client is made, so a rotated secret is picked up and an
  /// unreadable file fails only the commands that need Kafka.
  var kafkaProperties: [(key: String, value: String)] {
    get throws {
      if settings.brokers.source == .profile, let problem = BrokerAddress.problem(in: settings.brokers.value) {
        throw CommandFailure.usage("profile \(settings.profile.value): brokers: \(problem)")
      }
      var props = settings.kafka.filter { $0.key != "bootstrap.servers" }.map { (key: $0.key, value: $0.value) }
      if let file = settings.kafkaPasswordFile {
        let what = file.source == .flag ? "--password-file" : "kafka_password_file"
        props.append((key: "sasl.password", value: try readSecretFile(file.value, what: what)))
      }
      props.append((key: "bootstrap.servers", value: settings.brokers.value))
      return props
    }
  }

  var timeoutMs: Int { max(1, Int((settings.timeoutSeconds.value * 1000).rounded())) }

  var kafkaLog: (@Sendable (String) -> Void)? {
    guard flags.verbose else { return nil }
    return { line in Secrets.writeError("debug: " + line) }
  }

  /// The session's long-lived client; rebuilt only when the brokers or
  /// properties change (profile use).
  func kafka() throws -> KafkaClient {
    let properties = try kafkaProperties
    let key = properties.map { "\($0.key)=\($0.value)" }.joined(separator: "\u{1}")
    if let c = kafkaState.client, kafkaState.key == key {
      c.timeoutMs = timeoutMs
      // The cluster may have gone since the last command (a shell outlives
      // brokers): refused everywhere is said at once here too.
      if c.sawConnectionTrouble {
        try probeBootstrap()
        c.forgetConnectionTrouble()
      }
      return c
    }
    let c = try kafkaCall { () throws(KafkaError) in
      try KafkaClient(properties: properties, timeoutMs: timeoutMs, log: kafkaLog)
    }
    try probeBootstrap()
    kafkaState.client = c
    kafkaState.key = key
    return c
  }

  /// Before a new client's first request: every bootstrap broker refusing
  /// is exit 3 at once, not after the whole timeout.
  func probeBootstrap() throws {
    if let refusal = BootstrapProbe.refusal(bootstrap: settings.brokers.value, timeoutMs: timeoutMs) {
      throw CommandFailure.unreachable(refusal)
    }
  }

  /// Starts the in-process mock cluster and points the session at it.
  func startSandbox() throws {
    let cluster = try kafkaCall { () throws(KafkaError) in try SandboxCluster() }
    kafkaState.sandbox = cluster
    sandboxBootstrap = cluster.bootstrapServers
    settings.brokers = Sourced(cluster.bootstrapServers, .sandbox)
  }

  var sandbox: SandboxCluster? { kafkaState.sandbox }
}

/// Kafka objects a session keeps between commands.
final class KafkaState {
  var client: KafkaClient?
  var key = ""
  var sandbox: SandboxCluster?
  var producer: KafkaProducer?
  var producerKey = ""
}

extension Session {
  /// The session's producer, kept between commands like the client.
  func producer() throws -> KafkaProducer {
    let properties = try kafkaProperties
    let key = properties.map { "\($0.key)=\($0.value)" }.joined(separator: "\u{1}")
    if let p = kafkaState.producer, kafkaState.producerKey == key {
      p.resetCounters()
      return p
    }
    let p = try kafkaCall { () throws(KafkaError) in
      try KafkaProducer(properties: properties, timeoutMs: timeoutMs, log: kafkaLog)
    }
    try probeBootstrap()
    kafkaState.producer = p
    kafkaState.producerKey = key
    return p
  }
}
