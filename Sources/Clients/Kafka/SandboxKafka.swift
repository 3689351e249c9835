/// The Kafka a sandbox serves: librdkafka's mock cluster in this process, or
/// a noida-db broker process. What the session, `sandbox` and the pipeline
/// need of either.
public protocol SandboxKafka: AnyObject, Sendable {
  var bootstrapServers: String { get }
  var topics: [(name: String, partitions: Int32)] { get }
  /// Which broker, as one line says it: "librdkafka's mock cluster", "noida-db".
  var brokerName: String { get }
  /// "up: …", or what is down.
  var state: String { get }
}

extension SandboxCluster: SandboxKafka {
  public var brokerName: String { "librdkafka's mock cluster" }

  public var state: String {
    let down = brokersDown
    if down.isEmpty { return "up: \(brokerCount) brokers" }
    return "broker\(down.count == 1 ? "" : "s") \(down.map(String.init).joined(separator: ", ")) of \(brokerCount) down"
  }
}

extension NoidaBroker: SandboxKafka {
  public var brokerName: String { "noida-db" }
}
