import Foundation
import Testing
import TestSupport

/// Debian's Alertmanager, fed by a real Prometheus that evaluates a copy of
/// the shipped rules at drill speed (`for: 1s`) and scrapes a sink target
/// that is down: `CrmEventsSinkDown` really fires, reaches Alertmanager, and
/// is silenced and expired through aetherctl, with amtool as the peer that
/// must agree at every step.
enum SharedAlertLoop {
  static let servers = Result { () throws -> (AlertmanagerServer, PrometheusServer) in
    let am = try AlertmanagerServer.start()
    return (am, try PrometheusServer.start(alertmanager: am.address, drillSpeed: true))
  }
  static func alertmanager() throws -> AlertmanagerServer { try servers.get().0 }
}

// No suite time limit: every program and fixture it runs has its own deadline
// (runToCompletion's, the fixtures' start-up marker waits), and a wall-clock
// limit counted the minutes a test waited for one of the two cooperative
// threads while blocking suites held them: it cut passing tests in CI.
@Suite struct AlertmanagerTests {
  func am(_ args: [String], env: [String: String] = [:]) throws -> Run {
    try aetherctl(["--alertmanager", try SharedAlertLoop.alertmanager().url] + args, env: env)
  }

  /// The peer, with a home of its own so no amtool config of the machine's applies.
  func amtool(_ args: [String]) throws -> ProgramRun {
    let url = try SharedAlertLoop.alertmanager().url
    let home = FileManager.default.temporaryDirectory.appendingPathComponent("amtool-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: home) }
    return try runToCompletion(
      "/usr/bin/amtool", ["--alertmanager.url=\(url)"] + args, environment: hermeticEnvironment(home: home),
      deadline: 20)
  }

  func json(_ r: Run) throws -> [[String: Any]] {
    #expect(r.end == .exited(0), "\(r.stderr)")
    return try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [[String: Any]])
  }

  static func silencedBy(_ alert: [String: Any]) -> [String] {
    ((alert["status"] as? [String: Any])?["silencedBy"] as? [String]) ?? []
  }

  /// The alert as Alertmanager holds it, once Prometheus has sent it.
  func waitForAlert(_ name: String) throws -> [String: Any] {
    var alert: [String: Any]?
    let arrived = try eventually(by: Date().addingTimeInterval(60), every: 0.25) {
      alert = try json(try am(["-o", "json", "am", "alerts", name])).first {
        ($0["labels"] as? [String: String])?["alertname"] == name
      }
      return alert != nil
    }
    guard arrived, let alert else { throw FixtureError("\(name) never reached Alertmanager") }
    return alert
  }

  /// With $USER and $LOGNAME unset (cron, a container), a silence's author is
  /// the login name of the user id, as amtool's would be the operator's.
  @Test func aSilencesAuthorWithoutUSERIsTheLoginName() throws {
    let r = try am(
      ["-o", "json", "am", "silence", "add", "CrmEventsSinkDown", "--duration", "5m", "--comment", "who", "--dry-run"],
      env: ["USER": "", "LOGNAME": ""])
    #expect(r.end == .exited(0), "\(r.stderr)")
    let body = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
    let login = try runToCompletion("/usr/bin/id", ["-un"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    #expect(!login.isEmpty)
    #expect(body["createdBy"] as? String == login, "\(body)")
  }

  @Test func theDrillsAlertIsSilencedAndExpiredAndAmtoolAgrees() throws {
    let alert = try waitForAlert("CrmEventsSinkDown")
    #expect(Self.silencedBy(alert).isEmpty)
    let table = try am(["am", "alerts", "--state", "active"])
    #expect(table.end == .exited(0))
    #expect(table.stdout.contains("CrmEventsSinkDown") && table.stdout.contains("active"))

    let add = try am([
      "-o", "plain", "am", "silence", "add", "CrmEventsSinkDown", "--duration", "30m", "--comment", "sink drill",
      "--author", "drill-tester",
    ])
    #expect(add.end == .exited(0), "\(add.stderr)")
    let id = add.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    #expect(UUID(uuidString: id) != nil, "id: \(id)")

    // amtool sees the silence aetherctl made, with the same matchers.
    let query = try amtool(["silence", "query", "-o", "json", "alertname=CrmEventsSinkDown"])
    #expect(query.end == .exited(0), "\(query.stderr)")
    let seen = try #require(try JSONSerialization.jsonObject(with: Data(query.stdout.utf8)) as? [[String: Any]])
    let ours = try #require(seen.first { $0["id"] as? String == id })
    #expect(ours["createdBy"] as? String == "drill-tester")
    #expect(ours["comment"] as? String == "sink drill")

    // The alert is silenced, by that silence.
    let silenced = try json(try am(["-o", "json", "am", "alerts", "--state", "silenced", "CrmEventsSinkDown"]))
    #expect(silenced.contains { Self.silencedBy($0) == [id] })
    let shown = try am(["am", "alerts"])
    #expect(shown.stdout.contains("silenced") && shown.stdout.contains("silence \(id.prefix(8))"))

    // Joined with the rest: Prometheus's view marks it, and its runbook says so first.
    let prometheus = try SharedAlertLoop.servers.get().1.url
    let prom = try am(["-p", prometheus, "-o", "json", "prom", "alerts"])
    #expect(prom.end == .exited(0), "\(prom.stderr)")
    let evaluated = try #require(try JSONSerialization.jsonObject(with: Data(prom.stdout.utf8)) as? [[String: Any]])
    let sinkDown = try #require(evaluated.first { $0["name"] as? String == "CrmEventsSinkDown" })
    #expect(sinkDown["silencedBy"] as? [String] == [id])
    let book = try am(["-p", prometheus, "runbook", "run", "CrmEventsSinkDown"])
    let head = book.stdout.split(separator: "\n").prefix(6).joined(separator: "\n")
    #expect(head.contains("Prometheus: CrmEventsSinkDown is firing"), "\(book.stdout)")
    #expect(head.contains("silenced by drill-tester until") && head.contains(id), "\(book.stdout)")

    // Expiring changes state: refused without --yes when nobody can be asked.
    let unasked = try am(["am", "silence", "expire", id])
    #expect(unasked.end == .exited(1))
    #expect(unasked.stderr.contains("--yes"))
    #expect(try amtool(["silence", "query", "-q", "alertname=CrmEventsSinkDown"]).stdout.contains(id))
    let expire = try am(["am", "silence", "expire", id, "--yes"])
    #expect(expire.end == .exited(0), "\(expire.stderr)")
    #expect(!(try amtool(["silence", "query", "-q", "alertname=CrmEventsSinkDown"]).stdout.contains(id)))
    let after = try json(try am(["-o", "json", "am", "alerts", "CrmEventsSinkDown"]))
    #expect(after.allSatisfy { Self.silencedBy($0).isEmpty })
    let expired = try am(["-o", "plain", "am", "silence", "list", "--expired"])
    #expect(expired.stdout.contains(id))
  }

  @Test func whatAmtoolCreatesTheListShows() throws {
    let add = try amtool([
      "silence", "add", "alertname=CrmEventsNoMessages", "severity=~warn.*", "-c", "from amtool", "-d", "10m",
      "-a", "peer",
    ])
    #expect(add.end == .exited(0), "\(add.stderr)")
    let id = add.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    let list = try json(try am(["-o", "json", "am", "silence", "list", "alertname=CrmEventsNoMessages"]))
    let s = try #require(list.first { $0["id"] as? String == id }, "\(list)")
    let matchers = try #require(s["matchers"] as? [[String: Any]])
    #expect(matchers.contains { $0["name"] as? String == "severity" && $0["isRegex"] as? Bool == true })
    #expect(s["createdBy"] as? String == "peer")
    let table = try am(["am", "silence", "list"])
    #expect(table.stdout.contains(id) && table.stdout.contains(#"severity=~"warn.*""#))
    let extend = try am(["am", "silence", "extend", id, "--duration", "1h", "--yes"])
    #expect(extend.end == .exited(0), "\(extend.stderr)")
    #expect(try am(["am", "silence", "expire", "CrmEventsNoMessages", "--yes"]).end == .exited(0))
  }

  /// Where Alertmanager cannot be asked, prom alerts claims nothing about
  /// silences, and a runbook says what it could not find out.
  @Test func withoutAlertmanagerNothingIsClaimed() throws {
    let prometheus = try SharedAlertLoop.servers.get().1.url
    let prom = try aetherctl(["-p", prometheus, "--alertmanager", "http://127.0.0.1:9", "-o", "json", "prom", "alerts"])
    #expect(prom.end == .exited(0))
    #expect(!prom.stdout.contains("silencedBy"))
    let book = try aetherctl(["-p", prometheus, "--alertmanager", "http://127.0.0.1:9", "runbook", "run", "CrmEventsSinkDown"])
    #expect(book.stdout.contains("Alertmanager: whether CrmEventsSinkDown is silenced is unknown"), "\(book.stdout)")
  }

  /// The fixture routes everything to the receiver `nobody`.
  @Test func alertsByReceiver() throws {
    _ = try waitForAlert("CrmEventsSinkDown")
    let routed = try json(try am(["-o", "json", "am", "alerts", "--receiver", "nob.*"]))
    #expect(routed.contains { ($0["labels"] as? [String: String])?["alertname"] == "CrmEventsSinkDown" })
    let elsewhere = try am(["am", "alerts", "--receiver", "pager"])
    #expect(elsewhere.end == .exited(0))
    #expect(elsewhere.stdout.contains("Alertmanager holds no alerts"), "\(elsewhere.stdout)")
  }

  @Test func aDryRunCreatesNothing() throws {
    let before = try amtool(["silence", "query", "-q", "alertname=CrmEventsServiceDown"])
    let r = try am([
      "am", "silence", "add", "CrmEventsServiceDown", "--until", "+2h", "--comment", "rehearsal", "--dry-run",
    ])
    #expect(r.end == .exited(0), "\(r.stderr)")
    #expect(r.stdout.contains("dry run: not created") && r.stdout.contains("(in 2h)"))
    let after = try amtool(["silence", "query", "-q", "alertname=CrmEventsServiceDown"])
    #expect(after.stdout == before.stdout)
  }

  /// A silence is a mutation: on a protected profile a script needs --yes,
  /// and without it nothing is created (amtool agrees).
  @Test func aProtectedProfileNeedsYesToSilence() throws {
    let home = FileManager.default.temporaryDirectory.appendingPathComponent("aether-am-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: home.appendingPathComponent("aetherctl"), withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: home) }
    try "[profiles.local]\nprotected = true\n".write(
      to: home.appendingPathComponent("aetherctl/config.toml"), atomically: true, encoding: .utf8)
    let env = ["XDG_CONFIG_HOME": home.path]
    let args = ["am", "silence", "add", "CrmEventsNoClients", "--duration", "5m", "--comment", "guarded"]
    let before = try amtool(["silence", "query", "-q", "alertname=CrmEventsNoClients"])
    let refused = try am(args, env: env)
    #expect(refused.end == .exited(1), "\(refused.stderr)")
    #expect(refused.stderr.contains("is protected") && refused.stderr.contains("add --yes"), "\(refused.stderr)")
    #expect(try amtool(["silence", "query", "-q", "alertname=CrmEventsNoClients"]).stdout == before.stdout)
    let passed = try am(args + ["--yes", "-o", "plain"], env: env)
    #expect(passed.end == .exited(0), "\(passed.stderr)")
    let id = passed.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    #expect(try amtool(["silence", "query", "-q", "alertname=CrmEventsNoClients"]).stdout.contains(id))
    _ = try amtool(["silence", "expire", id])
  }

  @Test func statusNamesTheVersion() throws {
    let r = try am(["am", "status"])
    #expect(r.end == .exited(0), "\(r.stderr)")
    #expect(r.stdout.contains("0.25") && r.stdout.contains("config hash"))
  }

  @Test(arguments: [
    (["am", "silence", "add", "alert name=x", "--duration", "1m", "--comment", "c"], "column 6"),
    (["am", "silence", "add", "a=~(", "--duration", "1m", "--comment", "c"], "column 4: '(' is not a regular expression"),
    (["am", "silence", "add", "alertname=~.*", "--duration", "1m", "--comment", "c"], "would mute every alert"),
    (["am", "silence", "add", "alertname=~.+", "--duration", "1m", "--comment", "c"], "would mute every alert"),
    (["am", "silence", "add", "alertname!=\"\"", "--duration", "1m", "--comment", "c"], "would mute every alert"),
    (["am", "silence", "add", "a=", "--dry-run", "--duration", "1m", "--comment", "c"], "Alertmanager refuses such a silence"),
    (["am", "silence", "add", "--duration", "1m", "--comment", "c"], "at least one matcher"),
    (["am", "silence", "add", "X", "--comment", "c"], "--duration or --until"),
    (["am", "alerts", "--state", "firing"], "firing"),
  ])
  func badInputIsAUsageErrorBeforeAnyRequest(args: [String], message: String) throws {
    // Pointed at a port nothing listens on: a request would be exit 3.
    let r = try aetherctl(["--alertmanager", "http://127.0.0.1:9"] + args)
    #expect(r.end == .exited(2), "\(r.stderr)")
    #expect(r.stderr.contains(message), "\(r.stderr)")
  }

  @Test func unreachableIsExit3NamingTheURLAndRefusalsAreAlertmanagersOwn() throws {
    let down = try aetherctl(["--alertmanager", "http://127.0.0.1:9", "am", "alerts"])
    #expect(down.end == .exited(3))
    #expect(down.stderr.contains("http://127.0.0.1:9/api/v2/alerts"))
    let past = try am(["am", "silence", "add", "X", "--until", "2020-01-01T00:00:00Z", "--comment", "c"])
    #expect(past.end == .exited(1))
    #expect(past.stderr.contains("start time must be before end time"), "\(past.stderr)")
  }

  @Test func theTokenStaysSecret() throws {
    let token = "am-token-7f3c9"
    let env = ["AETHER_ALERTMANAGER_TOKEN": token]
    let show = try am(["config", "show"], env: env)
    #expect(show.stdout.contains("alertmanager token") && !show.stdout.contains(token))
    let verbose = try am(["-v", "am", "status"], env: env)
    #expect(verbose.end == .exited(0))
    #expect(!verbose.stderr.contains(token) && !verbose.stdout.contains(token))
  }
}
