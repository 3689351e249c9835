/// Kafka's plain values, shared by the client that reads them, the math
/// that judges them and the formats that print them. No librdkafka type.

/// A partition of a topic, shown as `topic[partition]`.
public struct TopicPartition: Hashable, Sendable, Comparable, CustomStringConvertible {
  public var topic: String
  public var partition: Int32
  public init(_ topic: String, _ partition: Int32) {
    self.topic = topic
    self.partition = partition
  }
  public static func < (a: TopicPartition, b: TopicPartition) -> Bool {
    (a.topic, a.partition) < (b.topic, b.partition)
  }
  public var description: String { "\(topic)[\(partition)]" }
}

/// One partition of a group as read from the cluster: the log's bounds, the
/// group's committed offset (nil: never committed) and, when the broker can
/// say, the member that owns it.
public struct PartitionOffsets: Equatable, Sendable {
  public var topic: String
  public var partition: Int32
  public var logStart: Int64
  public var logEnd: Int64
  public var committed: Int64?
  public var owner: String?

  public init(topic: String, partition: Int32, logStart: Int64, logEnd: Int64, committed: Int64?, owner: String? = nil) {
    self.topic = topic
    self.partition = partition
    self.logStart = logStart
    self.logEnd = logEnd
    self.committed = committed
    self.owner = owner
  }
}

/// A partition's log bounds as the broker reports them.
public struct Watermarks: Sendable, Equatable {
  /// Log start: the oldest offset still retained.
  public var low: Int64
  /// Log end (high watermark): the offset the next message will get.
  public var high: Int64
  public init(low: Int64, high: Int64) {
    self.low = low
    self.high = high
  }
}

/// What one poll of a consumer hands back.
public enum ConsumerEvent {
  case message(ConsumedMessage)
  /// The consumer reached the current end of a partition.
  case endOfPartition(TopicPartition, offset: Int64)
  case idle
}
