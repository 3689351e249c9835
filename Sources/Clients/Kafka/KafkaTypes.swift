import Vocabulary

/// What Kafka commands see of the cluster. Plain values: no librdkafka type
/// leaves this target.
public struct BrokerInfo: Sendable, Equatable {
  public var id: Int32
  public var host: String
  public var port: Int32
}

public struct PartitionInfo: Sendable, Equatable {
  public var id: Int32
  public var leader: Int32
  public var replicas: [Int32]
  public var isr: [Int32]
  public var error: String?
}

public struct TopicInfo: Sendable, Equatable {
  public var name: String
  public var partitions: [PartitionInfo]
  public var error: String?
  public var isInternal: Bool { name.hasPrefix("__") }
}

public struct ClusterMetadata: Sendable, Equatable {
  public var brokers: [BrokerInfo]
  public var topics: [TopicInfo]
  public var originBrokerId: Int32
}

public struct GroupListing: Sendable, Equatable {
  public var id: String
  public var state: String
  public var isSimple: Bool
}

public struct GroupMember: Sendable, Equatable {
  public var memberId: String
  public var clientId: String
  public var host: String
  public var assignment: [TopicPartition]
  public init(memberId: String, clientId: String, host: String, assignment: [TopicPartition]) {
    self.memberId = memberId
    self.clientId = clientId
    self.host = host
    self.assignment = assignment
  }
}

public struct GroupDescription: Sendable, Equatable {
  public var id: String
  public var state: String
  public var assignor: String
  public var members: [GroupMember]
  public var coordinator: Int32?
  public init(id: String, state: String, assignor: String, members: [GroupMember], coordinator: Int32?) {
    self.id = id
    self.state = state
    self.assignor = assignor
    self.members = members
    self.coordinator = coordinator
  }
}

public struct KafkaError: Error, Sendable, CustomStringConvertible {
  public enum Kind: Sendable, Equatable {
    /// No broker answered within the timeout (exit 3).
    case unreachable
    case unknownTopic
    case unknownPartition
    case unauthorized
    /// The broker does not implement this request (the mock cluster, old brokers).
    case unsupported
    case invalidArgument
    /// The group has active members, so its offsets cannot be changed.
    case groupNotEmpty
    /// A member's own commit was refused: a rebalance gave the group a new
    /// generation. Those offsets belong to the old one; the messages come again.
    case generationLost
    case other
  }
  public var kind: Kind
  public var message: String
  public init(_ kind: Kind, _ message: String) {
    self.kind = kind
    self.message = message
  }
  public var description: String { message }
}

extension KafkaError: StatusError {
  /// No broker answering is 3, as automation tells an outage from a refusal;
  /// a value librdkafka refused (a property, a partition) is the operator's input.
  public var exitStatus: Int32 {
    switch kind {
    case .unreachable: ExitStatus.unreachable
    case .invalidArgument: ExitStatus.usage
    default: ExitStatus.failure
    }
  }
}

/// One setting of a topic as the broker reports it (DescribeConfigs).
public struct TopicConfigEntry: Sendable, Equatable {
  public var name: String
  /// nil for a sensitive value or one the broker does not return.
  public var value: String?
  /// Where the value comes from, as Kafka names it: DYNAMIC_TOPIC_CONFIG
  /// (set on the topic), DEFAULT_CONFIG, STATIC_BROKER_CONFIG, …
  public var source: String
  public var isDefault: Bool
  public var isReadOnly: Bool
  public var isSensitive: Bool
  /// Set on this topic, as opposed to inherited from the broker or the
  /// default. A broker older than Kafka 1.1 gives no source: an entry not
  /// at its default is then taken as the topic's own (kept, never reset).
  public var isSetOnTopic: Bool {
    source == "DYNAMIC_TOPIC_CONFIG" || (source == "UNKNOWN_CONFIG" && !isDefault)
  }

  public init(
    name: String, value: String?, source: String, isDefault: Bool, isReadOnly: Bool, isSensitive: Bool
  ) {
    (self.name, self.value, self.source) = (name, value, source)
    (self.isDefault, self.isReadOnly, self.isSensitive) = (isDefault, isReadOnly, isSensitive)
  }
}

/// Keys read from the log, counted per partition (`LogPeek.sampleKeys`).
public struct KeySampling: Sendable {
  public var keys: [TopicPartition: [[UInt8]: Int]] = [:]
  public var messages: [TopicPartition: Int] = [:]
  public var keyless = 0
  /// The earliest and latest timestamps read, per partition: how long the
  /// sample took to arrive there, so partitions of different rates weigh
  /// what they carry.
  public var times: [TopicPartition: (first: Int64, last: Int64)] = [:]
  /// Partitions read to the end of their range.
  public var complete: Set<TopicPartition> = []
  public init() {}
}
