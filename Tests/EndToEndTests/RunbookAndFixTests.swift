import Foundation
import Testing
import TestSupport

/// Runbooks (built in and the operator's own), remedies, quick fixes.
// No suite time limit: every program and fixture it runs has its own deadline
// (runToCompletion's, the fixtures' start-up marker waits), and a wall-clock
// limit counted the minutes a test waited for one of the two cooperative
// threads while blocking suites held them: it cut passing tests in CI.
@Suite struct RunbookAndFixTests {
  /// Every built-in runbook, read from the directory they are compiled
  /// from: a new one is checked here without being listed by hand.
  static let builtIns: [String] = {
    let dir = Binary.packageRoot.appendingPathComponent("Sources/Commands/Runbooks/builtin").path
    let files = (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []
    return files.filter { $0.hasSuffix(".actl") }.map { String($0.dropLast(5)) }.sorted()
  }()

  /// The alerts of the shipped rules file, read from it.
  static func shippedAlerts() throws -> [String] {
    let rules = try String(
      contentsOf: Binary.packageRoot.appendingPathComponent("deploy/prometheus/aetherlink-rules.yml"), encoding: .utf8)
    return rules.split(separator: "\n").compactMap { line -> String? in
      let t = line.trimmingCharacters(in: .whitespaces)
      guard t.hasPrefix("- alert: ") else { return nil }
      return String(t.dropFirst("- alert: ".count))
    }
  }

  /// One runbook per shipped alert, as the contract asks; the rules file
  /// is the list, so a new alert without a runbook fails here.
  @Test func everyShippedAlertHasABuiltInRunbook() throws {
    let shipped = try Self.shippedAlerts()
    #expect(shipped.count >= 11, "\(shipped)")
    let r = try aetherctl(["-o", "json", "runbook", "list"])
    let list = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [[String: Any]] ?? []
    let names = Set(list.compactMap { $0["name"] as? String })
    for alert in shipped { #expect(names.contains(alert), "no runbook for \(alert)") }
  }

  /// The shipped rules load in promtool and their unit tests (each alert's
  /// threshold, `for:` and clearing; aetherlink-rules.test.yml) pass.
  @Test func shippedRulesPassPromtool() throws {
    let r = try runProgram(
      Binary.packageRoot.appendingPathComponent("scripts/promtool-tests").path, [], cwd: Binary.packageRoot,
      deadline: 120)
    #expect(r.end == .exited(0), "\(r.stdout.suffix(1500)) \(r.stderr.suffix(1500))")
    #expect(r.stdout.contains("SUCCESS"), "\(r.stdout.suffix(500))")
  }

  @Test func everyAlertHasABuiltInRunbook() throws {
    let r = try aetherctl(["-o", "json", "runbook", "list"])
    #expect(r.status == 0, "\(r.stderr)")
    let list = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [[String: Any]] ?? []
    let names = list.compactMap { $0["name"] as? String }
    #expect(Self.builtIns.count >= 14, "the runbooks' directory: \(Self.builtIns)")
    #expect(names.sorted() == Self.builtIns, "runbook list against Sources/Commands/Runbooks/builtin")
    for entry in list {
      #expect(["critical", "warning", "info"].contains(entry["severity"] as? String ?? ""), "\(entry)")
      #expect(!(entry["summary"] as? String ?? "").isEmpty, "\(entry)")
      #expect(entry["source"] as? String == "built-in")
    }
  }

  /// Every built-in parses and names only commands, flags and variables
  /// that exist (`runbook show` runs `--check`'s checks over it).
  @Test(arguments: builtIns)
  func builtInRunbooksPassTheChecker(name: String) throws {
    let show = try aetherctl(["runbook", "show", name, "--source"])
    #expect(show.status == 0)
    #expect(show.stdout.hasPrefix("# runbook: \(name)"))
    #expect(show.stdout.contains("\nstep "))
    let checked = try aetherctl(["-o", "json", "runbook", "show", name])
    #expect(checked.end == .exited(0), "\(name): \(checked.stderr)")
    let object = try JSONSerialization.jsonObject(with: Data(checked.stdout.utf8)) as? [String: Any] ?? [:]
    #expect((object["steps"] as? [String] ?? []).count >= 2, "\(name): \(checked.stdout)")
    // The checker really runs: the same runbook with an unknown command is refused at its line.
    let home = try scratch(["config/aetherctl/runbooks/\(name).actl": show.stdout + "\nlagg crm-events-sse\n"])
    defer { try? FileManager.default.removeItem(at: home) }
    let broken = try aetherctl(
      ["runbook", "run", name], env: ["XDG_CONFIG_HOME": home.appendingPathComponent("config").path])
    #expect(broken.end == .exited(2), "\(name): \(broken.stderr)")
    #expect(broken.stderr.contains("runbook:\(name):"), "\(broken.stderr)")
    #expect(broken.stderr.contains("lagg"), "\(broken.stderr)")
    #expect(!broken.stdout.contains("== 1."), "nothing ran: \(broken.stdout)")
  }

  /// Triage runs and reports; the remedy is skipped without --yes in a script
  /// and runs with it; a step whose server is down fails and the rest goes on.
  @Test func userRunbookTriageRemediesAndFailures() throws {
    let dead = try SilentSocket(listening: false)
    // Held to the end of the test: ARC may free it after its last use, and another test could take the port.
    defer { withExtendedLifetime(dead) {} }
    let book = """
      # runbook: CrmEventsSinkDown
      # severity: critical
      # summary: My own sink runbook
      set who ${who:-nobody}
      step "Look around"
      echo "looking for $who"
      step "Ask a dead Prometheus"
      prom query up
      step "Still going"
      ! false
      echo after-the-failure
      if $who == nobody; echo nobody; else; echo sink-down; end
      if health http://127.0.0.1:1/healthz; echo up; else; echo unreachable-is-not-false; end
      remedy "Touch the marker" fix touch-marker marker=$marker

      """
    let home = try scratch([
      "config/aetherctl/runbooks/CrmEventsSinkDown.actl": book,
      "config/aetherctl/runbooks/Stops.actl": """
        # runbook: Stops
        step "One"
        exit 3
        step "Never"
        echo never-ran

        """,
      "config/aetherctl/runbooks/Broken.actl": """
        # runbook: Broken
        step "A fix that is not there"
        fix no-such-fix
        step "Goes on"
        echo went-on

        """,
      "config/aetherctl/config.toml": """
        [fixes.touch-marker]
        run = ["touch", "{marker}"]
        summary = "Creates the marker file"

        """,
    ])
    defer { try? FileManager.default.removeItem(at: home) }
    let marker = home.appendingPathComponent("marker").path
    let env = ["XDG_CONFIG_HOME": home.appendingPathComponent("config").path]
    let show = try aetherctl(["runbook", "show", "CrmEventsSinkDown"], env: env)
    #expect(show.stdout.contains("My own sink runbook"))

    let base = ["-p", "http://127.0.0.1:\(dead.port)", "runbook", "run", "CrmEventsSinkDown", "--var", "who=alice"]
    let skipped = try aetherctl(base + ["--var", "marker=\(marker)"], env: env)
    // Prometheus down is what the triage found, not a step that could not run: exit 0.
    #expect(skipped.end == .exited(0), "\(skipped.stderr)")
    #expect(skipped.stdout.contains("looking for alice"))
    #expect(skipped.stdout.contains("== 2. Ask a dead Prometheus"))
    #expect(skipped.stdout.contains("after-the-failure"))
    #expect(skipped.stdout.contains("sink-down"))
    // The failed query is a finding, and so is a condition whose server is
    // down (no answer is not "false"); a condition that is false is not.
    #expect(skipped.stdout.contains("  finding: prom: POST http://127.0.0.1:\(dead.port)"), "\(skipped.stdout)")
    // A shell check that says no (`! false`) is a finding too.
    #expect(skipped.stdout.contains("  finding: !: shell command exited 1"), "\(skipped.stdout)")
    #expect(skipped.stdout.contains(#/findings\s+3\n/#), "\(skipped.stdout)")
    #expect(skipped.stdout.contains(#/failed\s+0\n/#), "\(skipped.stdout)")
    #expect(!skipped.stdout.contains("unreachable-is-not-false"), "\(skipped.stdout)")
    // A finding is never printed as an error at a script location.
    #expect(!skipped.stderr.contains("runbook:CrmEventsSinkDown:"), "\(skipped.stderr)")
    #expect(skipped.stdout.contains("skipped: not confirmed"))
    #expect(skipped.stdout.contains("remedies skipped  Touch the marker"))
    #expect(!FileManager.default.fileExists(atPath: marker))

    let yes = try aetherctl(base + ["--yes", "--var", "marker=\(marker)"], env: env)
    #expect(yes.stdout.contains("remedies run  1"), "\(yes.stdout)")
    #expect(yes.end == .exited(0), "\(yes.stderr)")
    #expect(FileManager.default.fileExists(atPath: marker))

    // A step that cannot run (a fix that is not defined) is a failure: exit 1, at its line.
    let failing = try aetherctl(["-o", "json", "runbook", "run", "Broken"], env: env)
    #expect(failing.end == .exited(1), "\(failing.stderr)")
    #expect(failing.stderr.contains("runbook:Broken:3:1: fix: no fix named 'no-such-fix'"), "\(failing.stderr)")
    let object = try JSONSerialization.jsonObject(with: Data(failing.stdout.utf8)) as? [String: Any] ?? [:]
    let steps = object["steps"] as? [[String: Any]] ?? []
    #expect(steps.map { $0["verdict"] as? String } == ["failed", "ok"], "\(failing.stdout)")
    #expect((steps.last?["output"] as? String ?? "").contains("went-on"), "\(failing.stdout)")
    #expect(object["status"] as? Int == 1)

    // A runbook that stops before its last step (`exit`) did not run every step: exit 1.
    let stops = try aetherctl(["runbook", "run", "Stops"], env: env)
    #expect(stops.end == .exited(1), "\(stops.stdout) \(stops.stderr)")
    #expect(!stops.stdout.contains("never-ran"))
  }

  @Test func unknownRunbookSuggests() throws {
    let r = try aetherctl(["runbook", "run", "CrmEventsSinkDwn"])
    #expect(r.status == 2)
    #expect(r.stderr.contains("did you mean 'CrmEventsSinkDown'?"))
  }

  @Test func configFixesFillPlaceholdersAndNeverUseAShell() throws {
    let home = try scratch([
      "config/aetherctl/config.toml": """
        [fixes.write]
        run = ["sh", "-c", "printf '%s' \\"$1\\" > \\"$2\\"", "sh", "{text}", "{path}"]

        """
    ])
    defer { try? FileManager.default.removeItem(at: home) }
    let env = ["XDG_CONFIG_HOME": home.appendingPathComponent("config").path]
    let out = home.appendingPathComponent("out").path
    // A value with shell syntax arrives as one argv word, unexpanded.
    let tricky = "$(echo pwned); `id` > /tmp/x"
    let r = try aetherctl(["fix", "write", tricky, "path=\(out)", "--yes"], env: env)
    #expect(r.status == 0, "\(r.stderr)")
    #expect((try? String(contentsOfFile: out, encoding: .utf8)) == tricky)
    let missing = try aetherctl(["fix", "write", "only-text", "--yes"], env: env)
    #expect(missing.status == 2)
    #expect(missing.stderr.contains("no value for {path}: give path=VALUE"))
    let unknown = try aetherctl(["fix", "write", "colour=red", "--yes"], env: env)
    #expect(unknown.status == 2)
    #expect(unknown.stderr.contains("'colour' is not a placeholder"))
    let unconfirmed = try aetherctl(["fix", "write", "a", "path=\(out)"], env: env)
    #expect(unconfirmed.status == 1)
    #expect(unconfirmed.stderr.contains("confirm at a terminal or give --yes"))
    let list = try aetherctl(["-o", "plain", "fix", "list"], env: env)
    #expect(list.stdout == "reset-offsets\ntest-event\nwrite\n")
  }

  /// A protected profile: no change passes without --yes when nobody can type its name.
  @Test func protectedProfileNeedsYes() throws {
    let home = try scratch([
      "config/aetherctl/config.toml": """
        profile = "prod"
        [profiles.prod]
        brokers = "127.0.0.1:1"
        protected = true
        [fixes.echo]
        run = ["/bin/echo", "ran-{word}"]

        """
    ])
    defer { try? FileManager.default.removeItem(at: home) }
    let env = ["XDG_CONFIG_HOME": home.appendingPathComponent("config").path]
    let refused = try aetherctl(["fix", "echo", "x"], env: env)
    #expect(refused.status == 1)
    #expect(!refused.stdout.split(separator: "\n").contains("ran-x"))
    let passed = try aetherctl(["fix", "echo", "x", "--yes"], env: env)
    #expect(passed.status == 0, "\(passed.stderr)")
    #expect(passed.stdout.split(separator: "\n").contains("ran-x"))
  }

  @Test func kafkaNativeFixesOnTheSandbox() throws {
    let r = try aetherctl([
      "--sandbox", "-c",
      """
      produce aetherlink.events 'x{{seq}}' --count 30
      group seek crm-events-sse --to end --topic aetherlink.events --execute
      echo "before $(lag crm-events-sse --total)"
      fix reset-offsets crm-events-sse to=start --yes
      echo "after $(lag crm-events-sse --total)"
      fix test-event --yes
      tail aetherlink.events --from -1 --grep HealthCheck
      """,
    ])
    #expect(r.status == 0, "\(r.stderr)")
    #expect(r.stdout.contains("before 0\n"))
    #expect(r.stdout.contains("after 30\n"))
    #expect(r.stdout.contains(#"{"Type":"HealthCheck","Ts":""#))
  }

  /// The hot-key runbook over live offsets and the real Prometheus: the
  /// skew step finds partition 2, and every step answers (none failed).
  @Test func hotKeyRunbookOnTheSandbox() throws {
    let r = try aetherctl(
      [
        "--sandbox", "-p", try SharedPrometheus.url(), "-c",
        """
        produce aetherlink.events 'hot{{seq}}' --count 150 --partition 2 --key tenant-7
        group seek crm-events-sse --to start --execute
        runbook run CrmEventsHotKeySkewHigh
        """,
      ], deadline: 90)
    #expect(r.stdout.contains("Runbook CrmEventsHotKeySkewHigh (warning)"), "\(r.stdout)")
    #expect(r.stdout.contains("== 1. "))
    #expect(r.stdout.contains("hottest    aetherlink.events[2] lag 150"), "\(r.stdout)")
    // All the lag on one of 3 partitions: the alert's normalised skew is 1.
    #expect(
      r.stdout.contains("Skew is 3x max/avg over 3 partitions (normalised 1, over the alert's 0.6)"), "\(r.stdout)")
    // The key counts say which key carries the partition.
    #expect(r.stdout.contains(#/tenant-7\s+150\s+100%\s+2\n/#), "\(r.stdout)")
    // No consumer count here (the shared Prometheus has no exporter for this
    // cluster): the verdict says so and advises no scaling it cannot size.
    #expect(r.stdout.contains("Consumer count unknown"), "\(r.stdout)")
    #expect(!r.stdout.contains("remedy:"), "\(r.stdout)")
    // The real Prometheus answers the dashboard step, and no step failed.
    #expect(r.stdout.contains(#"kafka:group_skew_ratio{consumergroup="crm-events-sse",topic="aetherlink.events"}"#))
    #expect(r.stdout.contains(#/failed\s+0\n/#), "\(r.stdout)")
    #expect(r.end == .exited(0), "\(r.end): \(r.stderr)")
  }
}

/// The bash/zsh/fish scripts are generated from the declarations, and bash
/// really completes with them.
@Suite struct CompletionScriptTests {
  @Test(arguments: [("bash", "aetherctl.bash"), ("zsh", "_aetherctl"), ("fish", "aetherctl.fish")])
  func committedScriptsMatchTheDeclarations(shell: String, file: String) throws {
    let r = try aetherctl(["completions", shell])
    let committed = try String(
      contentsOf: Binary.packageRoot.appendingPathComponent("completions/\(file)"), encoding: .utf8)
    #expect(r.stdout == committed, "completions/\(file) is stale: run scripts/completions")
  }

  @Test(arguments: [("/bin/bash", "aetherctl.bash"), ("/usr/bin/zsh", "_aetherctl"), ("/usr/bin/fish", "aetherctl.fish")])
  func scriptsAreValidSyntax(shell: String, file: String) throws {
    // Not there is a failure with the reason, never a silent pass.
    try #require(FileManager.default.isExecutableFile(atPath: shell), "\(shell) is not installed: run scripts/setup")
    let r = try runProgram(shell, ["-n", Binary.packageRoot.appendingPathComponent("completions/\(file)").path])
    #expect(r.status == 0, "\(r.stderr)")
  }

  @Test func bashCompletesCommandsFlagsValuesAndNames() throws {
    // Names are kept per place: this session's (brokers 127.0.0.1:9, the
    // Alertmanager below), and an ended sandbox's, which must not be offered.
    let now = Int(Date().timeIntervalSince1970)
    let (here, am) = ("kafka 127.0.0.1:9", "alertmanager http://127.0.0.1:9")
    let (gone, goneAM) = ("kafka 127.0.0.1:43715", "alertmanager http://127.0.0.1:43716")
    let cache = try scratch([
      "aetherctl/names": """
        at\t\(here)\t\(now)
        topic\t\(here)\taetherlink.events
        topic\t\(here)\tapexflow.jobs.created
        group\t\(here)\tcrm-events-sse
        at\t\(am)\t\(now)
        alert\t\(am)\tCrmEventsSinkDown
        silence\t\(am)\t6a1f0c2e-0000-4000-8000-000000000001
        group\t\(here)\t$(touch \(NSTemporaryDirectory())aetherctl-pwned-by-a-group-name)x
        at\t\(gone)\t\(now)
        topic\t\(gone)\tsandbox.only.topic
        at\t\(goneAM)\t\(now)
        alert\t\(goneAM)\tinstance="127.0.0.1:43715"

        """,
      "aetherctl/config.toml": "[profiles.staging]\nbrokers = \"b:9092\"\n[profiles.prod]\nbrokers = \"p:9092\"\nprotected = true\n",
    ])
    defer { try? FileManager.default.removeItem(at: cache) }
    let script = """
      source "\(Binary.packageRoot.path)/completions/aetherctl.bash"
      complete_line() {
        COMP_LINE="$1"; COMP_POINT=${#COMP_LINE}
        read -ra COMP_WORDS <<< "$1"
        if [[ "$1" == *" " ]]; then COMP_WORDS+=(""); fi
        COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))
        COMPREPLY=()
        _aetherctl aetherctl "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
        echo "$1 => ${COMPREPLY[*]}"
      }
      complete_line "aetherctl la"
      complete_line "aetherctl tail aetherlink.events --fr"
      complete_line "aetherctl -o j"
      complete_line "aetherctl tail ap"
      complete_line "aetherctl lag crm"
      complete_line "aetherctl runbook run CrmEventsHot"
      complete_line "aetherctl fix reset"
      complete_line "aetherctl --profile st"
      complete_line "aetherctl -f exam"
      complete_line "aetherctl am silence add CrmEventsS"
      complete_line "aetherctl am silence extend 6a1f"
      complete_line "aetherctl lag $"
      complete_line "aetherctl tail sand"
      complete_line "aetherctl am alerts inst"
      """
    let dir = try scratch(["t.sh": script])
    defer { try? FileManager.default.removeItem(at: dir) }
    let bin = Binary.url.deletingLastPathComponent().path
    let r = try runProgram(
      "/bin/bash", [dir.appendingPathComponent("t.sh").path],
      env: [
        "PATH": bin + ":/usr/bin:/bin", "XDG_CACHE_HOME": cache.path, "XDG_CONFIG_HOME": cache.path, "HOME": cache.path,
        // Nothing listens there: the names come from the names file.
        "AETHER_ALERTMANAGER_URL": "http://127.0.0.1:9", "AETHER_BROKERS": "127.0.0.1:9",
      ],
      cwd: Binary.packageRoot)
    let lines = r.stdout.split(separator: "\n").map(String.init)
    #expect(lines.contains("aetherctl la => lag"), "\(r.stdout) \(r.stderr)")
    #expect(lines.contains("aetherctl tail aetherlink.events --fr => --from"))
    #expect(lines.contains("aetherctl -o j => json"))
    #expect(lines.contains("aetherctl tail ap => apexflow.jobs.created"))
    #expect(lines.contains("aetherctl lag crm => crm-events-sse"))
    #expect(lines.contains("aetherctl runbook run CrmEventsHot => CrmEventsHotKeySkewHigh"))
    #expect(lines.contains("aetherctl fix reset => reset-offsets"))
    #expect(lines.contains("aetherctl --profile st => staging"))
    #expect(lines.contains("aetherctl -f exam => examples"))
    #expect(lines.contains("aetherctl am silence add CrmEventsS => CrmEventsSinkDown"), "\(r.stdout)")
    #expect(lines.contains("aetherctl am silence extend 6a1f => 6a1f0c2e-0000-4000-8000-000000000001"), "\(r.stdout)")
    // A name is data: a group called `$(touch …)x` is offered as it is, never run.
    let pwned = NSTemporaryDirectory() + "aetherctl-pwned-by-a-group-name"
    #expect(!FileManager.default.fileExists(atPath: pwned), "a group name ran as a command")
    try? FileManager.default.removeItem(atPath: pwned)
    // Offered quoted for the line (bash's %q), so running the line keeps it data too.
    #expect(lines.contains { $0.hasPrefix("aetherctl lag $ => ") && $0.contains(#"\$\(touch"#) }, "\(r.stdout)")
    // Another cluster's and another Alertmanager's names are not offered here.
    #expect(lines.contains("aetherctl tail sand => "), "\(r.stdout)")
    #expect(lines.contains("aetherctl am alerts inst => "), "\(r.stdout)")
  }
}
