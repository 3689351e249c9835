import Clients
import Foundation
import Testing
import TestSupport

// No suite time limit: every request carries its own connect and total
// timeouts (HTTPRequest's defaults, 10 s and 30 s), and a wall-clock limit
// here counted the minutes the test waited for a thread while the blocking
// tmux suites held both of the machine's cores: it cut passing tests.
@Suite
struct HTTPFailureTests {
  let never: () -> Bool = { false }

  @Test func serverThatNeverAnswersHitsTheTotalTimeout() throws {
    let silent = try SilentSocket(listening: true)
    // Held to the end of the test: ARC may free it after its last use, and another test could take the port.
    defer { withExtendedLifetime(silent) {} }
    let started = Date()
    let error = #expect(throws: HTTPError.self) {
      try HTTPClient().send(HTTPRequest(url: "http://127.0.0.1:\(silent.port)/api/v1/query", totalTimeout: 1), isCancelled: never)
    }
    let elapsed = Date().timeIntervalSince(started)
    #expect(error?.kind == .unreachable)
    #expect(error?.message.contains("timed out") == true)
    #expect(error?.message.contains("127.0.0.1:\(silent.port)") == true)
    #expect(elapsed >= 0.9 && elapsed < 15)
  }

  @Test func closedPortIsUnreachable() throws {
    let closed = try SilentSocket(listening: false)
    // Held to the end of the test: ARC may free it after its last use, and another test could take the port.
    defer { withExtendedLifetime(closed) {} }
    let error = #expect(throws: HTTPError.self) {
      try HTTPClient().send(HTTPRequest(url: "http://127.0.0.1:\(closed.port)/health"), isCancelled: never)
    }
    #expect(error?.kind == .unreachable)
    #expect(error?.message.hasPrefix("GET http://127.0.0.1:\(closed.port)/health: cannot connect") == true)
  }

  @Test func messagesNeverCarrySecrets() throws {
    let closed = try SilentSocket(listening: false)
    // Held to the end of the test: ARC may free it after its last use, and another test could take the port.
    defer { withExtendedLifetime(closed) {} }
    let withToken = HTTPRequest(url: "http://ops:pw-in-url-9876@127.0.0.1:\(closed.port)/", bearerToken: "hunter2-token")
    let withBasic = HTTPRequest(url: "http://127.0.0.1:\(closed.port)/", basicAuth: (user: "ops", password: "hunter2-password"))
    for request in [withToken, withBasic] {
      let error = #expect(throws: HTTPError.self) { try HTTPClient().send(request, isCancelled: never) }
      let message = error?.message ?? ""
      #expect(!message.isEmpty)
      for secret in ["hunter2", "pw-in-url-9876"] { #expect(!message.contains(secret)) }
      #expect(!request.description.contains("hunter2") && !request.description.contains("pw-in-url"))
      var dumped = ""
      dump(request, to: &dumped)
      #expect(!dumped.contains("hunter2") && !dumped.contains("pw-in-url"))
    }
  }

  @Test(arguments: ["/big/5000", "/bigchunked/50000"])
  func bodyOverTheLimitIsTooLarge(path: String) throws {
    try LoopbackServer.with { server in
      let request = HTTPRequest(url: server.base + path, maxResponseBytes: 1000)
      let error = #expect(throws: HTTPError.self) { try HTTPClient().send(request, isCancelled: never) }
      #expect(error?.kind == .tooLarge)
      #expect(error?.message.contains("1000 bytes") == true)
      #expect(error?.message.contains(path) == true)
    }
  }

  @Test func clientStillWorksAfterAFailure() throws {
    try LoopbackServer.with { server in
      let client = HTTPClient()
      #expect(throws: HTTPError.self) {
        try client.send(HTTPRequest(url: server.base + "/big/5000", maxResponseBytes: 10), isCancelled: never)
      }
      let response = try client.send(HTTPRequest(url: server.base + "/ok"), isCancelled: never)
      #expect(response.text == "hello")
    }
  }

  @Test func cancellationReachesABlockedTransfer() throws {
    let silent = try SilentSocket(listening: true)
    // Held to the end of the test: ARC may free it after its last use, and another test could take the port.
    defer { withExtendedLifetime(silent) {} }
    let started = Date()
    let error = #expect(throws: HTTPError.self) {
      try HTTPClient().send(
        HTTPRequest(url: "http://127.0.0.1:\(silent.port)/", totalTimeout: 0),
        isCancelled: { Date().timeIntervalSince(started) > 0.3 })
    }
    #expect(error?.kind == .cancelled)
    #expect(Date().timeIntervalSince(started) < 10)
  }

  @Test func alreadyCancelledDoesNotConnect() throws {
    let error = #expect(throws: HTTPError.self) {
      try HTTPClient().send(HTTPRequest(url: "http://127.0.0.1:9/"), isCancelled: { true })
    }
    #expect(error?.kind == .cancelled)
  }

  struct BadRequest: Sendable, CustomTestStringConvertible {
    var request: HTTPRequest
    var mentions: String
    var testDescription: String { mentions }
  }

  @Test(arguments: [
    BadRequest(request: HTTPRequest(url: "http://127.0.0.1:9/", headers: [("X-Key", "v\r\nX-Evil: 1")]), mentions: "X-Key"),
    BadRequest(request: HTTPRequest(url: "http://127.0.0.1:9/", headers: [("Bad Name", "v")]), mentions: "header name"),
    BadRequest(request: HTTPRequest(url: "http://127.0.0.1:9/", body: [1]), mentions: "GET request cannot carry a body"),
    BadRequest(request: HTTPRequest(url: "http://127.0.0.1:9/", bearerToken: "a\nb"), mentions: "bearer token"),
    BadRequest(request: HTTPRequest(url: ""), mentions: "no URL"),
    BadRequest(request: HTTPRequest(url: "file:///etc/passwd"), mentions: "unsupported protocol"),
    BadRequest(request: HTTPRequest(url: "http://exa mple.com/"), mentions: "URL"),
  ])
  func badRequestsAreRefused(_ bad: BadRequest) throws {
    let error = #expect(throws: HTTPError.self) { try HTTPClient().send(bad.request, isCancelled: never) }
    #expect(error?.kind == .other)
    #expect(error?.message.contains(bad.mentions) == true, "\(error?.message ?? "")")
    #expect(error?.message.contains("X-Evil") == false)
  }
}
