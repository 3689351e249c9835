import CRdKafka
import Foundation

/// librdkafka's mock cluster, in-process: real Kafka protocol over loopback
/// TCP, so every Kafka command works on a machine with no broker. It lives as
/// long as this object.
/// `@unchecked Sendable`: only the set of down brokers changes (under a lock), and librdkafka
/// posts mock-cluster operations (a broker down or up) to the cluster's own
/// thread, so the control thread of `sandbox serve` may call them.
public final class SandboxCluster: @unchecked Sendable {
  let host: KafkaHandle
  let cluster: OpaquePointer
  public let bootstrapServers: String
  public let topics: [(name: String, partitions: Int32)]

  public static let defaultTopics: [(name: String, partitions: Int32)] = [
    ("aetherlink.events", 3), ("apexflow.leads.created", 3), ("apexflow.jobs.created", 3),
  ]

  public init(brokers: Int32 = 3, topics: [(name: String, partitions: Int32)] = SandboxCluster.defaultTopics)
    throws(KafkaError)
  {
    // The mock cluster runs on the threads of a handle of its own.
    host = try KafkaHandle(
      type: RD_KAFKA_PRODUCER, properties: [], defaults: [("client.id", "aetherctl-sandbox")], log: nil)
    guard let c = rd_kafka_mock_cluster_new(host.rk, brokers) else {
      throw KafkaError(.other, "sandbox: cannot start librdkafka's mock cluster")
    }
    cluster = c
    bootstrapServers = String(cString: rd_kafka_mock_cluster_bootstraps(c))
    let replication = min(brokers, 3)
    for t in topics {
      let err = rd_kafka_mock_topic_create(c, t.name, t.partitions, replication)
      if err != RD_KAFKA_RESP_ERR_NO_ERROR {
        rd_kafka_mock_cluster_destroy(c)
        throw host.error(err, "sandbox: create topic \(t.name)")
      }
    }
    self.topics = topics
    brokerCount = brokers
  }

  private let down = Locked<Set<Int32>>([])
  public let brokerCount: Int32

  /// Takes a broker down or up, for tests of failure handling.
  public func setBroker(_ id: Int32, up: Bool) {
    if up { _ = rd_kafka_mock_broker_set_up(cluster, id) } else { _ = rd_kafka_mock_broker_set_down(cluster, id) }
    down.update { up ? $0.subtract([id]) : $0.formUnion([id]) }
  }

  /// The brokers taken down, in order.
  public var brokersDown: [Int32] { down.value.sorted() }

  deinit { rd_kafka_mock_cluster_destroy(cluster) }
}
