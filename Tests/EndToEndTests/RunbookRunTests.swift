import Foundation
import Testing
import TestSupport

/// How a runbook runs in an incident: on the session's settings, calling
/// only fixes that exist where it runs, sampling once, and ending 0 when
/// every step ran whatever it found.
@Suite struct RunbookRunTests {
  static func object(_ text: String) throws -> [String: Any] {
    try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] ?? [:]
  }

  static func variables(_ object: [String: Any]) -> [String: (value: String, from: String)] {
    var out: [String: (String, String)] = [:]
    for v in object["variables"] as? [[String: Any]] ?? [] {
      out[v["name"] as? String ?? ""] = (v["value"] as? String ?? "", v["from"] as? String ?? "")
    }
    return out
  }

  /// A profile's group, topic and capacity and AETHER_TOPIC are the
  /// runbook's defaults, each said with where it came from; --var wins.
  @Test func defaultsComeFromTheSession() throws {
    let home = try scratch([
      "config/aetherctl/config.toml": """
        [profiles.local]
        brokers = "localhost:9092"

        [profiles.orders]
        group = "orders-sse"
        topic = "orders.events"
        capacity = 81

        """
    ])
    defer { try? FileManager.default.removeItem(at: home) }
    let env = [
      "XDG_CONFIG_HOME": home.appendingPathComponent("config").path, "AETHER_TOPIC": "orders.v2",
      "AETHER_SERVICE_URL": "http://ops:hunter2@127.0.0.1:9010",
    ]
    let show = try aetherctl(["--profile", "orders", "-o", "json", "runbook", "show", "CrmEventsConsumerLagHigh"], env: env)
    #expect(show.end == .exited(0), "\(show.stderr)")
    let vars = Self.variables(try Self.object(show.stdout))
    #expect(vars["group"]?.value == "orders-sse")
    #expect(vars["group"]?.from == "setting group (profile orders)")
    #expect(vars["topic"]?.value == "orders.v2")
    #expect(vars["topic"]?.from == "setting topic (AETHER_TOPIC)")
    #expect(vars["capacity"]?.value == "81")
    #expect(vars["window"]?.from == "runbook default")
    // A password in a URL is never shown, in JSON or in the table.
    let stuck = try aetherctl(["runbook", "show", "CrmEventsConsumerStuck"], env: env)
    #expect(stuck.end == .exited(0), "\(stuck.stderr)")
    #expect(stuck.stdout.contains("sse_url") && !stuck.stdout.contains("hunter2"), "\(stuck.stdout)")
    let stuckJSON = try aetherctl(["-o", "json", "runbook", "show", "CrmEventsConsumerStuck"], env: env)
    #expect(stuckJSON.stdout.contains("127.0.0.1:9010") && !stuckJSON.stdout.contains("hunter2"), "\(stuckJSON.stdout)")

    // Without the profile, the capacity is the runbook's "measured".
    let plain = try aetherctl(["-o", "json", "runbook", "show", "CrmEventsHotKeySkewHigh"], env: env)
    #expect(Self.variables(try Self.object(plain.stdout))["capacity"]?.value == "measured")
    // AETHER_GROUP is the group where the profile names none, and over one that does.
    for profile in [[], ["--profile", "orders"]] {
      let byEnv = try aetherctl(
        profile + ["-o", "json", "runbook", "show", "CrmEventsHotKeySkewHigh"], env: env.merging(["AETHER_GROUP": "billing-sse"]) { $1 })
      let group = Self.variables(try Self.object(byEnv.stdout))["group"]
      #expect(group?.value == "billing-sse", "\(profile): \(byEnv.stdout)")
      #expect(group?.from == "setting group (AETHER_GROUP)", "\(profile): \(byEnv.stdout)")
    }

    // The run uses them: the hot-key runbook sizes with the profile's 81/s and reads its group.
    let run = try aetherctl(
      ["--sandbox", "--profile", "orders", "-c", "runbook run CrmEventsHotKeySkewHigh --var group=g-by-var"], env: env,
      deadline: 90)
    #expect(run.end == .exited(0), "\(run.stderr)")
    #expect(run.stdout.contains("with group=g-by-var topic=orders.v2 window=10s capacity=81 keys=1000"), "\(run.stdout)")

    let typo = try aetherctl(["runbook", "run", "CrmEventsConsumerLagHigh", "--var", "grop=x"], env: env)
    #expect(typo.end == .exited(2))
    #expect(typo.stderr.contains("takes no variable 'grop'; did you mean 'group'?"), "\(typo.stderr)")

    // --help lists the variables, with their defaults.
    let help = try aetherctl(["runbook", "run", "--help"])
    #expect(help.stdout.contains("group = setting group"), "\(help.stdout)")
    #expect(help.stdout.contains("capacity = setting capacity, else measured"), "\(help.stdout)")
  }

  /// Each window is sampled once per run: status, eta and scale-hint show
  /// and decide from the same sample (-v logs each sample taken). Prometheus
  /// is not there: its steps are findings, and the run still ends 0.
  @Test func eachWindowIsSampledOnceAndFindingsAreNotFailures() throws {
    let r = try aetherctl(
      [
        "--sandbox", "-v", "-p", "http://127.0.0.1:1", "--alertmanager", "http://127.0.0.1:1", "-c",
        """
        produce aetherlink.events 'x{{seq}}' --count 600 --partition 1
        group seek crm-events-sse --to start --topic aetherlink.events --execute
        runbook run CrmEventsConsumerLagHigh
        echo "exit $?"
        """,
      ], deadline: 120)
    #expect(r.end == .exited(0), "\(r.stderr.suffix(1500))")
    let samples = r.stderr.components(separatedBy: "sample 1 at +0s").count - 1
    #expect(samples == 1, "\(r.stderr)")
    #expect(r.stderr.contains("the sample of this runbook run"), "\(r.stderr)")
    #expect(r.stdout.contains("exit 0\n"), "\(r.stdout)")
    #expect(r.stdout.contains("  finding: prom: POST http://127.0.0.1:1"), "\(r.stdout)")
    #expect(!r.stderr.contains("runbook:CrmEventsConsumerLagHigh:"), "findings are not errors: \(r.stderr)")
    // The status step found the stalled group: a finding, and its verdict says so.
    #expect(r.stdout.contains("  finding: status: crm-events-sse is"), "\(r.stdout)")
    #expect(r.stdout.contains("Lag is 600 and not draining"), "\(r.stdout)")
  }

  /// The hot-key drill all the way, on the pipeline sandbox's real broker:
  /// many keys that librdkafka's partitioner puts on partition 2 make it hot
  /// (normalised skew 1); the runbook's plan says the busiest partition's
  /// load would fall, and its remedy adds partitions (the sandbox's own, so
  /// a script may); new traffic of the same keys spreads over 2 and 5 (skew
  /// under the alert's 0.6); the restarted consumer takes all 6 partitions
  /// and drains them.
  @Test func theHotKeyDrillAddsPartitionsAndSkewFalls() throws {
    try #require(RealBroker.program != nil, "noida-db is not installed: run scripts/setup")
    // The keys librdkafka's consistent_random (CRC32) puts on partition 2 of 3, by Python's zlib.
    let picked = try runProgram(
      "/usr/bin/python3",
      ["-c", "import zlib; print(' '.join(k for k in (f'tenant-{i}' for i in range(1, 2000)) if zlib.crc32(k.encode()) % 3 == 2))"])
    let keys = picked.stdout.split(separator: " ").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.prefix(120)
    try #require(keys.count == 120, "\(picked.stderr)")
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("aether-hotkey-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let file = dir.appendingPathComponent("hot.txt")
    let lines = (1...5).flatMap { round in keys.map { "\($0):{\"Type\":\"JobCreated\",\"TenantId\":\"\($0)\",\"Round\":\(round)}" } }
    try (lines.joined(separator: "\n") + "\n").write(to: file, atomically: true, encoding: .utf8)
    let partitions = #"max(kafka_topic_partitions{topic="aetherlink.events"})"#
    let r = try aetherctl(
      [
        "--sandbox=pipeline", "--sandbox-broker", "noida", "--drill-speed", "30", "-c",
        """
        set brokers $(config get brokers)
        sandbox control consumer stop
        group seek crm-events-sse --to end --execute -o plain
        ! kcat -b "$brokers" -X message.timeout.ms=20000 -P -t aetherlink.events -K : -l \(file.path)
        echo "== before $(skew crm-events-sse)"
        wait --timeout 90s --every 1s $(prom query '\(partitions)' --or -1) == 3
        runbook run CrmEventsHotKeySkewHigh
        echo "== ran"
        group seek crm-events-sse --to end --execute -o plain
        ! kcat -b "$brokers" -X message.timeout.ms=20000 -P -t aetherlink.events -K : -l \(file.path)
        echo "== after $(skew crm-events-sse)"
        sandbox control consumer start
        wait --timeout 60s --every 1s $(lag crm-events-sse --total) == 0
        group describe crm-events-sse -o json
        """,
      ], deadline: 300)
    #expect(r.end == .exited(0), "\(r.stdout.suffix(2000)) \(r.stderr.suffix(800))")
    func ratio(_ marker: String) -> Double? {
      r.stdout.split(separator: "\n").first { $0.hasPrefix(marker) }.flatMap { Double($0.split(separator: " ")[2]) }
    }
    let before = try #require(ratio("== before"), "\(r.stdout.suffix(1500))")
    let after = try #require(ratio("== after"), "\(r.stdout.suffix(1500))")
    #expect(abs((before - 1) / 2 - 1) < 0.01, "all on one of 3: normalised 1 (\(before))")
    #expect((after - 1) / 5 < 0.6, "spread over 2 of 6: under the alert's 0.6 (\(after))")
    let run = r.stdout.components(separatedBy: "== ran").first ?? ""
    #expect(run.contains("more partitions relieve it"), "\(run.suffix(2500))")
    #expect(run.contains("→ remedy: Add partitions to aetherlink.events: 3 → 6"), "\(run.suffix(1500))")
    #expect(run.contains("added: aetherlink.events now has 6 partitions"), "\(run.suffix(1500))")
    // The consumer restarted onto all 6 partitions.
    let describe = try #require(r.stdout.split(separator: "\n").last { $0.hasPrefix("{\"group\"") }, "\(r.stdout.suffix(800))")
    let json = try #require(try JSONSerialization.jsonObject(with: Data(describe.utf8)) as? [String: Any])
    let owned = (json["members"] as? [[String: Any]] ?? []).flatMap { $0["partitions"] as? [[String: Any]] ?? [] }
    #expect(owned.count == 6, "\(describe)")
  }

  /// Verdicts follow the numbers shown above them, on the pipeline where the
  /// exporter counts the members: a hot partition with no consumer is not
  /// "shares its consumer"; a scale hint of 1 beside 1 member asks for no
  /// scaling (hot key, lag); as many consumers as partitions is the key's
  /// problem, not the replicas'. Each run samples its window once (-v).
  @Test func verdictsFollowTheNumbersShown() throws {
    let members = #"max(kafka_consumergroup_members{consumergroup="crm-events-sse"})"#
    let r = try aetherctl(
      [
        "--sandbox=pipeline", "--drill-speed", "30", "-v", "-c",
        """
        sandbox control consumer stop
        produce aetherlink.events 'hot{{seq}}' --count 900 --partition 2 --key tenant-7 -o plain
        wait --timeout 90s --every 1s $(prom query '\(members)' --or -1) == 0
        echo "== no consumer"
        runbook run CrmEventsHotKeySkewHigh
        sandbox control consumer rate 1
        sandbox control consumer start
        wait --timeout 90s --every 1s $(prom query '\(members)' --or -1) == 1
        echo "== one consumer, capacity to spare"
        runbook run CrmEventsHotKeySkewHigh --var capacity=100000
        echo "== lag, one consumer, capacity to spare"
        runbook run CrmEventsConsumerLagHigh --var capacity=100000
        sandbox control consumer replicas 3
        wait --timeout 90s --every 1s $(prom query '\(members)' --or -1) == 3
        echo "== three consumers"
        runbook run CrmEventsHotKeySkewHigh
        echo "== end"
        """,
      ], deadline: 420)
    #expect(r.end == .exited(0), "\(r.stdout.suffix(1500)) \(r.stderr.suffix(800))")
    func part(_ from: String, _ to: String) -> String {
      guard let a = r.stdout.range(of: from), let b = r.stdout.range(of: to, range: a.upperBound..<r.stdout.endIndex)
      else { return "" }
      return String(r.stdout[a.upperBound..<b.lowerBound])
    }
    let none = part("== no consumer", "== one consumer")
    #expect(none.contains("consumers in crm-events-sse: 0, partitions of aetherlink.events: 3"), "\(none)")
    #expect(none.contains("No consumer is in crm-events-sse"), "\(none)")
    #expect(!none.contains("shares its consumer") && !none.contains("remedy:"), "\(none)")
    let spare = part("== one consumer, capacity to spare", "== lag, one consumer")
    #expect(spare.contains(#/needs 1\b/#) || spare.contains("needed 1"), "the hint shown: \(spare)")
    #expect(spare.contains("the consumers have the capacity; more replicas would not drain the hot partition faster"), "\(spare)")
    #expect(!spare.contains("scaling to") && !spare.contains("remedy:"), "\(spare)")
    let lag = part("== lag, one consumer, capacity to spare", "== three consumers")
    #expect(lag.contains("The hint (1) is not more than the 1 member(s) running"), "\(lag)")
    #expect(!lag.contains("Scale crm-events to"), "\(lag)")
    let three = part("== three consumers", "== end")
    #expect(three.contains("3 consumers for 3 partitions: each partition already has its own consumer"), "\(three)")
    #expect(!three.contains("Scale crm-events to"), "\(three)")
    // One sample of the offsets per run: shown and decided from the same window.
    let samples = r.stderr.components(separatedBy: "sample 1 at +0s").count - 1
    #expect(samples == 4, "\(samples) first samples for 4 runs: \(r.stderr.suffix(1500))")
  }

  /// The documented config (examples/config.toml) and the pipeline sandbox
  /// each define every fix a built-in runbook's remedies call.
  @Test func everyRemedyCallsAFixThatExistsWhereItRuns() throws {
    let documented = try String(
      contentsOf: Binary.packageRoot.appendingPathComponent("examples/config.toml"), encoding: .utf8)
    #expect(documented.contains("[fixes.logs]"))
    let home = try scratch(["config/aetherctl/config.toml": documented])
    defer { try? FileManager.default.removeItem(at: home) }
    let env = ["XDG_CONFIG_HOME": home.appendingPathComponent("config").path]
    let shows = RunbookAndFixTests.builtIns.map { "runbook show \($0)" }.joined(separator: "\n")
    let withConfig = try aetherctl(["-o", "json", "-c", shows], env: env)
    let onSandbox = try aetherctl(["--sandbox=pipeline", "--drill-speed", "30", "-o", "json", "-c", shows], deadline: 120)
    for (place, run) in [("documented config", withConfig), ("pipeline sandbox", onSandbox)] {
      #expect(run.end == .exited(0), "\(place): \(run.stderr)")
      let objects = run.stdout.split(separator: "\n").compactMap { try? Self.object(String($0)) }
      #expect(objects.count == RunbookAndFixTests.builtIns.count, "\(place): \(run.stdout.prefix(300))")
      for o in objects {
        for r in o["remedies"] as? [[String: Any]] ?? [] {
          #expect(r["available"] as? Bool == true, "\(place): \(o["name"] ?? ""): \(r)")
        }
      }
    }
  }

  /// On the pipeline with crm-events and its sink down: `status` lists
  /// ServiceDown (no group label; tied by its runbook) and counts SinkDown
  /// as not tied to a group; ServiceDown's runbook finds the service down,
  /// shows its timestamped log lines and ends 0.
  @Test func anIncidentOnThePipeline() throws {
    let firing = #"count(ALERTS{alertname=~"CrmEventsServiceDown|CrmEventsSinkDown",alertstate="firing"})"#
    let r = try aetherctl(
      [
        "--sandbox=pipeline", "--drill-speed", "30", "-c",
        """
        set on-error continue
        fix stop container=aether-crm-events --yes
        fix stop container=aether-crm-events-sink --yes
        wait --timeout 90s --every 1s $(prom query '\(firing)' --or 0) == 2
        status crm-events-sse --window 2s -o json
        status crm-events-sse --window 2s -o table
        runbook run CrmEventsServiceDown -o json
        echo "exit $?"
        """,
      ], deadline: 180)
    let lines = r.stdout.split(separator: "\n").map(String.init)
    let status = try Self.object(try #require(lines.first { $0.hasPrefix(#"{"group":"crm-events-sse""#) }, "\(r.stdout)"))
    let alerts = status["alerts"] as? [[String: Any]] ?? []
    let down = alerts.first { $0["name"] as? String == "CrmEventsServiceDown" }
    #expect(down?["tiedBy"] as? String == "runbook", "\(alerts)")
    #expect(!alerts.contains { $0["name"] as? String == "CrmEventsSinkDown" }, "\(alerts)")
    #expect((status["untiedFiringAlerts"] as? Int ?? 0) >= 1, "\(status)")
    // The table says the same as a line of its own.
    let untied = try #require(
      r.stdout.firstMatch(of: #/(\d+) firing alert\(s\) not tied to a group \(prom alerts\)/#), "\(r.stdout.prefix(2000))")
    #expect((Int(untied.1) ?? 0) >= 1)

    let run = try Self.object(try #require(lines.first { $0.hasPrefix(#"{"runbook":"CrmEventsServiceDown""#) }, "\(r.stdout)"))
    #expect(lines.contains("exit 0"), "\(r.stdout.suffix(600)) \(r.stderr.suffix(600))")
    #expect(run["failed"] as? Int == 0, "\(run)")
    let steps = run["steps"] as? [[String: Any]] ?? []
    let health = steps.first { ($0["title"] as? String ?? "").contains("health endpoint") }
    #expect(health?["verdict"] as? String == "findings", "\(steps)")
    #expect((health?["findings"] as? [String] ?? []).first?.contains("cannot connect") == true, "\(steps)")
    let verdict = steps.first { $0["title"] as? String == "Verdict" }
    let output = verdict?["output"] as? String ?? ""
    #expect(output.contains("Nothing answers at"), "\(output)")
    #expect(output.contains(#/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z crm-events: control: crm-events down/#), "\(output)")
    #expect(!r.stderr.contains("runbook:CrmEventsServiceDown:"), "\(r.stderr.suffix(800))")
  }

  /// `tail --count-by`: the keys (or a field's values) of a window, most first, with their share.
  @Test func tailCountsKeysAndFields() throws {
    let r = try aetherctl(
      [
        "--sandbox", "-c",
        """
        produce aetherlink.events '{"Type":"JobCreated"}' --count 30 --key tenant-7 --partition 2
        produce aetherlink.events '{"Type":"LeadCreated"}' --count 10 --partition 0
        tail aetherlink.events --count-by key
        tail aetherlink.events --count-by Type --top 1 -o json
        """,
      ], deadline: 60)
    #expect(r.end == .exited(0), "\(r.stderr)")
    #expect(r.stdout.contains("40 message(s) of aetherlink.events, 1 distinct key value(s)"), "\(r.stdout)")
    #expect(r.stdout.contains(#/tenant-7\s+30\s+75%\s+2\n/#), "\(r.stdout)")
    #expect(r.stdout.contains(#/\(null key\)\s+10\s+25%\s+0\n/#), "\(r.stdout)")
    let json = try Self.object(String(r.stdout.split(separator: "\n").last ?? ""))
    let values = json["values"] as? [[String: Any]] ?? []
    #expect(values.count == 1)
    #expect(values.first?["value"] as? String == "JobCreated")
    #expect(values.first?["count"] as? Int == 30)

    for (args, says) in [
      (["tail", "t", "--count-by", "key", "--follow"], "not with --follow"),
      (["tail", "t", "--top", "3"], "--top goes with --count-by"),
      (["tail", "t", "--count-by", "a..b"], "--count-by 'a..b'"),
    ] {
      let bad = try aetherctl(args)
      #expect(bad.end == .exited(2), "\(args)")
      #expect(bad.stderr.contains(says), "\(args): \(bad.stderr)")
    }
  }
}

/// Every shipped alert on the pipeline sandbox at drill speed: each fires
/// when its condition is staged and clears when it is undone. Drill speed
/// divides `for:` and the evaluation interval, not a rule's range windows,
/// so two alerts cannot be shown clearing here (said below, with why), and
/// their clearing is proven by promtool's unit tests (aetherlink-rules.test.yml).
@Suite struct ShippedAlertsOnTheSandboxTests {
  static func firing(_ names: [String]) -> String {
    #"count(ALERTS{alertname=~"\#(names.joined(separator: "|"))",alertstate="firing"})"#
  }

  static func present(_ names: [String]) -> String {
    #"count(ALERTS{alertname=~"\#(names.joined(separator: "|"))"})"#
  }

  @Test func everyShippedAlertFiresAndClears() throws {
    let shipped = try RunbookAndFixTests.shippedAlerts()
    // What the script stages, recorded as it is written: the coverage check
    // below reads these, never a hand-kept list.
    var fired: Set<String> = []
    var cleared: Set<String> = []
    func fire(_ names: [String], _ timeout: String = "150s") -> String {
      fired.formUnion(names)
      return "wait --timeout \(timeout) --every 1s $(prom query '\(Self.firing(names))' --or 0) == \(names.count)\necho \"fired: \(names.joined(separator: " "))\""
    }
    func clear(_ names: [String], _ timeout: String = "150s") -> String {
      cleared.formUnion(names)
      return "wait --timeout \(timeout) --every 1s $(prom query '\(Self.present(names))' --or 0) == 0\necho \"cleared: \(names.joined(separator: " "))\""
    }
    let stuck = ["CrmEventsConsumerLagHigh", "CrmEventsDrainEtaBreached", "CrmEventsHotKeySkewHigh", "CrmEventsConsumerStuck"]
    let down = ["CrmEventsServiceDown", "CrmEventsSinkDown", "CrmEventsSLOAvailabilityBreach"]
    let script = """
      set svc $(config get service)
      # At start: one replica (UnderReplicated) and no message consumed in 15m (NoMessages);
      # an SSE client held open for 100s with no events flowing (SLOThroughputDegraded).
      ! "\(Binary.url.path)" sse "$svc/crm-events" --duration 100s --idle 0 > /dev/null 2>&1 &
      \(fire(["CrmEventsUnderReplicatedConsumers", "CrmEventsNoMessages", "CrmEventsSLOThroughputDegraded"]))
      sandbox control consumer replicas 2
      produce aetherlink.events 'e{{seq}}' --count 50
      # SLOThroughputDegraded clears when the 50 events lift the 5m rate over 0.1/s,
      # or at the latest when its SSE client leaves (100s).
      \(clear(["CrmEventsUnderReplicatedConsumers", "CrmEventsNoMessages", "CrmEventsSLOThroughputDegraded"]))
      # A backlog nobody consumes, all on one partition under one key.
      sandbox control consumer stop
      produce aetherlink.events 'hot{{seq}}' --count 600 --partition 2 --key tenant-7
      \(fire(stuck + ["CrmEventsUnderReplicatedConsumers"], "240s"))
      sandbox control consumer start
      \(clear(stuck + ["CrmEventsUnderReplicatedConsumers"], "240s"))
      fix stop container=aether-crm-events --yes
      fix stop container=aether-crm-events-sink --yes
      \(fire(down))
      fix start container=aether-crm-events --yes
      fix start container=aether-crm-events-sink --yes
      \(clear(["CrmEventsServiceDown", "CrmEventsSinkDown"]))
      """
    // Staged elsewhere, or unable to clear here, each with why.
    let firesElsewhere = [
      "CrmEventsFrequentRestarts": "PipelineSandboxTests.frequentRestartsFiresWhenTheServiceKeepsRestarting"
    ]
    let cannotClearHere = [
      "CrmEventsSLOAvailabilityBreach": "its [5m] window keeps the down samples for 5 real minutes",
      "CrmEventsFrequentRestarts": "its [15m] window keeps the restarts for 15 real minutes",
    ]
    for alert in shipped {
      #expect(fired.contains(alert) || firesElsewhere[alert] != nil, "\(alert) is never staged to fire")
      #expect(cleared.contains(alert) || cannotClearHere[alert] != nil, "\(alert) is never shown clearing")
    }
    let r = try aetherctl(["--sandbox=pipeline", "--drill-speed", "30", "-c", script], deadline: 900)
    #expect(r.end == .exited(0), "\(r.stdout.suffix(600)) \(r.stderr.suffix(1200))")
    let lines = r.stdout.split(separator: "\n").map(String.init)
    for line in [
      "fired: CrmEventsUnderReplicatedConsumers CrmEventsNoMessages CrmEventsSLOThroughputDegraded",
      "cleared: CrmEventsUnderReplicatedConsumers CrmEventsNoMessages CrmEventsSLOThroughputDegraded",
      "fired: \(stuck.joined(separator: " ")) CrmEventsUnderReplicatedConsumers",
      "cleared: \(stuck.joined(separator: " ")) CrmEventsUnderReplicatedConsumers",
      "fired: \(down.joined(separator: " "))",
      "cleared: CrmEventsServiceDown CrmEventsSinkDown",
    ] {
      #expect(lines.contains(line), "\(line): \(r.stdout.suffix(600))")
    }
  }
}
