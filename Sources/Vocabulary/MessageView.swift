/// A consumed message whose key and value are the client's own buffers,
/// borrowed: `tail` formats them from there, where a `ConsumedMessage` costs
/// two allocations and two copies per message (issue 34). Valid only until
/// the consumer's next poll (or close); `owned()` copies what must outlive it.
public struct MessageView {
  /// The topic's name as UTF-8, also borrowed: a String here cost a
  /// reference count on every copy of every message.
  public var topicBytes: UnsafeBufferPointer<UInt8>
  public var partition: Int32
  public var offset: Int64
  public var timestampMs: Int64?
  public var key: UnsafeBufferPointer<UInt8>?
  public var value: UnsafeBufferPointer<UInt8>?
  /// Where the headers are read from, when output asks for them: most
  /// never does, and a list here would make every copy of a view count
  /// references (a third of tail's own instructions per message).
  public var headerSource: HeaderSource?

  public init(
    topicBytes: UnsafeBufferPointer<UInt8>, partition: Int32, offset: Int64, timestampMs: Int64?,
    key: UnsafeBufferPointer<UInt8>?, value: UnsafeBufferPointer<UInt8>?, headerSource: HeaderSource? = nil
  ) {
    self.topicBytes = topicBytes
    self.partition = partition
    self.offset = offset
    self.timestampMs = timestampMs
    self.key = key
    self.value = value
    self.headerSource = headerSource
  }

  /// The headers in order (a name may repeat), read now.
  public var headers: [(name: String, value: [UInt8]?)] {
    headerSource.map { $0.reader.headers(of: $0.message) } ?? []
  }

  public var topic: String { String(decoding: topicBytes, as: UTF8.self) }

  public func owned() -> ConsumedMessage {
    ConsumedMessage(
      topic: topic, partition: partition, offset: offset, timestampMs: timestampMs, key: key.map(Array.init),
      value: value.map(Array.init), headers: headers)
  }
}

extension ConsumedMessage {
  /// The message seen through a view, for code written once for both.
  public func withView<R>(_ body: (MessageView) throws -> R) rethrows -> R {
    func bytes<T>(_ array: [UInt8]?, _ inner: (UnsafeBufferPointer<UInt8>?) throws -> T) rethrows -> T {
      guard let array else { return try inner(nil) }
      return try array.withUnsafeBufferPointer { try inner($0) }
    }
    var name = topic
    return try name.withUTF8 { t in
      try bytes(key) { k in
        try bytes(value) { v in
          try withUnsafePointer(to: headers) { h in
            try body(
              MessageView(
                topicBytes: t, partition: partition, offset: offset, timestampMs: timestampMs, key: k, value: v,
                headerSource: HeaderSource(message: UnsafeRawPointer(h), reader: OwnedHeaders.self)))
          }
        }
      }
    }
  }
}

/// Reads a message's headers from wherever its view borrowed them.
public protocol HeaderReader {
  static func headers(of message: UnsafeRawPointer) -> [(name: String, value: [UInt8]?)]
}

/// A message a header reader understands, and that reader: nothing counted.
public struct HeaderSource {
  public var message: UnsafeRawPointer
  public var reader: any HeaderReader.Type

  public init(message: UnsafeRawPointer, reader: any HeaderReader.Type) {
    self.message = message
    self.reader = reader
  }
}

/// The headers of a `ConsumedMessage` seen through a view: the list itself.
enum OwnedHeaders: HeaderReader {
  static func headers(of message: UnsafeRawPointer) -> [(name: String, value: [UInt8]?)] {
    message.load(as: [(name: String, value: [UInt8]?)].self)
  }
}

/// What one borrowing poll hands back; a message's bytes live until the next poll.
public enum BorrowedEvent {
  case message(MessageView)
  case endOfPartition(TopicPartition, offset: Int64)
  case idle
}
