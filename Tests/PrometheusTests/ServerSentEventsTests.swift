import Testing

@testable import Prometheus

/// Streams cut at every awkward place the network may cut them.
@Suite struct ServerSentEventsTests {
  static let stream = Array("id: 1\nevent: JobCreated\ndata: {\"Seq\":1}\r\n\r\n: comment\n\nid: 2\ndata: café\ndata: line two\n\ndata: {\"Seq\":3}\n\n".utf8)
  static let expected = [
    SSEEvent(id: "1", event: "JobCreated", data: "{\"Seq\":1}"),
    SSEEvent(id: "2", event: "message", data: "café\nline two"),
    SSEEvent(id: "2", event: "message", data: "{\"Seq\":3}"),
  ]

  @Test func wholeStream() {
    var p = SSEParser()
    #expect(p.feed(Self.stream) == Self.expected)
  }

  /// Every split point, including inside "é" and between CR and LF.
  @Test func everySplitGivesTheSameEvents() {
    for cut in 1..<Self.stream.count {
      var p = SSEParser()
      let events = p.feed(Array(Self.stream[..<cut])) + p.feed(Array(Self.stream[cut...]))
      #expect(events == Self.expected, "split at \(cut)")
    }
  }

  @Test func byteByByte() {
    var p = SSEParser()
    var events: [SSEEvent] = []
    for b in Self.stream { events += p.feed([b]) }
    #expect(events == Self.expected)
  }

  @Test func unfinishedEventIsNotDispatchedAndRetryIsRead() {
    var p = SSEParser()
    #expect(p.feed(Array("retry: 3000\ndata: half".utf8)).isEmpty)
    #expect(p.retryMilliseconds == 3000)
    #expect(p.feed(Array("\n\n".utf8)) == [SSEEvent(data: "half")])
  }

  @Test func anEventOverTheBoundIsDroppedWholeAndCountedNeverCut() {
    var p = SSEParser(maxLineBytes: 16)
    let events = p.feed(Array(("data: " + String(repeating: "x", count: 100) + "\n\ndata: next\n\n").utf8))
    #expect(events == [SSEEvent(data: "next")])
    #expect(p.droppedEvents == 1)
    #expect(!p.isInsideEvent)
  }

  @Test func manyShortDataLinesCountTowardTheBound() {
    var p = SSEParser(maxLineBytes: 16)
    let events = p.feed(Array((String(repeating: "data: abcd\n", count: 10) + "\ndata: ok\n\n").utf8))
    #expect(events == [SSEEvent(data: "ok")])
    #expect(p.droppedEvents == 1)
  }

  @Test func anEventTheStreamEndsInsideIsPending() {
    var p = SSEParser(maxLineBytes: 16)
    #expect(p.feed(Array(("data: " + String(repeating: "x", count: 100)).utf8)).isEmpty)
    #expect(p.isInsideEvent)
    #expect(p.pendingBytes >= 16)
    var q = SSEParser()
    _ = q.feed(Array("data: a\n".utf8))
    #expect(q.isInsideEvent)
  }
}
