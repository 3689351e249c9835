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

  @Test func thereAreExamplesForTheSeedProcedures() {
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

  @Test(arguments: scripts)
  func sandboxExamplesRun(name: String) throws {
    let url = Self.directory.appendingPathComponent(name)
    let text = try String(contentsOf: url, encoding: .utf8)
    guard text.contains("# runs-on: sandbox") || name == "quickstart.actl" else { return }
    let r = try aetherctl(["--sandbox", "-f", url.path], deadline: 120)
    #expect(r.status == 0, "\(name): \(r.stderr)")
  }

  /// The others stop quickly, with a message and a non-zero status, when their services are absent.
  @Test(arguments: scripts)
  func serviceExamplesFailClearlyWithoutServices(name: String) throws {
    let url = Self.directory.appendingPathComponent(name)
    let text = try String(contentsOf: url, encoding: .utf8)
    guard !text.contains("# runs-on: sandbox"), name != "quickstart.actl" else { return }
    let closed = try SilentSocket(listening: false)
    let base = "http://127.0.0.1:\(closed.port)"
    let started = Date()
    let r = try aetherctl(
      ["--timeout", "2", "-p", base, "-b", "127.0.0.1:\(closed.port)", "-f", url.path],
      env: ["prom": base, "sse_url": base, "sink_url": base, "exporter_url": base, "grafana": base, "keycloak": base,
        "gateway": base], deadline: 60)
    #expect(r.status != 0 && r.status < 128, "\(name): \(r.status)")
    #expect(!r.stderr.isEmpty, "\(name)")
    #expect(Date().timeIntervalSince(started) < 30, "\(name)")
  }
}
