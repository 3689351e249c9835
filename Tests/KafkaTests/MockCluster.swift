import CRdKafka
import Clients
import Foundation
import Testing

@testable import Commands
@testable import Config
@testable import Host
import ScriptLanguage
import Vocabulary

/// A fresh mock cluster per test and a session pointed at it.
final class Fixture {
  let cluster: SandboxCluster
  let session: Session

  init(
    topics: [(name: String, partitions: Int32)] = SandboxCluster.defaultTopics, config: ConfigFile = ConfigFile(),
    kafkaProperties: [String] = []
  ) throws {
    cluster = try SandboxCluster(topics: topics)
    var flags = GlobalFlags()
    flags.give(SettingsTable.brokers, cluster.bootstrapServers)
    for p in kafkaProperties { flags.give(SettingsTable.kafkaProperties, p) }
    flags.give(SettingsTable.timeoutSeconds, "5s")
    session = try Session(flags: flags, environment: [:], config: config)
  }

  @discardableResult
  func run(_ argv: [String], format: OutputFormat = .plain) -> CommandOutcome {
    session.execute(argv, capture: true, format: format)
  }

  func json(_ argv: [String]) throws -> [String: Any] {
    let o = run(argv, format: .json)
    #expect(o.status == 0, "\(argv): \(o.error ?? "")")
    return try #require(try JSONSerialization.jsonObject(with: Data(o.output.utf8)) as? [String: Any])
  }

  func jsonLines(_ argv: [String]) throws -> [[String: Any]] {
    let o = run(argv, format: .json)
    #expect(o.status == 0, "\(argv): \(o.error ?? "")")
    return try o.output.split(separator: "\n").map {
      try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
    }
  }
}

/// The raw librdkafka API, independent of aetherctl's client, for cross-checks.
final class RawConsumer {
  let rk: OpaquePointer

  init(bootstrap: String, group: String) {
    let conf = rd_kafka_conf_new()
    var err = [CChar](repeating: 0, count: 256)
    rd_kafka_conf_set(conf, "bootstrap.servers", bootstrap, &err, err.count)
    rd_kafka_conf_set(conf, "group.id", group, &err, err.count)
    rd_kafka_conf_set(conf, "enable.auto.commit", "false", &err, err.count)
    rd_kafka_conf_set_log_cb(conf) { _, _, _, _ in }
    rk = rd_kafka_new(RD_KAFKA_CONSUMER, conf, &err, err.count)!
  }

  deinit {
    rd_kafka_consumer_close(rk)
    rd_kafka_destroy(rk)
  }

  func watermarks(_ topic: String, _ partition: Int32) -> (low: Int64, high: Int64) {
    var low: Int64 = -1
    var high: Int64 = -1
    let e = rd_kafka_query_watermark_offsets(rk, topic, partition, &low, &high, 5000)
    #expect(e == RD_KAFKA_RESP_ERR_NO_ERROR)
    return (low, high)
  }

  /// Commits `offsets` for the group (outside any membership, as the test's "consumer").
  func commit(_ topic: String, _ offsets: [Int32: Int64]) {
    let list = rd_kafka_topic_partition_list_new(Int32(offsets.count))!
    defer { rd_kafka_topic_partition_list_destroy(list) }
    for (p, o) in offsets { rd_kafka_topic_partition_list_add(list, topic, p).pointee.offset = o }
    let e = rd_kafka_commit(rk, list, 0)
    #expect(e == RD_KAFKA_RESP_ERR_NO_ERROR, "commit: \(String(cString: rd_kafka_err2str(e)))")
  }

  /// The group's committed offsets (-1001 when none).
  func committed(_ topic: String, partitions: Int32) -> [Int32: Int64] {
    let list = rd_kafka_topic_partition_list_new(partitions)!
    defer { rd_kafka_topic_partition_list_destroy(list) }
    for p in 0..<partitions { rd_kafka_topic_partition_list_add(list, topic, p) }
    let e = rd_kafka_committed(rk, list, 5000)
    #expect(e == RD_KAFKA_RESP_ERR_NO_ERROR)
    var out: [Int32: Int64] = [:]
    for i in 0..<Int(list.pointee.cnt) { out[list.pointee.elems[i].partition] = list.pointee.elems[i].offset }
    return out
  }
}
