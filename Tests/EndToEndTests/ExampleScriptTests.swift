import Foundation
import Testing
import TestSupport

/// Every example parses and names only real commands and flags; those marked
/// `# runs-on: sandbox` run end to end on the in-process cluster.
@Suite(.timeLimit(.minutes(5))) struct ExampleScriptTests {
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

  /// Each example is in exactly one of the two lists below, so no case is
  /// skipped by a guard that returns early and passes.
  static var sandboxScripts: [String] {
    scripts.filter { text($0).contains("# runs-on: sandbox") || $0 == "quickstart.actl" }
  }
  static var serviceScripts: [String] { scripts.filter { !sandboxScripts.contains($0) } }

  @Test func thereAreExamplesForTheSeedProcedures() {
    // The list is known: a marker lost from a script fails here, not silently elsewhere.
    #expect(
      Self.sandboxScripts
        == ["consumer-stuck.actl", "drain-boost.actl", "hotkey-triage.actl", "lag-drill.actl", "no-messages.actl",
          "quickstart.actl"])
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
