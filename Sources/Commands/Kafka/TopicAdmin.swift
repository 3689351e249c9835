import Clients
import Host

/// What the topic commands share: the topic as the cluster lists it, and
/// waiting for the cluster to show a change.
enum TopicAdmin {
  /// The topic's metadata; an error the broker gives for it is the
  /// command's. Kafka's own topics (`__consumer_offsets`: every group's
  /// commits) are not changed here.
  /// `healthy`: an error the broker reports for the topic stops the command
  /// (adding partitions to one it cannot describe); deleting or showing it goes on.
  static func existing(_ topic: String, client: KafkaClient, changing: Bool, healthy: Bool = false) throws -> TopicInfo {
    guard let info = try client.metadata().topics.first(where: { $0.name == topic }) else {
      throw CommandFailure.failed("topic \(topic): unknown topic")
    }
    if healthy, let e = info.error { throw CommandFailure.failed("topic \(topic): \(e)") }
    if changing, info.isInternal {
      throw CommandFailure.usage("\(topic) is one of Kafka's internal topics: aetherctl does not change it")
    }
    return info
  }

  /// Metadata until the topic has `count` partitions, within --timeout.
  static func awaitPartitions(of topic: String, count: Int32, client: KafkaClient, ctx: CommandContext) throws
    -> TopicInfo
  {
    let until = ctx.monotonicSeconds() + ctx.deadlines.seconds
    while true {
      if let t = try? client.metadata().topics.first(where: { $0.name == topic }), t.partitions.count >= Int(count) {
        return t
      }
      guard ctx.monotonicSeconds() < until else {
        throw CommandFailure.failed(
          "\(topic): the broker accepted the change, but its metadata did not show \(count) partitions within --timeout")
      }
      try ctx.sleep(seconds: 0.1)
    }
  }

  /// Metadata until the topic is gone, within --timeout.
  static func awaitDeletion(of topic: String, client: KafkaClient, ctx: CommandContext) throws {
    let until = ctx.monotonicSeconds() + ctx.deadlines.seconds
    while (try? client.metadata().topics.contains { $0.name == topic }) != false {
      guard ctx.monotonicSeconds() < until else {
        throw CommandFailure.failed("\(topic): the broker accepted the deletion, but its metadata still lists it after --timeout")
      }
      try ctx.sleep(seconds: 0.1)
    }
  }
}
