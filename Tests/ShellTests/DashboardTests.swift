import Foundation
import Testing
import TestSupport

/// `dashboard` in a real terminal (tmux), against a served sandbox and a real
/// Prometheus of its own (killed mid-run): what the operator sees, the keys,
/// a resize, and how it ends.
@Suite(.serialized) struct DashboardTests {
  static let environment = [
    "PATH": "/usr/bin:/bin", "HOME": "/nonexistent", "XDG_CONFIG_HOME": "/nonexistent", "XDG_STATE_HOME": "/nonexistent",
    "XDG_CACHE_HOME": "/nonexistent",
  ]

  /// `aetherctl sandbox serve` as its own process; returns it and its bootstrap.
  static func serve() throws -> (ChildProcess, String) {
    let server = try ChildProcess([Terminal.binary, "sandbox", "serve"], environment: environment)
    guard let line = server.readLine(timeout: 10), line.contains(":") else {
      throw FixtureError("sandbox serve printed no address: \(server.stderrText)")
    }
    return (server, line.split(separator: " ").last.map(String.init) ?? line)
  }

  /// The fixed environment with `extra` on top, as `env -i` assignments for the pane's shell.
  static func assignments(_ extra: [String: String]) -> String {
    environment.merging(extra) { _, b in b }.map { "\($0.key)=\($0.value)" }.sorted().joined(separator: " ")
  }

  /// Starts `aetherctl ARGS` in a 120×40 pane with the fixed environment and
  /// `extra`; the pane shows `EXIT=N` when it ends and stays a minute to be read.
  static func runInPane(_ t: Terminal, _ extra: [String: String], _ args: String) throws {
    // Hermetic: the pane's own XDG directories, whatever `extra` gives.
    var env = [
      "XDG_CONFIG_HOME": t.home.path + "/config", "XDG_STATE_HOME": t.home.path + "/state",
      "XDG_CACHE_HOME": t.home.path + "/cache", "XDG_DATA_HOME": t.home.path + "/data",
    ]
    env.merge(extra) { _, given in given }
    try t.tmux([
      "new-session", "-d", "-x", "120", "-y", "40",
      "env -i \(assignments(env)) \(Terminal.binary) \(args); echo EXIT=$?; sleep 60",
    ])
  }

  static func aetherctl(_ args: [String]) throws -> ProgramRun {
    try runToCompletion(Terminal.binary, args, environment: environment, deadline: 30)
  }

  /// Per partition, the lag the dashboard shows: `p0 ███░ lag 185`.
  static func partitionLags(_ screen: String) -> [Int: Int] {
    var out: [Int: Int] = [:]
    for line in screen.split(separator: "\n") {
      let words = line.split(separator: " ")
      guard let first = words.first, first.hasPrefix("p"), let p = Int(first.dropFirst()),
        let i = words.firstIndex(of: "lag"), i + 1 < words.count,
        let lag = Int(words[i + 1].replacingOccurrences(of: ",", with: ""))
      else { continue }
      out[p] = lag
    }
    return out
  }

  static func totalLag(_ screen: String) -> Int? {
    guard let line = screen.split(separator: "\n").first(where: { $0.hasPrefix(" total lag ") }) else { return nil }
    return Int(line.split(separator: " ")[2].replacingOccurrences(of: ",", with: ""))
  }

  @Test func theOperatorsViewOfTheLagDrill() throws {
    let (server, bootstrap) = try Self.serve()
    defer { server.stop(grace: 0.5) }
    let seed = try Self.aetherctl([
      "-b", bootstrap, "-c",
      "produce aetherlink.events 'x{{seq}}' --key '{{seq}}' --count 900\ngroup seek crm-events-sse --to 100 --execute",
    ])
    #expect(seed.end == .exited(0), "\(seed.stderr)")
    let prometheus = try PrometheusServer.start()
    var prometheusUp = true
    defer { if prometheusUp { prometheus.stop() } }

    let t = try Terminal()
    // The sink runbook's remedies call these fixes; defined, they ask at the terminal.
    let config = t.home.appendingPathComponent("config/aetherctl")
    try FileManager.default.createDirectory(at: config, withIntermediateDirectories: true)
    try "[fixes.logs-core]\nrun = [\"true\"]\n[fixes.restart-core]\nrun = [\"true\"]\n".write(
      to: config.appendingPathComponent("config.toml"), atomically: true, encoding: .utf8)
    try Self.runInPane(
      t, ["TERM": "xterm", "LANG": "C.UTF-8", "HOME": t.home.path],
      "-b \(bootstrap) -p \(prometheus.url) --alertmanager http://127.0.0.1:9 dashboard crm-events-sse --every 1s")
    #expect(t.waitUntil(timeout: 20) { $0.contains("TestGroupLagNow") && Self.partitionLags($0).count == 3 }, "\(t.screen())")

    // The per-partition lag is what `lag -o json` reads.
    let json = try Self.aetherctl(["-b", bootstrap, "-o", "json", "lag", "crm-events-sse"])
    let lag = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
    let expected = Dictionary(
      uniqueKeysWithValues: (lag["partitions"] as? [[String: Any]] ?? []).compactMap { row -> (Int, Int)? in
        guard let p = row["partition"] as? Int, let l = row["lag"] as? Int else { return nil }
        return (p, l)
      })
    #expect(expected.count == 3, "\(json.stdout)")
    var screen = t.screen()
    #expect(Self.partitionLags(screen) == expected, "\(screen)")
    #expect(Self.totalLag(screen) == 600)
    // The fixture's alert on the group, with the runbook its label names; Alertmanager's part said unknown.
    let alertLine = screen.split(separator: "\n").first { $0.contains("TestGroupLagNow") }.map(String.init) ?? ""
    #expect(alertLine.contains("firing") && alertLine.contains("→ runbook CrmEventsConsumerLagHigh"), "\(alertLine)")
    #expect(screen.contains("⚠ Alertmanager (silences):"))
    #expect(screen.contains("members: the broker cannot describe groups"))
    // Colours as the thresholds say: 600 > 500 is red; a time lag under a minute green.
    let coloured = try t.tmux(["capture-pane", "-p", "-e"], capture: true)
    let totalLine = coloured.split(separator: "\n").first { $0.contains("total lag") }.map(String.init) ?? ""
    #expect(totalLine.contains("\u{1B}[31m600"), "\(totalLine.debugDescription)")

    // A resize redraws to the new width.
    #expect(screen.split(separator: "\n").first.map { $0.count > 80 && $0.contains("? keys") } == true)
    try t.tmux(["resize-window", "-x", "80", "-y", "40"])
    #expect(
      t.waitUntil { s in
        let lines = s.split(separator: "\n")
        // The header is cut at the new width (before, it ended with "? keys").
        return lines.first.map { $0.contains("q quit") && !$0.contains("? keys") } == true
          && lines.allSatisfy { $0.count <= 80 }
      }, "\(t.screen())")

    // r on the selected alert: its runbook on the normal screen (remedies ask there), then back.
    // j moves the highlight down; each press is waited for on the screen.
    func highlighted(_ s: String) -> String? { s.split(separator: "\n").first { $0.hasPrefix(" > ") }.map(String.init) }
    var presses = 0
    while presses < 6, let before = highlighted(t.screen()), !before.hasPrefix(" > CrmEventsSinkDown") {
      t.press("j")
      presses += 1
      guard t.waitUntil(timeout: 5, { highlighted($0) != before }) else { break }
    }
    #expect(t.screen().contains(" > CrmEventsSinkDown"), "\(t.screen())")
    t.press("r")
    #expect(t.waitFor("── runbook run CrmEventsSinkDown (for CrmEventsSinkDown) ──"), "\(t.screen())")
    // Each remedy asks on the normal screen, and what is typed there is
    // echoed (the dashboard's no-echo mode is gone); n declines. Then Enter goes back.
    var declined = 0
    let ended = t.waitUntil(timeout: 60) { s in
      if s.contains("press Enter to return to the dashboard") { return true }
      let last = s.split(separator: "\n").last { !$0.trimmingCharacters(in: .whitespaces).isEmpty } ?? ""
      if last.hasSuffix("Run it? [y/N]") && declined < 4 {
        t.type("n")
        _ = t.waitUntil(timeout: 5) { ($0.split(separator: "\n").last { !$0.trimmingCharacters(in: .whitespaces).isEmpty } ?? "").hasSuffix("[y/N] n") }
        t.press("Enter")
        declined += 1
        _ = t.waitUntil(timeout: 5) { !($0.split(separator: "\n").last { !$0.trimmingCharacters(in: .whitespaces).isEmpty } ?? "").hasSuffix("Run it? [y/N]") }
      }
      return false
    }
    #expect(ended, "\(t.screen())")
    #expect(declined == 2 && t.screen().contains("declined"), "\(declined): \(t.screen())")
    #expect(t.screen().contains("Run it? [y/N] n\n"), "typed answers are echoed: \(t.screen())")
    t.press("Enter")
    #expect(t.waitFor("aetherctl dashboard · crm-events-sse"), "\(t.screen())")

    // Prometheus dies: its banner appears, and the lag panel still follows new messages.
    prometheus.stop()
    prometheusUp = false
    #expect(t.waitFor("⚠ Prometheus:", timeout: 15), "\(t.screen())")
    let more = try Self.aetherctl(["-b", bootstrap, "produce", "aetherlink.events", "y", "--count", "30", "--partition", "0"])
    #expect(more.end == .exited(0))
    #expect(t.waitUntil(timeout: 15) { Self.totalLag($0) == 630 && $0.contains("⚠ Prometheus:") }, "\(t.screen())")

    // q: exit 0, and the screen the dashboard found is back.
    t.press("q")
    #expect(t.waitFor("EXIT=0"), "\(t.screen())")
    screen = t.screen()
    #expect(!screen.contains("aetherctl dashboard ·"), "\(screen)")
  }

  @Test func pauseHelpAndGroupKeys() throws {
    let (server, bootstrap) = try Self.serve()
    defer { server.stop(grace: 0.5) }
    _ = try Self.aetherctl([
      "-b", bootstrap, "-c", "produce aetherlink.events x --count 30\ngroup seek other-group --to start --execute",
    ])
    let t = try Terminal()
    try Self.runInPane(
      t, ["TERM": "xterm", "LANG": "C.UTF-8", "NO_COLOR": "1"],
      "-b \(bootstrap) -p http://127.0.0.1:9 --alertmanager http://127.0.0.1:9 dashboard other-group --every 1s")
    #expect(t.waitUntil(timeout: 20) { Self.totalLag($0) == 30 }, "\(t.screen())")
    // NO_COLOR: not one escape in the frame.
    let raw = try t.tmux(["capture-pane", "-p", "-e"], capture: true)
    #expect(!raw.contains("\u{1B}[31m") && !raw.contains("\u{1B}[32m"), "\(raw.debugDescription.prefix(400))")
    // Prometheus down from the start: unknown, never "no alerts".
    #expect(t.screen().contains("unknown until Prometheus answers"))
    t.press("p")
    #expect(t.waitFor("PAUSED"))
    t.press("?")
    #expect(t.waitFor("── Keys ──"))
    t.press("x")
    #expect(t.waitFor("── Lag & capacity"))
    t.press("p")
    #expect(t.waitUntil { !$0.contains("PAUSED") })
    // g: from the group given to the profile's (crm-events-sse, which has no commits here: said, not 0).
    t.press("g")
    #expect(t.waitFor("Lag & capacity · crm-events-sse"), "\(t.screen())")
    #expect(t.waitFor("no committed offsets"), "\(t.screen())")
    t.press("Escape")
    #expect(t.waitFor("EXIT=0"), "\(t.screen())")
  }

  /// The mock cannot describe groups: the consumers panel shows the
  /// kafka-exporter's member count from Prometheus, labelled as its view.
  @Test func membersFallBackToTheExportersCount() throws {
    let (server, bootstrap) = try Self.serve()
    defer { server.stop(grace: 0.5) }
    let seed = try Self.aetherctl([
      "-b", bootstrap, "-c", "produce aetherlink.events x --count 30\ngroup seek billing-sse --to start --execute",
    ])
    #expect(seed.end == .exited(0), "\(seed.stderr)")
    let prometheus = try PrometheusServer.start()
    defer { prometheus.stop() }
    let t = try Terminal()
    try Self.runInPane(
      t, ["TERM": "xterm", "LANG": "C.UTF-8", "NO_COLOR": "1"],
      "-b \(bootstrap) -p \(prometheus.url) --alertmanager http://127.0.0.1:9 dashboard billing-sse --every 1s")
    #expect(
      t.waitUntil(timeout: 20) { $0.contains("members 2 per the kafka-exporter; the broker cannot describe groups") },
      "\(t.screen())")
    t.press("q")
    #expect(t.waitFor("EXIT=0"), "\(t.screen())")
  }

  /// A Prometheus and an Alertmanager that accept and never answer: each is a
  /// banner within the timeout, and the Kafka panel does not wait for them.
  @Test func slowSourcesAreBannersWithinTheTimeout() throws {
    let (server, bootstrap) = try Self.serve()
    defer { server.stop(grace: 0.5) }
    #expect(try Self.aetherctl(["-b", bootstrap, "-c", "produce aetherlink.events x --count 30 --partition 0\n"
      + "group seek crm-events-sse --to start --execute"]).end == .exited(0))
    let silent = try SilentSocket(listening: true)
    let t = try Terminal()
    let started = Date()
    try Self.runInPane(
      t, ["TERM": "xterm", "LANG": "C.UTF-8"],
      "-b \(bootstrap) -p http://127.0.0.1:\(silent.port) --alertmanager http://127.0.0.1:\(silent.port) --timeout 1s dashboard --every 1s")
    // The Kafka panel answers while both HTTP sources are still waiting.
    #expect(t.waitUntil(timeout: 10) { Self.totalLag($0) == 30 }, "\(t.screen())")
    #expect(t.waitUntil(timeout: 10) { $0.contains("⚠ Prometheus:") && $0.contains("⚠ Alertmanager (silences):") }, "\(t.screen())")
    #expect(Date().timeIntervalSince(started) < 8, "the banners came after \(Date().timeIntervalSince(started)) s")
    #expect(try Self.aetherctl(["-b", bootstrap, "produce", "aetherlink.events", "y", "--count", "5", "--partition", "0"]).end == .exited(0))
    #expect(t.waitUntil(timeout: 10) { Self.totalLag($0) == 35 }, "\(t.screen())")
    t.press("q")
    #expect(t.waitFor("EXIT=0"), "\(t.screen())")
  }

  @Test func ctrlCAndSigtermGiveTheScreenBack() throws {
    let (server, bootstrap) = try Self.serve()
    defer { server.stop(grace: 0.5) }
    for (how, status) in [("C-c", "130"), ("TERM", "143")] {
      let t = try Terminal()
      // A group name of its own, so that pkill finds this dashboard and no other.
      let group = "g-\(UUID().uuidString.prefix(8))"
      let env = Self.assignments(["TERM": "xterm", "LANG": "C.UTF-8"])
      try t.tmux([
        "new-session", "-d", "-x", "100", "-y", "30",
        // The wrapper shell ignores Ctrl-C (dash would die of it and take the pane along); aetherctl installs its own handler.
        "trap '' INT; echo before; env -i \(env) \(Terminal.binary) -b \(bootstrap) -p http://127.0.0.1:9 --alertmanager http://127.0.0.1:9 "
          + "dashboard \(group) --every 1s; echo EXIT=$?; sleep 60",
      ])
      #expect(t.waitFor("aetherctl dashboard · \(group)", timeout: 15), "\(t.screen())")
      if how == "C-c" {
        t.press("C-c")
      } else {
        // Anchored on the binary: the wrapper shell's command line names the group too.
        let kill = try runToCompletion("/usr/bin/pkill", ["-TERM", "-f", "^\(Terminal.binary) .*dashboard \(group)"], deadline: 10)
        #expect(kill.end == .exited(0))
      }
      #expect(t.waitFor("EXIT=\(status)"), "\(how): \(t.screen())")
      let screen = t.screen()
      #expect(screen.contains("before") && !screen.contains("aetherctl dashboard ·"), "\(how): \(screen)")
    }
  }

  @Test func notATerminalPointsAtStatusAndWatch() throws {
    let r = try Self.aetherctl(["--sandbox", "dashboard"])
    #expect(r.end == .exited(2), "\(r.stderr)")
    #expect(r.stderr.contains("dashboard needs a terminal; in scripts use 'status GROUP'"), "\(r.stderr)")
    #expect(r.stderr.split(separator: "\n").count == 1)
  }
}

extension DashboardTests {
  /// On the real broker (noida-db) the Consumers panel lists the group's real
  /// members — two kcat consumers with client ids of their own — and follows
  /// a rebalance when one leaves.
  @Test func theConsumersPanelShowsRealMembersOnTheRealBroker() throws {
    let broker = try RealBroker()
    let seed = try Self.aetherctl(["-b", broker.bootstrap, "produce", "aetherlink.events", "x{{seq}}", "--key", "{{seq}}", "--count", "30"])
    #expect(seed.end == .exited(0), "\(seed.stderr)")
    func member(_ id: String) throws -> ChildProcess {
      try ChildProcess(
        ["/usr/bin/kcat", "-b", broker.bootstrap, "-G", "crm-events-sse", "-X", "client.id=\(id)", "-q", "-o", "beginning",
         "aetherlink.events"], environment: Self.environment)
    }
    let first = try member("kcat-one")
    defer { first.stop(grace: 1) }
    let second = try member("kcat-two")
    var secondRunning = true
    defer { if secondRunning { second.stop(grace: 1) } }

    let t = try Terminal()
    try Self.runInPane(
      t, ["TERM": "xterm", "LANG": "C.UTF-8", "HOME": t.home.path],
      "-b \(broker.bootstrap) -p http://127.0.0.1:9 --alertmanager http://127.0.0.1:9 dashboard crm-events-sse --every 1s")
    // Both listed, and between them they own the three partitions (once the rebalance completes).
    func owned(_ screen: String) -> Set<Substring> {
      Set(screen.split(separator: "\n").filter { $0.contains("kcat-") }.flatMap { line in
        line.split(separator: " ").filter { $0.hasPrefix("aetherlink.events[") }
      })
    }
    let both = t.waitUntil(timeout: 30) {
      $0.contains(" members 2") && $0.contains("kcat-one") && $0.contains("kcat-two") && owned($0).count == 3
    }
    #expect(both, "\(t.screen())")

    // One leaves: the broker rebalances and the panel follows.
    second.stop(grace: 1)
    secondRunning = false
    let one = t.waitUntil(timeout: 30) { s in
      s.contains(" members 1") && !s.contains("kcat-two")
        && s.split(separator: "\n").first { $0.contains("kcat-one") }.map { line in
          ["[0]", "[1]", "[2]"].allSatisfy { line.contains("aetherlink.events" + $0) }
        } == true
    }
    #expect(one, "\(t.screen())")
    try t.tmux(["send-keys", "q"])
    #expect(t.waitUntil(timeout: 10) { $0.contains("EXIT=0") }, "\(t.screen())")
  }
}
