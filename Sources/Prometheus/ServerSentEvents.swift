/// One event of a `text/event-stream`.
public struct SSEEvent: Equatable, Sendable {
  /// The stream's last event ID when this event was dispatched (IDs carry over
  /// between events, as browsers do); nil when none was ever set or it was cleared.
  public var id: String?
  /// The `event:` field, "message" by default.
  public var event: String
  /// `data:` lines joined with "\n".
  public var data: String

  public init(id: String? = nil, event: String = "message", data: String) {
    self.id = id
    self.event = event
    self.data = data
  }
}

/// The WHATWG event-stream interpretation, fed with network chunks as they
/// arrive. Chunks may split anywhere: inside a UTF-8 sequence, between the CR
/// and LF of a line end, inside the leading byte-order mark. Lines are
/// collected as bytes and decoded whole, so a split character is never mangled.
public struct SSEParser: Sendable {
  /// The server's `retry:` advice in milliseconds, when it gave one.
  public private(set) var retryMilliseconds: Int?
  /// Events dropped whole because they (or one of their lines) exceeded `maxLineBytes`
  /// (a stream without line ends would otherwise grow without bound). Never
  /// dispatched cut short: a truncated payload would read as the real one.
  public private(set) var droppedEvents = 0
  /// Bytes of an event not yet ended by a blank line: when the stream stops
  /// here, they were never dispatched.
  public var pendingBytes: Int { line.count + data.utf8.count }
  /// The event the stream stopped inside is already over the bound.
  public var isOversized: Bool { lineTooLong || eventTooLong }
  public var isInsideEvent: Bool { !line.isEmpty || sawData || lineTooLong || eventTooLong }
  public var maximumLineBytes: Int { maxLineBytes }

  private let maxLineBytes: Int
  private var line: [UInt8] = []
  private var lineTooLong = false
  private var eventTooLong = false
  private var afterCR = false
  private var atStreamStart = true
  private var data = ""
  private var sawData = false
  private var eventType = ""
  private var lastEventID = ""

  public init(maxLineBytes: Int = 8 << 20) {
    self.maxLineBytes = max(1, maxLineBytes)
  }

  /// The events completed by these bytes, in order.
  public mutating func feed(_ bytes: [UInt8]) -> [SSEEvent] {
    var events: [SSEEvent] = []
    for byte in bytes {
      if afterCR {
        afterCR = false
        if byte == 0x0A { continue }  // the LF of a CRLF split from its CR
      }
      switch byte {
      case 0x0A:
        endLine(into: &events)
      case 0x0D:
        endLine(into: &events)
        afterCR = true
      default:
        if line.count < maxLineBytes {
          line.append(byte)
        } else if !lineTooLong {
          lineTooLong = true
          line.removeAll()
        }
        if atStreamStart { stripByteOrderMark() }
      }
    }
    return events
  }

  /// Drops a leading U+FEFF once its three bytes are in; stops looking as soon
  /// as the stream starts differently.
  private mutating func stripByteOrderMark() {
    let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
    if line.count <= 3, Array(bom.prefix(line.count)) == line {
      if line.count == 3 {
        line.removeAll(keepingCapacity: true)
        atStreamStart = false
      }
    } else {
      atStreamStart = false
    }
  }

  private mutating func endLine(into events: inout [SSEEvent]) {
    atStreamStart = false
    defer {
      line.removeAll(keepingCapacity: line.count <= 4096)
      lineTooLong = false
    }
    if lineTooLong {
      eventTooLong = true
      return
    }
    if line.isEmpty {
      dispatch(into: &events)
      return
    }
    if line.first == UInt8(ascii: ":") { return }  // a comment (often a keep-alive)
    let field: String
    var value: ArraySlice<UInt8>
    if let colon = line.firstIndex(of: UInt8(ascii: ":")) {
      field = String(decoding: line[..<colon], as: UTF8.self)
      value = line[(colon + 1)...]
      if value.first == UInt8(ascii: " ") { value = value.dropFirst() }
    } else {
      field = String(decoding: line, as: UTF8.self)
      value = []
    }
    switch field {
    case "data":
      if eventTooLong { return }
      // The bound is on the whole event: many short data lines add up too.
      if data.utf8.count + value.count + 1 > maxLineBytes {
        eventTooLong = true
        data = ""
        return
      }
      if sawData { data += "\n" }
      data += String(decoding: value, as: UTF8.self)
      sawData = true
    case "event":
      eventType = String(decoding: value, as: UTF8.self)
    case "id":
      if !value.contains(0) { lastEventID = String(decoding: value, as: UTF8.self) }
    case "retry":
      if !value.isEmpty, value.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) {
        retryMilliseconds = Int(String(decoding: value, as: UTF8.self)) ?? Int.max
      }
    default:
      break  // unknown fields are ignored
    }
  }

  private mutating func dispatch(into events: inout [SSEEvent]) {
    defer {
      data = ""
      sawData = false
      eventType = ""
      eventTooLong = false
    }
    if eventTooLong {
      droppedEvents += 1
      return
    }
    guard sawData else { return }
    events.append(
      SSEEvent(id: lastEventID.isEmpty ? nil : lastEventID, event: eventType.isEmpty ? "message" : eventType, data: data))
  }
}
