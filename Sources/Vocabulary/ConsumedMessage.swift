/// One message as the consumer hands it to the output layer. Key, value and
/// header values stay bytes: Kafka does not promise text, and a null differs
/// from an empty payload (tombstones).
public struct ConsumedMessage: Sendable {
  public var topic: String
  public var partition: Int32
  public var offset: Int64
  public var timestampMs: Int64?
  public var key: [UInt8]?
  public var value: [UInt8]?
  public var headers: [(name: String, value: [UInt8]?)]

  public init(
    topic: String, partition: Int32, offset: Int64, timestampMs: Int64? = nil,
    key: [UInt8]? = nil, value: [UInt8]? = nil, headers: [(name: String, value: [UInt8]?)] = []
  ) {
    self.topic = topic
    self.partition = partition
    self.offset = offset
    self.timestampMs = timestampMs
    self.key = key
    self.value = value
    self.headers = headers
  }
}
