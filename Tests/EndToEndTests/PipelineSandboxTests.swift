import Foundation
import Testing
import TestSupport

/// `sandbox serve --pipeline` as operators and scripts use it: every part
/// answers on loopback, `sandbox control` from another process drives it,
/// and everything it started ends with it.
/// One at a time: each starts a cluster, Prometheus and Alertmanager, and
/// several at once on two cores starve the rest of the suite.
// No suite time limit: every program and fixture it runs has its own deadline
// (runToCompletion's, the fixtures' start-up marker waits), and a wall-clock
// limit counted the minutes a test waited for one of the two cooperative
// threads while blocking suites held them: it cut passing tests in CI.
@Suite(.serialized) struct PipelineSandboxTests {
  /// A served pipeline with a home of its own (its state file lives there).
  final class Served {
    let home: URL
    let environment: [String: String]
    let child: ChildProcess
    let parts: [String: Any]

    /// `broker`: the sandbox_broker setting (auto: noida-db when on PATH).
    init(extraArgs: [String] = [], path: String? = nil, broker: String = "auto") throws {
      home = FileManager.default.temporaryDirectory.appendingPathComponent("aetherctl-pipe-\(UUID().uuidString)")
      try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
      var env = hermeticEnvironment(home: home)
      env["AETHER_SANDBOX_BROKER"] = broker
      if let path { env["PATH"] = path }
      environment = env
      child = try ChildProcess(
        [Binary.url.path, "-o", "json", "sandbox", "serve", "--pipeline", "--drill-speed", "30"] + extraArgs,
        environment: env, stderrPath: home.appendingPathComponent("serve.err").path)
      guard let line = child.readLine(timeout: 90), let data = line.data(using: .utf8),
        let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
      else {
        let why = child.stderrText
        child.stop()
        throw FixtureError("sandbox serve --pipeline printed no JSON line: \(why)")
      }
      parts = object
    }

    func port(_ name: String) -> Int? {
      (parts[name] as? String).flatMap { URL(string: $0)?.port }
    }

    func state(_ name: String) -> String? {
      (parts["parts"] as? [[String: Any]])?.first { $0["name"] as? String == name }?["state"] as? String
    }

    func aetherctl(_ args: [String]) throws -> Run {
      try runProgram(Binary.url.path, args, stdin: nil, environment: environment, cwd: nil, deadline: 90)
    }

    deinit {
      child.stop(grace: 20)
      try? FileManager.default.removeItem(at: home)
    }
  }

  /// The directories a sandbox process made for its Prometheus and
  /// Alertmanager (their names carry its pid: other tests run sandboxes too).
  static func sandboxDirectories(of pid: pid_t) -> [String] {
    ((try? FileManager.default.contentsOfDirectory(atPath: NSTemporaryDirectory())) ?? []).filter {
      $0.hasPrefix("aetherctl-sandbox-") && $0.contains("-\(pid)-")
    }
  }

  /// The same drill on both brokers: the real one (noida-db) and the mock.
  @Test(arguments: ["noida", "mock"])
  func servesEveryPartControlsItFromAnotherProcessAndEndsWithItsInput(broker: String) throws {
    let served = try Served(broker: broker)
    #expect(served.parts["broker"] as? String == (broker == "noida" ? "noida-db" : "librdkafka's mock cluster"))
    #expect(
      Self.sandboxDirectories(of: served.child.pid).count == (broker == "noida" ? 3 : 2),
      "one for Prometheus, one for Alertmanager, one for noida-db's data")
    let service = try #require(served.port("crm-events"))
    let exporter = try #require(served.port("kafka-exporter"))
    let prometheus = try #require(served.port("prometheus"), "prometheus: \(served.state("prometheus") ?? "?")")
    let alertmanager = try #require(served.port("alertmanager"))
    let bootstrap = try #require(served.parts["bootstrap"] as? String)
    #expect(plainGet(port: service, "/healthz")?.contains("\"consumer\":\"running\"") == true)
    #expect(plainGet(port: alertmanager, "/-/ready")?.contains(" 200 ") == true)
    // The shipped rules are loaded, and every job was scraped before the address line.
    let up = plainGet(port: prometheus, "/api/v1/query?query=count(up%3D%3D1)") ?? ""
    #expect(up.contains("\"3\"]"), "\(up.suffix(300))")

    // Real consumption: what is produced is consumed and counted, and the
    // exporter's lag follows the log.
    let produced = try served.aetherctl(["-b", bootstrap, "produce", "aetherlink.events", "x", "--count", "40"])
    #expect(produced.end == .exited(0), "\(produced.stderr)")
    let consumed = eventually(by: Date().addingTimeInterval(20)) {
      (plainGet(port: service, "/metrics") ?? "").contains("crm_events_messages_total 40")
    }
    #expect(consumed, "\(plainGet(port: service, "/metrics") ?? "")")
    let lag = eventually(by: Date().addingTimeInterval(10)) {
      let m = plainGet(port: exporter, "/metrics") ?? ""
      return m.contains("kafka_consumergroup_lag_sum{consumergroup=\"crm-events-sse\",topic=\"aetherlink.events\"} 0")
        && m.contains("kafka_topic_partition_current_offset")
    }
    #expect(lag)

    // From another process: found through the state file the server wrote.
    let down = try served.aetherctl(["sandbox", "control", "service", "down"])
    #expect(down.end == .exited(0), "\(down.stderr)")
    #expect(down.stdout.contains("crm-events down"))
    #expect(plainGet(port: service, "/healthz") == nil, "a down service refuses")
    let bad = try served.aetherctl(["sandbox", "control", "service", "sideways"])
    #expect(bad.end == .exited(2), "\(bad.stderr)")
    let upAgain = try served.aetherctl(["sandbox", "control", "service", "up"])
    #expect(upAgain.end == .exited(0), "\(upAgain.stderr)")
    #expect(plainGet(port: service, "/healthz")?.contains(" 200 ") == true)
    // A new process: its counter starts at zero.
    #expect(plainGet(port: service, "/metrics")?.contains("crm_events_messages_total 0") == true)

    // One state file per served sandbox (issue 29): one of a process that ended is
    // removed, never used; with two live ones the newest is used, and said.
    let states = served.home.appendingPathComponent("state/aetherctl/sandboxes")
    let mine = states.appendingPathComponent("\(served.child.pid).json")
    let record = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: mine)) as? [String: Any])
    let control = try #require(record["control"] as? String)
    let stale = states.appendingPathComponent("999999.json")
    try Data(#"{"control":"http://127.0.0.1:9","pid":999999,"startedAt":9e12}"#.utf8).write(to: stale)
    let other = states.appendingPathComponent("\(getpid()).json")
    try Data(#"{"control":"\#(control)","pid":\#(getpid()),"startedAt":1}"#.utf8).write(to: other)
    let picked = try served.aetherctl(["sandbox", "control", "status"])
    #expect(picked.end == .exited(0), "\(picked.stderr)")
    #expect(picked.stderr.contains("2 sandboxes are served"), "\(picked.stderr)")
    // A served pipeline's status is the same table, read from its summary.
    #expect(picked.stdout.contains(#/alertmanager\s+http://127\.0\.0\.1:\d+\s+up/#), "\(picked.stdout)")
    #expect(!FileManager.default.fileExists(atPath: stale.path), "the dead sandbox's file is removed")
    try? FileManager.default.removeItem(at: other)

    // End of input ends it, and everything it started.
    served.child.closeInput()
    #expect(served.child.waitForExit(timeout: 30) == .exited(0), "\(served.child.stderrText)")
    #expect(plainGet(port: prometheus, "/-/ready") == nil, "Prometheus ended with the sandbox")
    #expect(plainGet(port: alertmanager, "/-/ready") == nil, "Alertmanager ended with the sandbox")
    let left = eventually(by: Date().addingTimeInterval(10)) { Self.sandboxDirectories(of: served.child.pid).isEmpty }
    #expect(left, "\(Self.sandboxDirectories(of: served.child.pid))")
    #expect(!FileManager.default.fileExists(atPath: mine.path), "its state file goes with it")
    let gone = try served.aetherctl(["sandbox", "control", "status"])
    #expect(gone.end == .exited(1), "nothing serves any more: \(gone.end) \(gone.stderr)")
    #expect(gone.stderr.contains("no pipeline sandbox"))
  }

  /// One process: the settings point at the parts, the container fixes act
  /// on them without a terminal, and control answers in one line each.
  @Test func inASessionTheFixesAndSettingsAreTheSandboxs() throws {
    let script = """
      config get service
      config get prometheus
      sandbox --require-pipeline -o json
      remedy "stop it" fix stop container=aether-crm-events
      if health $(config get service)/healthz --unreachable-is-down
        echo "still up"
      else
        echo "refused as a stopped container"
      end
      remedy "start it" fix start container=aether-crm-events
      health $(config get service)/healthz
      remedy "scale it" fix scale service=crm-events replicas=2
      sandbox control status
      """
    let r = try aetherctl(["--sandbox=pipeline", "--drill-speed", "30", "-c", script], deadline: 120)
    #expect(r.end == .exited(0), "\(r.stderr)")
    let lines = r.stdout.split(separator: "\n").map(String.init)
    #expect(lines.first?.hasPrefix("http://127.0.0.1:") == true, "\(r.stdout.prefix(300))")
    #expect(lines.dropFirst().first?.hasPrefix("http://127.0.0.1:") == true)
    #expect(r.stdout.contains("\"drillSpeed\":30") || r.stdout.contains("\"drillSpeed\": 30"))
    #expect(r.stdout.contains("approved: it changes only this session's sandbox"))
    #expect(r.stdout.contains("refused as a stopped container"))
    #expect(r.stdout.contains("crm-events scaled to 2 replicas"))
    // `sandbox control status` is the table `sandbox` prints.
    #expect(r.stdout.contains(#/part\s+address\s+state\n/#), "\(r.stdout.suffix(600))")
    #expect(r.stdout.contains(#/crm-events\s+http://127\.0\.0\.1:\d+\s+up: 2 replicas at 81/s each/#), "\(r.stdout.suffix(600))")
  }

  /// CrmEventsFrequentRestarts fires when crm-events restarts more than 3
  /// times: each restart gives the stand-in a new process start time, and
  /// Prometheus (at drill speed) counts the changes. Clearing is not staged
  /// here: the rule's 15m window is real time (drill speed scales `for:`,
  /// not range windows); promtool's unit test proves it clears. Each restart
  /// is waited for until Prometheus has scraped the new, later start time:
  /// a scrape during the restart finds no series (`--or 0`), and a loop that
  /// took that for the change restarted again before the new value was
  /// counted (under load, the alert then saw fewer than four changes).
  @Test func frequentRestartsFiresWhenTheServiceKeepsRestarting() throws {
    let start = #"max(process_start_time_seconds{job="crm-events"})"#
    let firing = #"count(ALERTS{alertname="CrmEventsFrequentRestarts",alertstate="firing"})"#
    let script = """
      for i in 1..4
        set before $(prom query '\(start)' --or 0)
        sandbox control container crm-events restart
        wait --timeout 60s --every 500ms $(prom query '\(start)' --or 0) > $before
      end
      wait --timeout 90s --every 1s $(prom query '\(firing)' --or 0) == 1
      echo "fired"
      runbook run CrmEventsFrequentRestarts
      """
    let r = try aetherctl(["--sandbox=pipeline", "--drill-speed", "30", "-c", script], deadline: 240)
    #expect(r.end == .exited(0), "\(r.stderr.suffix(800))")
    #expect(r.stdout.contains("crm-events restarted"), "\(r.stdout.prefix(400))")
    #expect(r.stdout.contains("fired"), "\(r.stdout.suffix(800))")
    // The runbook reads the same count and says what the alert says.
    #expect(r.stdout.contains("restarts in 15m"), "\(r.stdout.suffix(800))")
    #expect(!r.stdout.contains("under the alert's 3"), "\(r.stdout.suffix(800))")
  }

  /// The stand-in at 1 event/s scaled 2 → 1 a few times on the mock: a
  /// commit refused for a lost generation was retried as it was, and the
  /// member never got its partitions back (lag stuck until a restart). Its
  /// offsets are now dropped: once the rate is up, the backlog drains.
  @Test func theStandInRejoinsAfterLosingItsGeneration() throws {
    let script = """
      sandbox control consumer rate 1
      produce aetherlink.events '{"Seq":{{seq}}}' --count 1500 --key '{{seq}}' -o plain
      for k in 1..4
        sandbox control container crm-events scale 2
        sleep 750ms
        sandbox control container crm-events scale 1
        sleep 5s
      end
      sandbox control consumer rate 1000
      wait --timeout 60s --every 1s $(lag crm-events-sse --total) == 0
      echo drained
      """
    let r = try aetherctl(
      ["--sandbox=pipeline", "--sandbox-broker", "mock", "--drill-speed", "30", "-c", script], deadline: 180)
    #expect(r.end == .exited(0), "\(r.stdout.suffix(400)) \(r.stderr.suffix(1200))")
    #expect(r.stdout.contains("drained"), "\(r.stderr.suffix(1200))")
    #expect(!r.stderr.contains("stop its consumers first"), "a member is not told to stop itself: \(r.stderr.suffix(800))")
  }

  @Test(arguments: [
    (["--sandbox=pipe", "-c", "sandbox"], 2, "'pipe' is not a sandbox"),
    (["--sandbox", "-c", "sandbox --require-pipeline"], 1, "has no pipeline"),
    (["-c", "lag crm-events-sse --sandbox=pipeline"], 2, "go before the command"),
    (["-c", "lag crm-events-sse --drill-speed 30"], 2, "go before the command"),
    (["-c", "config get kafka.sasl.password"], 2, "is a secret"),
    (["-c", "config get prometheus-url"], 2, "no setting 'prometheus-url'"),
    (["-c", "sandbox control consumer rate fast"], 2, "not a rate"),
    (["-c", "sandbox control status"], 1, "no pipeline sandbox"),
    (["--sandbox=pipeline", "--drill-speed", "0.5", "-c", "sandbox"], 2, "not a drill speed"),
    (["-c", "sandbox serve --drill-speed 30"], 2, "go with --pipeline"),
  ])
  func wrongUseIsOneLineWithItsStatus(args: [String], status: Int32, says: String) throws {
    let r = try aetherctl(args, deadline: 60)
    #expect(r.end == .exited(status), "\(args): \(r.end) \(r.stderr)")
    #expect(r.stderr.contains(says), "\(args): \(r.stderr)")
  }

  /// `--control`: a driving program's lines on stdin, one answer line each,
  /// brokers and pipeline words alike; `--no-monitoring` starts neither server.
  @Test func controlLinesOnStdinAnswerOneLineEach() throws {
    // Brokers down and up: the mock cluster's (noida-db runs one broker).
    let served = try Served(extraArgs: ["--control", "--no-monitoring"], broker: "mock")
    #expect(served.state("prometheus") == "not started (--no-monitoring)", "\(served.parts)")
    #expect(served.parts["prometheus"] == nil)
    let exchanges = [
      ("consumer rate 5", "ok consumer rate 5 events/s per replica"),
      ("down 2", "ok down 2"),
      ("status", "ok kafka broker 2 of 3 down; crm-events up: 1 replica at 5/s each"),
      ("up 2", "ok up 2"),
      ("service down", "ok crm-events down"),
      ("consumer start", "error: crm-events is down: 'service up' first"),
      ("sideways", "error: expected consumer stop|start"),
    ]
    for (line, answer) in exchanges {
      served.child.writeLine(line)
      let got = served.child.readLine(timeout: 30) ?? "(no answer)"
      #expect(got.hasPrefix(answer), "\(line): \(got)")
    }
    served.child.closeInput()
    #expect(served.child.waitForExit(timeout: 30) == .exited(0), "\(served.child.stderrText)")
  }

  @Test func aStandInThatDiesIsReportedNotHidden() throws {
    let served = try Served()
    let prometheus = try #require(served.port("prometheus"))
    let kill = try runProgram(
      // The program itself (its argv starts with its name), not the shell that watches it.
      "/usr/bin/pkill", ["-KILL", "-f", "^prometheus --config.file=.*web.listen-address=127.0.0.1:\(prometheus)"],
      stdin: nil,
      environment: ProcessInfo.processInfo.environment, cwd: nil, deadline: 10)
    #expect(kill.end == .exited(0), "pkill found the sandbox's Prometheus")
    let reported = eventually(by: Date().addingTimeInterval(15)) {
      served.child.stderrText.contains("prometheus stopped unexpectedly")
    }
    #expect(reported, "\(served.child.stderrText)")
    let status = try served.aetherctl(["sandbox", "control", "status"])
    #expect(status.stdout.contains(#/prometheus\s+—\s+stopped unexpectedly \(status 137\)/#), "\(status.stdout)")
    let line = try served.aetherctl(["-o", "plain", "sandbox", "control", "status"])
    #expect(line.stdout.contains("prometheus stopped unexpectedly"), "\(line.stdout)")
  }

  @Test func withoutPrometheusAndAlertmanagerItSaysSoAndServesTheRest() throws {
    // A PATH with a shell and nothing else: neither server is installed there.
    let bin = FileManager.default.temporaryDirectory.appendingPathComponent("aetherctl-bin-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: bin) }
    for tool in ["sh", "cat"] {
      try FileManager.default.createSymbolicLink(atPath: bin.appendingPathComponent(tool).path, withDestinationPath: "/bin/\(tool)")
    }
    let served = try Served(path: bin.path)
    #expect(served.state("prometheus")?.contains("not installed") == true, "\(served.parts)")
    #expect(served.state("alertmanager")?.contains("apt install prometheus-alertmanager") == true, "\(served.parts)")
    #expect(served.child.stderrText.contains("sandbox: prometheus not installed"))
    let service = try #require(served.port("crm-events"))
    #expect(plainGet(port: service, "/healthz")?.contains(" 200 ") == true)
    let sink = try #require(served.port("crm-events-sink"))
    // The seed's test traffic, ingested: 5 leads and 2 jobs for tenant acme.
    let metrics = plainGet(port: sink, "/metrics") ?? ""
    #expect(metrics.contains("crm_events_ingested_total{tenant_id=\"acme\",topic=\"apexflow.leads.created\"} 5"), "\(metrics)")
    #expect(metrics.contains("crm_events_ingested_total{tenant_id=\"acme\",topic=\"apexflow.jobs.created\"} 2"))
  }
}
