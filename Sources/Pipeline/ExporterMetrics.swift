import Prometheus

/// What kafka-exporter (danielqsj/kafka-exporter, the pipeline's) exposes,
/// under its metric names and labels, computed from offsets read live from
/// the cluster: the recording rules and alerts then see what they see on the
/// stack. A partition the group never committed has no lag series (the
/// exporter cannot know one), rather than a made-up 0.
public enum ExporterMetrics {
  public struct Partition: Sendable, Equatable {
    public var topic: String
    public var partition: Int32
    public var oldest: Int64
    public var newest: Int64
    public init(topic: String, partition: Int32, oldest: Int64, newest: Int64) {
      (self.topic, self.partition, self.oldest, self.newest) = (topic, partition, oldest, newest)
    }
  }

  public struct Group: Sendable, Equatable {
    public var name: String
    /// Committed offsets by topic and partition; absent: never committed.
    public var committed: [String: [Int32: Int64]]
    /// Members as DescribeGroups says (on the mock cluster, which cannot
    /// describe groups, as the stand-ins know them); nil when the broker did
    /// not answer: no series, as kafka-exporter skips what it cannot read.
    public var members: Int?
    public init(name: String, committed: [String: [Int32: Int64]], members: Int?) {
      (self.name, self.committed, self.members) = (name, committed, members)
    }
  }

  public static func render(brokers: Int, partitions: [Partition], groups: [Group]) -> String {
    var out = ""
    func family(_ name: String, _ help: String, _ lines: [String]) {
      out += "# HELP \(name) \(help)\n# TYPE \(name) gauge\n"
      for l in lines { out += l + "\n" }
    }
    let sorted = partitions.sorted { ($0.topic, $0.partition) < ($1.topic, $1.partition) }
    family("kafka_brokers", "Number of Brokers in the Kafka Cluster.", ["kafka_brokers \(brokers)"])
    var counts: [String: Int] = [:]
    for p in sorted { counts[p.topic, default: 0] += 1 }
    family(
      "kafka_topic_partitions", "Number of partitions for this Topic",
      counts.keys.sorted().map { "kafka_topic_partitions{topic=\(quoteLabelText($0))} \(counts[$0] ?? 0)" })
    family(
      "kafka_topic_partition_current_offset", "Current Offset of a Broker at Topic/Partition",
      sorted.map { "kafka_topic_partition_current_offset{\(labels(p: $0))} \($0.newest)" })
    family(
      "kafka_topic_partition_oldest_offset", "Oldest Offset of a Broker at Topic/Partition",
      sorted.map { "kafka_topic_partition_oldest_offset{\(labels(p: $0))} \($0.oldest)" })
    var current: [String] = []
    var lag: [String] = []
    var lagSum: [String] = []
    for g in groups.sorted(by: { $0.name < $1.name }) {
      var sums: [String: Int64] = [:]
      for p in sorted {
        guard let offset = g.committed[p.topic]?[p.partition], offset >= 0 else { continue }
        let l = "consumergroup=\(quoteLabelText(g.name)),\(labels(p: p))"
        current.append("kafka_consumergroup_current_offset{\(l)} \(offset)")
        let behind = max(0, p.newest - offset)
        lag.append("kafka_consumergroup_lag{\(l)} \(behind)")
        sums[p.topic, default: 0] += behind
      }
      for t in sums.keys.sorted() {
        lagSum.append("kafka_consumergroup_lag_sum{consumergroup=\(quoteLabelText(g.name)),topic=\(quoteLabelText(t))} \(sums[t] ?? 0)")
      }
    }
    family("kafka_consumergroup_current_offset", "Current Offset of a ConsumerGroup at Topic/Partition", current)
    family("kafka_consumergroup_lag", "Current Approximate Lag of a ConsumerGroup at Topic/Partition", lag)
    family("kafka_consumergroup_lag_sum", "Current Approximate Lag of a ConsumerGroup at Topic for all partitions", lagSum)
    family(
      "kafka_consumergroup_members", "Amount of members in a consumer group",
      groups.sorted(by: { $0.name < $1.name }).compactMap { g in
        g.members.map { "kafka_consumergroup_members{consumergroup=\(quoteLabelText(g.name))} \($0)" }
      })
    return out
  }

  private static func labels(p: Partition) -> String { "partition=\"\(p.partition)\",topic=\(quoteLabelText(p.topic))" }
}
