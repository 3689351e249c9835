import Clients
import Foundation
import Testing
import TestSupport

// No suite time limit: every request carries its own connect and total
// timeouts (HTTPRequest's defaults, 10 s and 30 s), and a wall-clock limit
// here counted the minutes the test waited for a thread while the blocking
// tmux suites held both of the machine's cores: it cut passing tests.
@Suite
struct HTTPClientTests {
  let never: () -> Bool = { false }

  @Test func okResponseCarriesStatusHeadersAndBody() throws {
    try LoopbackServer.with { server in
      let response = try HTTPClient().send(HTTPRequest(url: server.base + "/ok"), isCancelled: never)
      #expect(response.status == 200)
      #expect(response.text == "hello")
      #expect(response.header("X-Test") == "yes")
      #expect(response.headers.filter { $0.name == "x-multi" }.map(\.value) == ["a", "b"])
      #expect(response.headers.allSatisfy { $0.name == $0.name.lowercased() })
      #expect(response.effectiveURL == server.base + "/ok")
      #expect(response.totalTime >= 0)
    }
  }

  @Test func errorStatusIsAResponseNotAnError() throws {
    try LoopbackServer.with { server in
      let response = try HTTPClient().send(HTTPRequest(url: server.base + "/fail"), isCancelled: never)
      #expect(response.status == 500)
      #expect(response.text == #"{"status":"error","error":"boom"}"#)
      #expect(response.header("content-type") == "application/json")
      #expect(response.header("x-test") == "broken")
    }
  }

  @Test func postsAFormBody() throws {
    try LoopbackServer.with { server in
      let pairs = [("query", "sum(rate(x_total[5m])) by (job)"), ("time", "a b&c=d/é+")]
      let request = HTTPRequest(
        url: server.base + "/echo", method: .post, body: HTTPRequest.formEncode(pairs),
        contentType: "application/x-www-form-urlencoded")
      let echo = try Echo(HTTPClient().send(request, isCancelled: never))
      #expect(echo.method == "POST")
      #expect(echo.headers["content-type"] == "application/x-www-form-urlencoded")
      #expect(echo.form == ["query": "sum(rate(x_total[5m])) by (job)", "time": "a b&c=d/é+"])
      #expect(echo.headers["expect"] == nil)
    }
  }

  @Test func postsAJSONBody() throws {
    try LoopbackServer.with { server in
      let json = #"{"Type":"JobCreated","Seq":1}"#
      let request = HTTPRequest(
        url: server.base + "/echo", method: .post, body: Array(json.utf8), contentType: "application/json")
      let echo = try Echo(HTTPClient().send(request, isCancelled: never))
      #expect(echo.body == json)
      #expect(echo.headers["content-type"] == "application/json")
      #expect(echo.headers["content-length"] == "\(json.utf8.count)")
    }
  }

  @Test func postWithoutBodySendsZeroLength() throws {
    try LoopbackServer.with { server in
      let echo = try Echo(HTTPClient().send(HTTPRequest(url: server.base + "/echo", method: .post), isCancelled: never))
      #expect(echo.method == "POST")
      #expect(echo.headers["content-length"] == "0")
    }
  }

  @Test func sendsBearerToken() throws {
    try LoopbackServer.with { server in
      let request = HTTPRequest(url: server.base + "/echo", bearerToken: "tok-123.abc")
      let echo = try Echo(HTTPClient().send(request, isCancelled: never))
      #expect(echo.headers["authorization"] == "Bearer tok-123.abc")
    }
  }

  @Test func sendsBasicAuth() throws {
    try LoopbackServer.with { server in
      let request = HTTPRequest(url: server.base + "/echo", basicAuth: (user: "ops", password: "pa ss:wörd"))
      let echo = try Echo(HTTPClient().send(request, isCancelled: never))
      let expected = "Basic " + Data("ops:pa ss:wörd".utf8).base64EncodedString()
      #expect(echo.headers["authorization"] == expected)
    }
  }

  @Test func sendsHeadersUserAgentAndAcceptsGzip() throws {
    try LoopbackServer.with { server in
      let request = HTTPRequest(url: server.base + "/echo", headers: [("X-Scope-OrgID", "tenant-1"), ("Accept", "application/json")])
      let echo = try Echo(HTTPClient().send(request, isCancelled: never))
      #expect(echo.headers["x-scope-orgid"] == "tenant-1")
      #expect(echo.headers["accept"] == "application/json")
      #expect(echo.headers["user-agent"] == "aetherctl")
      #expect(echo.headers["accept-encoding"]?.contains("gzip") == true)
      #expect(echo.headers["authorization"] == nil)
    }
  }

  @Test func decodesGzipBodies() throws {
    try LoopbackServer.with { server in
      let response = try HTTPClient().send(HTTPRequest(url: server.base + "/gzip"), isCancelled: never)
      #expect(response.text == String(repeating: "compressed text ", count: 200))
    }
  }

  @Test func followsARedirectChain() throws {
    try LoopbackServer.with { server in
      let response = try HTTPClient().send(HTTPRequest(url: server.base + "/redirect/3"), isCancelled: never)
      #expect(response.status == 200)
      #expect(response.text == "arrived")
      #expect(response.effectiveURL == server.base + "/redirect/0")
      #expect(response.header("location") == nil)  // only the final response's headers
    }
  }

  @Test func stopsAfterFiveRedirects() throws {
    try LoopbackServer.with { server in
      let error = #expect(throws: HTTPError.self) {
        try HTTPClient().send(HTTPRequest(url: server.base + "/redirect/7"), isCancelled: never)
      }
      #expect(error?.kind == .other)
      #expect(error?.message.contains("redirect") == true)
    }
  }

  @Test func reusesTheConnectionBetweenRequests() throws {
    try LoopbackServer.with { server in
      let client = HTTPClient()
      let first = try Echo(client.send(HTTPRequest(url: server.base + "/echo"), isCancelled: never))
      let second = try Echo(client.send(HTTPRequest(url: server.base + "/echo", bearerToken: "t0ken"), isCancelled: never))
      let third = try Echo(client.send(HTTPRequest(url: server.base + "/echo"), isCancelled: never))
      #expect(first.peer == second.peer)
      #expect(second.peer == third.peer)
      // Per-request options do not leak into the next request.
      #expect(second.headers["authorization"] == "Bearer t0ken")
      #expect(third.headers["authorization"] == nil)
    }
  }

  @Test func bodyExactlyAtTheLimitIsAccepted() throws {
    try LoopbackServer.with { server in
      let request = HTTPRequest(url: server.base + "/big/1000", maxResponseBytes: 1000)
      let response = try HTTPClient().send(request, isCancelled: never)
      #expect(response.body.count == 1000)
    }
  }
}

/// What `/echo` saw.
struct Echo {
  var method: String
  var headers: [String: String]
  var body: String
  var form: [String: String]
  var peer: Int

  init(_ response: HTTPResponse) throws {
    let object = try #require(try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any])
    method = try #require(object["method"] as? String)
    headers = try #require(object["headers"] as? [String: String])
    body = try #require(object["body"] as? String)
    form = try #require(object["form"] as? [String: String])
    peer = try #require(object["peer"] as? Int)
  }
}
