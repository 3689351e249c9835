import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// A real Kafka broker process for the pipeline sandbox: noida-db (PyPI,
/// installed by scripts/setup), which serves what librdkafka's mock cannot —
/// ListGroups and DescribeGroups with real members and rebalances, offsets by
/// time, topic admin. One broker, on a free 127.0.0.1 port, with a data
/// directory of its own in the temporary directory. It runs as a
/// `ChildProgram`, so it ends with this process however that ends (SIGKILL
/// included) and its directory goes with it.
public final class NoidaBroker: Sendable {
  /// The program scripts/setup puts on PATH.
  public static let program = "noida-db"

  public let bootstrapServers: String
  public let topics: [(name: String, partitions: Int32)]
  private let child: ChildProgram
  private let directory: String

  /// Where it is installed, nil when it is not.
  public static var installedPath: String? { ChildProgram.which(program) }

  /// Starts one, creates `topics` over the admin API and returns once their
  /// partitions all have a leader; `timeout` bounds the whole start.
  public init(topics: [(name: String, partitions: Int32)], timeout: Double = 30) throws {
    guard let path = Self.installedPath else {
      throw ServeError("\(Self.program) is not installed (scripts/setup installs it)")
    }
    let deadline = Date().addingTimeInterval(timeout)
    var started: (child: ChildProgram, bootstrap: String, directory: String)?
    // The port is free when asked and bound a moment later: one retry covers
    // another program taking it in between. Each try has a directory of its
    // own (named, like Monitoring's, with this process's id, and its port), which its
    // watcher removes when that try's program ends.
    for attempt in 1...2 where started == nil {
      let port = try HTTPServer.freePort()
      var template = Array((NSTemporaryDirectory() + "aetherctl-sandbox-noida-\(getpid())-\(port)-XXXXXX").utf8CString)
      guard let made = mkdtemp(&template) else {
        throw ServeError("\(Self.program): cannot make a directory: \(String(cString: strerror(errno)))")
      }
      let directory = String(cString: made)
      let child: ChildProgram
      do {
        child = try ChildProgram(
          name: Self.program,
          argv: [
            path, "start", "--only", "kafka", "--host", "127.0.0.1", "--kafka-port", String(port), "--data-dir",
            directory + "/data",
          ],
          logPath: directory + "/noida.log", removeOnExit: directory)
      } catch {
        try? FileManager.default.removeItem(atPath: directory)
        throw error
      }
      let bootstrap = "127.0.0.1:\(port)"
      if Self.waitListening(port: port, child: child, log: directory + "/noida.log", until: deadline) {
        started = (child, bootstrap, directory)
        continue
      }
      let log = child.logTail(lines: 5)
      let exited = child.exitStatus
      child.stop(grace: 2)
      try? FileManager.default.removeItem(atPath: directory)
      if attempt == 2 || exited == nil {
        let why = exited.map { "exited with status \($0)" } ?? "did not start listening within \(Int(timeout))s"
        throw ServeError("\(Self.program) on \(bootstrap) \(why): \(log)")
      }
    }
    guard let (child, bootstrap, directory) = started else { throw ServeError("\(Self.program) did not start") }
    self.child = child
    self.directory = directory
    bootstrapServers = bootstrap
    self.topics = topics
    do {
      try Self.createTopics(topics, bootstrap: bootstrap, until: deadline)
    } catch {
      stop()
      throw error
    }
  }

  deinit { stop() }

  /// Ends the broker and removes its data directory (its watcher removes it
  /// too, for the ends that never reach this: an exit, a kill).
  public func stop() {
    child.stop(grace: 5)
    try? FileManager.default.removeItem(atPath: directory)
  }

  /// "up", or why not (it died on its own).
  public var state: String {
    guard let status = exitStatus else { return "up: 1 broker (noida-db)" }
    return "noida-db stopped unexpectedly (status \(status)): \(child.logTail(lines: 2))"
  }

  /// nil while it runs; its exit status once it has ended.
  public var exitStatus: Int32? { child.exitStatus }

  /// Listening is read from its own log line (`kafka  127.0.0.1:PORT`), not
  /// from a connect that another program on a reused port could answer.
  private static func waitListening(port: Int, child: ChildProgram, log: String, until deadline: Date) -> Bool {
    let marker = "127.0.0.1:\(port)"
    while Date() < deadline {
      if child.exitStatus != nil { return false }
      if let text = try? String(contentsOfFile: log, encoding: .utf8),
        text.split(separator: "\n").contains(where: { $0.contains("kafka") && $0.hasSuffix(marker) }),
        LoopbackProbe.accepts(port: port)
      {
        return true
      }
      usleep(20_000)
    }
    return false
  }

  private static func createTopics(_ topics: [(name: String, partitions: Int32)], bootstrap: String, until deadline: Date)
    throws
  {
    guard !topics.isEmpty else { return }
    let seconds = max(1, deadline.timeIntervalSinceNow)
    let client = try KafkaClient(
      properties: [("bootstrap.servers", bootstrap), ("client.id", "aetherctl-sandbox")],
      deadlines: Deadlines(seconds: seconds))
    try client.createTopics(topics.map { ($0.name, $0.partitions, 1) })
    // Created is not yet led: wait until every partition has its leader, so
    // the first produce or join does not race the broker.
    while true {
      let meta = try client.metadata()
      let ready = topics.allSatisfy { t in
        meta.topics.first { $0.name == t.name }.map { info in
          info.error == nil && info.partitions.count == Int(t.partitions) && info.partitions.allSatisfy { $0.leader >= 0 }
        } ?? false
      }
      if ready { return }
      guard Date() < deadline else { throw ServeError("\(program): topics have no leader yet") }
      usleep(50_000)
    }
  }
}
