import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// A real Alertmanager (Debian's prometheus-alertmanager) on a free
/// 127.0.0.1 port: one route to a receiver that notifies nobody, clustering
/// off, a temporary data directory. Like the Prometheus fixture it stops, and
/// removes its directory, when the test process closes its stdin.
/// `@unchecked Sendable`: nothing in it changes after init.
public final class AlertmanagerServer: @unchecked Sendable {
  public let port: Int
  private let child: ChildProcess
  private let directory: URL

  public var url: String { "http://127.0.0.1:\(port)" }
  public var address: String { "127.0.0.1:\(port)" }

  public init() throws {
    port = try freeLoopbackPort()
    directory = FileManager.default.temporaryDirectory.appendingPathComponent("aether-am-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    let config = """
      route:
        receiver: nobody
        group_wait: 0s
      receivers:
        - name: nobody

      """
    try config.write(to: directory.appendingPathComponent("alertmanager.yml"), atomically: true, encoding: .utf8)
    child = try ChildProcess(
      [
        "sh", "-c", "d=$1; shift; prometheus-alertmanager \"$@\" & p=$!; cat >/dev/null; kill $p; wait $p; rm -rf \"$d\"",
        "sh", directory.path, "--config.file=\(directory.path)/alertmanager.yml",
        "--storage.path=\(directory.path)/data", "--web.listen-address=127.0.0.1:\(port)",
        "--cluster.listen-address=", "--log.level=warn",
      ], stderrPath: directory.appendingPathComponent("alertmanager.log").path)
  }

  /// Starts one and waits until it answers `/-/ready`.
  public static func start(timeout: Double = 30) throws -> AlertmanagerServer {
    let server = try AlertmanagerServer()
    let ready = eventually(by: Date().addingTimeInterval(timeout)) {
      plainGet(port: server.port, "/-/ready")?.contains(" 200 ") == true
    }
    guard ready else {
      let log = server.child.stderrText
      server.stop()
      throw FixtureError("Alertmanager did not get ready within \(timeout)s; its log: \(log.suffix(2000))")
    }
    return server
  }

  public func get(_ path: String) -> String? { plainGet(port: port, path) }

  public func stop() {
    child.stop()
    try? FileManager.default.removeItem(at: directory)
  }

  deinit { stop() }
}
