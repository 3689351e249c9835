import Testing

@testable import Pipeline

@Suite struct ExporterMetricsTests {
  @Test func lagIsLogEndMinusCommitPerPartitionAndUncommittedHasNone() {
    let text = ExporterMetrics.render(
      brokers: 3,
      partitions: [
        .init(topic: "aetherlink.events", partition: 1, oldest: 0, newest: 200),
        .init(topic: "aetherlink.events", partition: 0, oldest: 0, newest: 210),
        .init(topic: "aetherlink.events", partition: 2, oldest: 5, newest: 190),
      ],
      groups: [
        .init(name: "crm-events-sse", committed: ["aetherlink.events": [0: 10, 1: 200]], members: 2)
      ])
    let lines = text.split(separator: "\n").map(String.init)
    #expect(lines.contains("kafka_brokers 3"))
    #expect(lines.contains("kafka_topic_partitions{topic=\"aetherlink.events\"} 3"))
    #expect(lines.contains("kafka_topic_partition_current_offset{partition=\"2\",topic=\"aetherlink.events\"} 190"))
    #expect(lines.contains("kafka_topic_partition_oldest_offset{partition=\"2\",topic=\"aetherlink.events\"} 5"))
    #expect(
      lines.contains("kafka_consumergroup_lag{consumergroup=\"crm-events-sse\",partition=\"0\",topic=\"aetherlink.events\"} 200"))
    #expect(
      lines.contains("kafka_consumergroup_lag{consumergroup=\"crm-events-sse\",partition=\"1\",topic=\"aetherlink.events\"} 0"))
    #expect(
      lines.contains(
        "kafka_consumergroup_current_offset{consumergroup=\"crm-events-sse\",partition=\"0\",topic=\"aetherlink.events\"} 10"))
    // Never committed: no lag series, rather than a made-up number.
    #expect(!text.contains("kafka_consumergroup_lag{consumergroup=\"crm-events-sse\",partition=\"2\""))
    #expect(lines.filter { $0.hasPrefix("kafka_consumergroup_lag{") }.count == 2)
    #expect(lines.contains("kafka_consumergroup_lag_sum{consumergroup=\"crm-events-sse\",topic=\"aetherlink.events\"} 200"))
    #expect(lines.contains("kafka_consumergroup_members{consumergroup=\"crm-events-sse\"} 2"))
    // Every family is typed once, as the exposition format wants.
    #expect(lines.filter { $0 == "# TYPE kafka_consumergroup_lag gauge" }.count == 1)
  }
}
