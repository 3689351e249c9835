import Clients
import Foundation
import Testing
import TestSupport

// No suite time limit: every request carries its own connect and total
// timeouts (HTTPRequest's defaults, 10 s and 30 s), and a wall-clock limit
// here counted the minutes the test waited for a thread while the blocking
// tmux suites held both of the machine's cores: it cut passing tests.
@Suite
struct HTTPStreamingTests {
  @Test func chunksArriveAsTheServerSendsThem() throws {
    try LoopbackServer.with { server in
      var chunks: [[UInt8]] = []
      let request = HTTPRequest(url: server.base + "/stream/5", totalTimeout: 0)
      let response = try HTTPClient().send(request, isCancelled: { false }, onChunk: { chunks.append($0) })
      #expect(response.status == 200)
      #expect(response.body.isEmpty)
      #expect(response.header("content-type") == "text/event-stream")
      #expect(chunks.count >= 2)  // 100 ms apart on the server, so not one buffered lump
      let text = String(decoding: chunks.joined(), as: UTF8.self)
      #expect(text == (0..<5).map { "data: \($0)\n\n" }.joined())
    }
  }

  @Test func streamingIsNotCappedByMaxResponseBytes() throws {
    try LoopbackServer.with { server in
      var received = 0
      let request = HTTPRequest(url: server.base + "/bigchunked/20000", maxResponseBytes: 100)
      _ = try HTTPClient().send(request, isCancelled: { false }, onChunk: { received += $0.count })
      #expect(received == 20000)
    }
  }

  @Test func callerEndsAnEndlessStream() throws {
    try LoopbackServer.with { server in
      var chunks = 0
      let started = Date()
      let error = #expect(throws: HTTPError.self) {
        try HTTPClient().send(
          HTTPRequest(url: server.base + "/forever", totalTimeout: 0), isCancelled: { chunks >= 3 },
          onChunk: { _ in chunks += 1 })
      }
      #expect(error?.kind == .cancelled)
      #expect(chunks == 3)  // stopped right after the chunk that satisfied the caller
      #expect(Date().timeIntervalSince(started) < 10)
    }
  }
}
