import Foundation
import Testing
import TestSupport

/// Servers that answer, but badly: the documented exit status, a one-line
/// message that says what came back, and no more waiting than the timeout.
@Suite struct SickServerTests {
  @Test func prometheusBehindAnHTML500ProxyIsExitOneWithTheTitle() throws {
    try LoopbackServer.with { server in
      let r = try aetherctl(["-p", server.base + "/html500", "prom", "query", "up"])
      #expect(r.status == 1, "\(r.stderr)")
      #expect(r.stderr.contains("HTTP 500"), "\(r.stderr)")
      #expect(r.stderr.contains("500 Internal Server Error"), "\(r.stderr)")
      #expect(r.stderr.split(separator: "\n").count == 1)
    }
  }

  @Test func prometheusSlowerThanTheTimeoutIsExitThree() throws {
    try LoopbackServer.with { server in
      let started = Date()
      // The /slow route answers after 10 s; the timeout is 1 s.
      let r = try aetherctl(["--timeout", "1s", "-p", server.base + "/slow/10", "prom", "query", "up"])
      #expect(r.status == 3, "\(r.stderr)")
      #expect(r.stderr.contains("timed out"), "\(r.stderr)")
      #expect(Date().timeIntervalSince(started) < 1 + 3)
    }
  }

  @Test func responseLargerThanTheBoundIsRefusedWithoutReadingIt() throws {
    try LoopbackServer.with { server in
      let started = Date()
      let r = try aetherctl(["http", "get", server.base + "/big/70000000"])
      #expect(r.status == 1, "\(r.stderr)")
      #expect(r.stderr.contains("larger than"), "\(r.stderr)")
      #expect(r.stdout.isEmpty)
      #expect(Date().timeIntervalSince(started) < 10)
    }
  }
}
