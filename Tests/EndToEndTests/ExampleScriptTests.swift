import Foundation
import Testing
import TestSupport

/// Every example parses and names only real commands and flags; those marked
/// `# runs-on: sandbox` run end to end on the in-process cluster, those marked
/// `# runs-on: sandbox-pipeline` on the whole pipeline sandbox (real
/// Prometheus and Alertmanager) at drill speed.
// No suite time limit: every program and fixture it runs has its own deadline
// (runToCompletion's, the fixtures' start-up marker waits), and a wall-clock
// limit counted the minutes a test waited for one of the two cooperative
// threads while blocking suites held them: it cut passing tests in CI.
@Suite struct ExampleScriptTests {
  static let directory = Binary.packageRoot.appendingPathComponent("examples")

  static var scripts: [String] {
    ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? [])
      .filter { $0.hasSuffix(".actl") }.sorted()
  }

  /// A script that cannot be read is a failure of the test that reads it, never an empty text.
  static func text(_ name: String) -> String {
    do {
      return try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
    } catch {
      Issue.record("cannot read examples/\(name): \(error)")
      return ""
    }
  }

  /// Each example is in at least one of the sandbox lists or in the service
  /// list, never in both, so no case is skipped by a guard that returns early and passes.
  static var sandboxScripts: [String] { scripts.filter { marked($0, "sandbox") } }
  static var pipelineScripts: [String] { scripts.filter { marked($0, "sandbox-pipeline") } }
  static var serviceScripts: [String] { scripts.filter { !sandboxScripts.contains($0) && !pipelineScripts.contains($0) } }

  static func marked(_ name: String, _ sandbox: String) -> Bool {
    text(name).split(separator: "\n").contains { $0.hasPrefix("# runs-on: \(sandbox)") && !$0.hasPrefix("# runs-on: \(sandbox)-") }
  }

  @Test func thereAreExamplesForTheSeedProcedures() {
    // The list is known: a marker lost from a script fails here, not silently elsewhere.
    #expect(
      Self.sandboxScripts
        == ["consumer-stuck.actl", "drain-boost.actl", "hotkey-triage.actl", "no-messages.actl", "quickstart.actl"])
    // The issue's floor: at least 12 of the 17 drill on the pipeline, these among them.
    #expect(
      Self.pipelineScripts
        == ["consumer-stuck.actl", "hotkey-triage.actl", "lag-drill.actl", "metrics-cheatsheet.actl", "no-messages.actl",
          "post-deploy.actl",
          "quickstart.actl", "service-down-drill.actl", "service-down.actl", "sink-troubleshoot.actl",
          "sink-verify.actl", "sse-recovery-drill.actl", "validate.actl"])
    #expect(Self.serviceScripts == ["dashboard-import.actl", "monitoring-rollback.actl", "test-traffic.actl"])
    for name in ["quickstart.actl", "lag-drill.actl", "validate.actl", "hotkey-triage.actl", "drain-boost.actl",
      "test-traffic.actl", "post-deploy.actl"]
    {
      #expect(Self.scripts.contains(name), "\(name)")
    }
  }

  @Test(arguments: scripts)
  func parsesAndResolves(name: String) throws {
    let r = try aetherctl(["-f", Self.directory.appendingPathComponent(name).path, "--check"])
    #expect(r.status == 0, "\(name): \(r.stderr)")
    let text = try String(contentsOf: Self.directory.appendingPathComponent(name), encoding: .utf8)
    if name != "quickstart.actl" { #expect(text.contains("Replaces:"), "\(name) names the seed section it replaces") }
  }

  @Test(arguments: sandboxScripts)
  func sandboxExamplesRun(name: String) throws {
    let url = Self.directory.appendingPathComponent(name)
    let r = try aetherctl(["--sandbox", "-f", url.path], deadline: 120)
    #expect(r.end == .exited(0), "\(name): \(r.end): \(r.stderr)")
  }

  /// On the pipeline at drill speed 30: alerts that wait 5 minutes on the
  /// stack fire in seconds; every remedy there changes only the sandbox.
  /// One at a time: each runs a cluster, Prometheus and Alertmanager, and a
  /// dozen at once on two cores would starve the rest of the suite.
  @Test(.serialized, arguments: pipelineScripts)
  func pipelineExamplesRun(name: String) async throws {
    let url = Self.directory.appendingPathComponent(name)
    let r = try await aetherctlOffThePool(["--sandbox=pipeline", "--drill-speed", "30", "-f", url.path], deadline: 240)
    #expect(r.end == .exited(0), "\(name): \(r.end): \(r.stderr.suffix(1500))")
    #expect(!r.stderr.contains("unexpectedly"), "\(name): a part of the sandbox died: \(r.stderr.suffix(800))")
    // On the real broker (noida-db, installed by scripts/setup) the drills that hinge on
    // members show them: the stand-in's replicas are real members of the group.
    #expect(r.stderr.contains("sandbox: Kafka on noida-db"), "\(name): \(r.stderr.prefix(300))")
    if name == "hotkey-triage.actl" {
      #expect(r.stdout.contains("members    2"), "\(name): the 2 replicas as members: \(r.stdout.suffix(1200))")
    }
    if name == "quickstart.actl" {
      #expect(r.stdout.contains("crm-events-1-1"), "\(name): the stand-in as a member: \(r.stdout.prefix(1500))")
      #expect(r.stdout.contains("committed: crm-events-sse now starts from the offsets above"), "\(name)")
    }
    if name == "lag-drill.actl" || name == "quickstart.actl" {
      // The seed's drill, whole: the alert fired on real rules and resolved after the drain.
      #expect(r.stdout.range(of: "CrmEventsConsumerLagHigh +firing", options: .regularExpression) != nil, "\(name)")
      #expect(r.stdout.contains(name == "lag-drill.actl" ? "drill passed" : "drill done"), "\(name)")
    }
  }

  /// The drills that branch on the broker, on the mock too: what `auto` gives a
  /// machine without noida-db (the members unknown, the real-broker steps skipped).
  @Test(.serialized, arguments: ["quickstart.actl", "hotkey-triage.actl"])
  func pipelineExamplesRunOnTheMock(name: String) async throws {
    let url = Self.directory.appendingPathComponent(name)
    let r = try await aetherctlOffThePool(
      ["--sandbox=pipeline", "--drill-speed", "30", "-f", url.path], env: ["AETHER_SANDBOX_BROKER": "mock"], deadline: 240)
    #expect(r.end == .exited(0), "\(name): \(r.end): \(r.stderr.suffix(1500))")
    #expect(r.stderr.contains("sandbox: Kafka on librdkafka's in-process mock cluster (sandbox_broker = mock)"), "\(r.stderr.prefix(300))")
    // The broker cannot say its members: never a bare count, at most the
    // exporter's, labelled as its view.
    #expect(!r.stdout.contains("members    2\n") && !r.stdout.contains("now starts from the offsets above"), "\(name)")
    if name == "quickstart.actl" { #expect(r.stdout.contains("drill done"), "\(r.stdout.suffix(500))") }
  }

  /// The others stop quickly when their services are absent: exit 3 (a
  /// server could not be reached), naming the address that was down.
  @Test(arguments: serviceScripts)
  func serviceExamplesFailClearlyWithoutServices(name: String) throws {
    let url = Self.directory.appendingPathComponent(name)
    // docker answers nowhere: a stub on PATH that fails, whatever the machine has.
    let stubs = try scratch(["docker": "#!/bin/sh\necho 'docker: not here (test stub)' >&2\nexit 1\n"])
    defer { try? FileManager.default.removeItem(at: stubs) }
    chmod(stubs.appendingPathComponent("docker").path, 0o755)
    let closed = try SilentSocket(listening: false)
    // Held to the end of the test: ARC may free it after its last use, and another test could take the port.
    defer { withExtendedLifetime(closed) {} }
    let base = "http://127.0.0.1:\(closed.port)"
    let started = Date()
    let r = try aetherctl(
      ["--timeout", "2", "-p", base, "-b", "127.0.0.1:\(closed.port)", "-f", url.path],
      env: ["prom": base, "sse_url": base, "sink_url": base, "exporter_url": base, "grafana": base, "keycloak": base,
        "gateway": base, "PATH": stubs.path + ":/usr/bin:/bin"], deadline: 60)
    #expect(r.end == .exited(3), "\(name): \(r.end): \(r.stderr)")
    // What was down: the address, or (for the rollback, which needs the stack's host) docker.
    let down = name == "monitoring-rollback.actl" ? "docker does not answer" : "127.0.0.1:\(closed.port)"
    #expect((r.stdout + r.stderr).contains(down), "\(name) names what was down: \(r.stderr)")
    #expect(Date().timeIntervalSince(started) < 30, "\(name)")
  }
}
