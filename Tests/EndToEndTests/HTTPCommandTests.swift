import Foundation
import Testing
import TestSupport

/// `http`, `health`, `metrics` and `sse` against loopback fixtures.
// No suite time limit: every program and fixture it runs has its own deadline
// (runToCompletion's, the fixtures' start-up marker waits), and a wall-clock
// limit counted the minutes a test waited for one of the two cooperative
// threads while blocking suites held them: it cut passing tests in CI.
@Suite struct HTTPCommandTests {
  @Test func healthIsTheExitStatus() throws {
    try LoopbackServer.with { s in
      let ok = try aetherctl(["health", s.base + "/healthz"])
      #expect(ok.status == 0, "\(ok.stderr)")
      #expect(ok.stdout.contains("healthy  yes"))
      let fail = try aetherctl(["health", s.base + "/fail"])
      #expect(fail.status == 1)
      #expect(fail.stderr.contains("answered 500"))
      #expect(fail.stdout.contains("healthy  no"))
      let expected = try aetherctl(["health", s.base + "/fail", "--expect", "500"])
      #expect(expected.status == 0)
      let script = try aetherctl(["-c", "if health \(s.base)/healthz; echo up; else; echo down; end"])
      #expect(script.stdout.hasSuffix("healthy  yes\nup\n"))
    }
  }

  @Test func errorStatusShowsTheBodysFirstLine() throws {
    try LoopbackServer.with { s in
      let r = try aetherctl(["http", "get", s.base + "/html500"])
      #expect(r.status == 1)
      #expect(r.stderr.contains("HTTP 500 from GET \(s.base)/html500: <html><head><title>500 Internal Server Error"), "\(r.stderr)")
      #expect(r.stderr.split(separator: "\n").count == 1)
      let ok = try aetherctl(["http", "get", s.base + "/ok"])
      #expect(ok.stdout == "hello\n")
      let include = try aetherctl(["http", "get", "-i", s.base + "/ok"])
      #expect(include.stdout.hasPrefix("HTTP 200\n"))
      #expect(include.stdout.contains("x-test: yes"))
    }
  }

  @Test func postJSONFormAndBearer() throws {
    try LoopbackServer.with { s in
      let dir = try scratch(["token": "s3cret-token\n", "pw": "hunter2\n"])
      defer { try? FileManager.default.removeItem(at: dir) }
      let json = try aetherctl([
        "-o", "json", "http", "post", s.base + "/echo", "--json", #"{"Type":"HealthCheck"}"#,
        "--bearer-file", dir.appendingPathComponent("token").path, "--header", "Host: apexflow.aetherlink.local",
      ])
      #expect(json.status == 0, "\(json.stderr)")
      let outer = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
      let echoed = try JSONSerialization.jsonObject(with: Data((outer?["body"] as? String ?? "").utf8)) as? [String: Any]
      let headers = echoed?["headers"] as? [String: String]
      #expect(headers?["authorization"] == "Bearer s3cret-token")
      #expect(headers?["content-type"] == "application/json")
      #expect(headers?["host"] == "apexflow.aetherlink.local")
      #expect(echoed?["body"] as? String == #"{"Type":"HealthCheck"}"#)
      let form = try aetherctl([
        "http", "post", s.base + "/echo", "--form", "grant_type=password", "--form", "client_id=aetherlink-gateway",
        "--form", "password-file=" + dir.appendingPathComponent("pw").path,
      ])
      #expect(form.stdout.contains(#""form": {"grant_type": "password", "client_id": "aetherlink-gateway", "password": "hunter2"}"#), "\(form.stdout)")
      let bad = try aetherctl(["http", "post", s.base + "/echo", "--json", "{not json"])
      #expect(bad.status == 2)
      #expect(bad.stderr.contains("not valid JSON"))
    }
  }

  @Test func metricsPageParsed() throws {
    try LoopbackServer.with { s in
      let r = try aetherctl(["metrics", s.base + "/metrics", "--grep", "^odd_values"])
      #expect(r.status == 0, "\(r.stderr)")
      let rows = r.stdout.split(separator: "\n").map(String.init)
      #expect(rows.first?.hasPrefix("NAME") == true)
      #expect(rows.count == 5)
      #expect(rows.contains { $0.contains(#"{kind="nan"}"#) && $0.hasSuffix("NaN") })
      #expect(rows.contains { $0.contains(#"{kind="neginf"}"#) && $0.hasSuffix("-Inf") })
      #expect(rows.contains { $0.contains(#"path="C:\\data\n\"x\"""#) && $0.hasSuffix("1500") })
      let json = try aetherctl(["-o", "json", "metrics", s.base + "/metrics", "--grep", "escaped"])
      let list = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]]
      #expect((list?.first?["labels"] as? [String: String])?["path"] == "C:\\data\n\"x\"")
      #expect((list?.first?["timestampMs"] as? NSNumber)?.int64Value == 1_700_000_000_000)
      let one = try aetherctl(["-c", "set n $(metrics \(s.base)/metrics --grep crm_events_sse_clients); echo clients=$n"])
      #expect(one.stdout == "clients=2\n")
      let bad = try aetherctl(["metrics", s.base + "/metrics", "--grep", "("])
      #expect(bad.status == 2)
    }
  }

  /// Issue 29: a server that accepts and never answers, or a stream gone
  /// silent, ends within its bound (exit 3), saying which; a --duration in
  /// which nothing at all arrived is not a quiet success.
  @Test func sseNeverWaitsSilentlyForever() throws {
    try LoopbackServer.with { s in
      let silent = try aetherctl(["sse", s.base + "/sse/2", "--idle", "1s"], deadline: 20)
      #expect(silent.end == .exited(3), "\(silent.stderr)")
      #expect(silent.stdout.split(separator: "\n").contains { $0.contains("{\"Seq\":3}") }, "\(silent.stdout)")
      #expect(silent.stderr.contains("the stream went silent for 1s after 3 event(s)"), "\(silent.stderr)")
      let mute = try aetherctl(["sse", s.base + "/slow/30", "--idle", "2s"], deadline: 20)
      #expect(mute.end == .exited(3), "\(mute.stderr)")
      #expect(mute.stderr.contains("nothing within 2s (no answer"), "\(mute.stderr)")
      let nothing = try aetherctl(["sse", s.base + "/slow/30", "--duration", "1s"], deadline: 20)
      #expect(nothing.end == .exited(1), "\(nothing.stderr)")
      #expect(nothing.stderr.contains("nothing arrived within --duration 1s"), "\(nothing.stderr)")
    }
  }

  @Test func sseEventsSplitAcrossPackets() throws {
    try LoopbackServer.with { s in
      // The fixture ends the stream after three events: all shown, and the early end is exit 1.
      let r = try aetherctl(["-o", "json", "sse", s.base + "/sse"])
      #expect(r.status == 1, "\(r.stderr)")
      #expect(r.stderr.contains("stream closed by the server after"), "\(r.stderr)")
      let lines = r.stdout.split(separator: "\n").map(String.init)
      #expect(
        lines == [
          #"{"id":"1","event":"JobCreated","data":"{\"Seq\":1}"}"#,
          #"{"id":"2","event":"message","data":"café\nline two"}"#,
          #"{"id":"2","event":"message","data":"{\"Seq\":3}"}"#,
        ], "\(r.stdout)")
      let text = try aetherctl(["sse", s.base + "/sse"])
      #expect(text.stdout.hasPrefix("[JobCreated] id=1 {\"Seq\":1}\n"))
      // An endless stream ends at --limit, or at --duration.
      let limited = try aetherctl(["-o", "json", "sse", s.base + "/sse/1", "--limit", "5"], deadline: 15)
      #expect(limited.status == 0, "\(limited.stderr)")
      #expect(limited.stdout.split(separator: "\n").count == 5)
      let started = Date()
      let timed = try aetherctl(["sse", s.base + "/sse/1", "--duration", "1s"], deadline: 15)
      #expect(timed.status == 0)
      #expect(Date().timeIntervalSince(started) < 5)
      let interrupted = try aetherctl(["sse", s.base + "/sse/1"], deadline: 15, interruptWhen: .output("{\"Seq\":4}"))
      #expect(interrupted.status == 130)
      #expect(interrupted.stdout.contains("{\"Seq\":3}"))
    }
  }

  @Test func deadServersAreExitThreeWithinTheTimeout() throws {
    let silent = try SilentSocket(listening: true)
    // Held to the end of the test: ARC may free it after its last use, and another test could take the port.
    defer { withExtendedLifetime(silent) {} }
    let started = Date()
    let r = try aetherctl(["health", "http://127.0.0.1:\(silent.port)/healthz", "--timeout", "1"])
    #expect(r.status == 3)
    #expect(r.stderr.contains("timed out"))
    #expect(Date().timeIntervalSince(started) < 5)
    let closed = try SilentSocket(listening: false)
    // Held to the end of the test: ARC may free it after its last use, and another test could take the port.
    defer { withExtendedLifetime(closed) {} }
    let refused = try aetherctl(["http", "get", "http://127.0.0.1:\(closed.port)/"])
    #expect(refused.status == 3)
    #expect(refused.stderr.contains("cannot connect"))
    let notURL = try aetherctl(["http", "get", "ftp://example.com/"])
    #expect(notURL.status == 2)
  }
}
