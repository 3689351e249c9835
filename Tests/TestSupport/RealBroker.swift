import CRdKafka
import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// A real Kafka broker for the tests: noida-db (installed by scripts/setup)
/// on a free 127.0.0.1 port with a data directory of its own, its topics
/// created over the admin API with librdkafka directly (not through the code
/// under test). It serves what librdkafka's mock cannot: ListGroups,
/// DescribeGroups with real members and rebalances, offsets by time, topic
/// admin. Under a shell that stops it when its stdin closes, so it goes with
/// the test process however that ends; the directory goes with it.
/// Known limits (docs/TESTING.md): one broker; a member whose session timed
/// out is never expired; a restart may lose acknowledged records.
/// `@unchecked Sendable`: nothing in it changes after init but the child,
/// which one test drives.
public final class RealBroker: @unchecked Sendable {
  public let port: Int
  public var bootstrap: String { "127.0.0.1:\(port)" }
  private let child: ChildProcess
  private let directory: URL

  /// noida-db on PATH or where scripts/setup links it.
  public static var program: String? {
    let path = (ProcessInfo.processInfo.environment["PATH"] ?? "") + ":/usr/local/bin"
    return path.split(separator: ":").map { "\($0)/noida-db" }.first { access($0, X_OK) == 0 }
  }

  public init(topics: [(name: String, partitions: Int32)] = [("aetherlink.events", 3)]) throws {
    guard let program = Self.program else { throw FixtureError("noida-db is not installed: run scripts/setup") }
    port = try freeLoopbackPort()
    directory = FileManager.default.temporaryDirectory.appendingPathComponent("aether-broker-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    do {
      child = try ChildProcess(
        [
          "sh", "-c", "d=$1; shift; \"$@\" & p=$!; echo $p > \"$d/pid\"; cat >/dev/null; kill -CONT $p; kill $p; wait $p; rm -rf \"$d\"", "sh",
          directory.path, program, "start", "--only", "kafka", "--host", "127.0.0.1", "--kafka-port", String(port),
          "--data-dir", directory.appendingPathComponent("data").path,
        ], stderrPath: directory.appendingPathComponent("noida.log").path)
    } catch {
      try? FileManager.default.removeItem(at: directory)
      throw error
    }
    let listening = eventually(by: Date().addingTimeInterval(20), every: 0.02) { accepts(port: port) }
    guard listening else {
      let log = child.stderrText
      stop()
      throw FixtureError("noida-db did not listen on \(bootstrap) within 20s: \(log.suffix(1000))")
    }
    do {
      try createTopics(topics)
    } catch {
      stop()
      throw error
    }
  }

  deinit { stop() }

  /// Stops the broker and removes its directory (a frozen one is thawed first, so it can end).
  public func stop() {
    thaw()
    child.stop()
    try? FileManager.default.removeItem(at: directory)
  }

  /// noida-db's own process (the shell above it writes it down).
  private var brokerPid: pid_t? {
    (try? String(contentsOf: directory.appendingPathComponent("pid"), encoding: .utf8))
      .flatMap { pid_t($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
  }

  /// A broker that stops answering without closing its connections (SIGSTOP):
  /// what a hung broker or a network partition looks like to a client.
  public func freeze() throws {
    guard let pid = brokerPid, kill(pid, SIGSTOP) == 0 else { throw FixtureError("cannot freeze noida-db") }
  }

  public func thaw() {
    if let pid = brokerPid { kill(pid, SIGCONT) }
  }

  /// A producer handle of librdkafka's own, for the fixtures below.
  private func handle(_ properties: [(String, String)] = []) throws -> OpaquePointer {
    var errstr = [CChar](repeating: 0, count: 512)
    let conf = rd_kafka_conf_new()
    for (k, v) in [("bootstrap.servers", bootstrap)] + properties {
      guard rd_kafka_conf_set(conf, k, v, &errstr, errstr.count) == RD_KAFKA_CONF_OK else {
        rd_kafka_conf_destroy(conf)
        throw FixtureError("\(k): \(errorText(errstr))")
      }
    }
    rd_kafka_conf_set_log_cb(conf) { _, _, _, _ in }
    guard let rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, &errstr, errstr.count) else {
      throw FixtureError("rd_kafka_new: \(errorText(errstr))")
    }
    return rk
  }

  /// The log end of one partition, asked with librdkafka directly; nil when the broker does not answer.
  public func logEnd(_ topic: String, partition: Int32 = 0) -> Int64? {
    guard let rk = try? handle() else { return nil }
    defer { rd_kafka_destroy(rk) }
    var low: Int64 = -1
    var high: Int64 = -1
    guard rd_kafka_query_watermark_offsets(rk, topic, partition, &low, &high, 5000) == RD_KAFKA_RESP_ERR_NO_ERROR else {
      return nil
    }
    return high
  }

  /// DeleteTopics with librdkafka's admin API.
  public func deleteTopics(_ names: [String]) throws {
    let rk = try handle()
    defer { rd_kafka_destroy(rk) }
    var deletes: [OpaquePointer?] = names.map { rd_kafka_DeleteTopic_new($0) }
    defer { rd_kafka_DeleteTopic_destroy_array(&deletes, deletes.count) }
    try topicAdmin("DeleteTopics", rk, submit: { rd_kafka_DeleteTopics(rk, &deletes, deletes.count, nil, $0) }) {
      rd_kafka_DeleteTopics_result_topics(rd_kafka_event_DeleteTopics_result($0), $1)
    }
  }

  /// Produces `values` to one partition in one transaction, committed or
  /// aborted: the log then holds a control record (the marker) after them.
  public func produceTransaction(topic: String, partition: Int32, values: [String], commit: Bool) throws {
    let rk = try handle([("transactional.id", "aether-test-\(UUID().uuidString)"), ("enable.idempotence", "true")])
    defer { rd_kafka_destroy(rk) }
    func check(_ e: OpaquePointer?, _ what: String) throws {
      guard let e else { return }
      defer { rd_kafka_error_destroy(e) }
      throw FixtureError("\(what): \(String(cString: rd_kafka_error_string(e)))")
    }
    try check(rd_kafka_init_transactions(rk, 10_000), "init_transactions")
    try check(rd_kafka_begin_transaction(rk), "begin_transaction")
    guard let rkt = rd_kafka_topic_new(rk, topic, nil) else { throw FixtureError("rd_kafka_topic_new \(topic)") }
    defer { rd_kafka_topic_destroy(rkt) }
    for v in values {
      var bytes = Array(v.utf8)
      guard rd_kafka_produce(rkt, partition, RD_KAFKA_MSG_F_COPY, &bytes, bytes.count, nil, 0, nil) == 0 else {
        throw FixtureError("produce: \(String(cString: rd_kafka_err2str(rd_kafka_last_error())))")
      }
    }
    if commit {
      try check(rd_kafka_commit_transaction(rk, 10_000), "commit_transaction")
    } else {
      try check(rd_kafka_abort_transaction(rk, 10_000), "abort_transaction")
    }
  }

  /// CreateTopics with librdkafka's admin API; returns once every partition has a leader.
  public func createTopics(_ topics: [(name: String, partitions: Int32)]) throws {
    guard !topics.isEmpty else { return }
    let rk = try handle()
    defer { rd_kafka_destroy(rk) }
    var errstr = [CChar](repeating: 0, count: 512)
    var newTopics: [OpaquePointer?] = topics.map { rd_kafka_NewTopic_new($0.name, $0.partitions, 1, &errstr, errstr.count) }
    defer { rd_kafka_NewTopic_destroy_array(&newTopics, newTopics.count) }
    try topicAdmin("CreateTopics", rk, submit: { rd_kafka_CreateTopics(rk, &newTopics, newTopics.count, nil, $0) }) {
      rd_kafka_CreateTopics_result_topics(rd_kafka_event_CreateTopics_result($0), $1)
    }
    let led = eventually(by: Date().addingTimeInterval(10), every: 0.05) {
      topics.allSatisfy { t in
        (0..<t.partitions).allSatisfy { p in
          var low: Int64 = -1
          var high: Int64 = -1
          return rd_kafka_query_watermark_offsets(rk, t.name, p, &low, &high, 2000) == RD_KAFKA_RESP_ERR_NO_ERROR
        }
      }
    }
    guard led else { throw FixtureError("the topics \(topics.map(\.name)) have no leader within 10s") }
  }

  /// One topic admin request on a queue of its own: its answer within 10 s,
  /// the request's error or the first topic's, as a fixture error.
  /// The settings set on a topic (DescribeConfigs, source DYNAMIC_TOPIC_CONFIG),
  /// asked with librdkafka directly: the second client the admin commands are checked against.
  public func topicSettings(_ topic: String) throws -> [String: String] {
    let rk = try handle()
    defer { rd_kafka_destroy(rk) }
    var resources: [OpaquePointer?] = [rd_kafka_ConfigResource_new(RD_KAFKA_RESOURCE_TOPIC, topic)]
    defer { rd_kafka_ConfigResource_destroy_array(&resources, resources.count) }
    let queue = rd_kafka_queue_new(rk)
    defer { rd_kafka_queue_destroy(queue) }
    rd_kafka_DescribeConfigs(rk, &resources, 1, nil, queue)
    guard let event = rd_kafka_queue_poll(queue, 10_000) else { throw FixtureError("DescribeConfigs: no answer in 10s") }
    defer { rd_kafka_event_destroy(event) }
    var count = 0
    guard let results = rd_kafka_DescribeConfigs_result_resources(rd_kafka_event_DescribeConfigs_result(event), &count),
      count > 0, let r = results[0]
    else { throw FixtureError("DescribeConfigs: empty answer") }
    guard rd_kafka_ConfigResource_error(r) == RD_KAFKA_RESP_ERR_NO_ERROR else {
      throw FixtureError("DescribeConfigs \(topic): \(String(cString: rd_kafka_err2str(rd_kafka_ConfigResource_error(r))))")
    }
    var n = 0
    var out: [String: String] = [:]
    guard let entries = rd_kafka_ConfigResource_configs(r, &n) else { return out }
    for i in 0..<n {
      guard let e = entries[i], rd_kafka_ConfigEntry_source(e) == RD_KAFKA_CONFIG_SOURCE_DYNAMIC_TOPIC_CONFIG else { continue }
      out[String(cString: rd_kafka_ConfigEntry_name(e))] = rd_kafka_ConfigEntry_value(e).map { String(cString: $0) } ?? ""
    }
    return out
  }

  /// The groups the broker lists (the legacy ListGroups call), asked with librdkafka directly.
  public func groupNames() throws -> Set<String> {
    let rk = try handle()
    defer { rd_kafka_destroy(rk) }
    var list: UnsafePointer<rd_kafka_group_list>?
    let err = rd_kafka_list_groups(rk, nil, &list, 10_000)
    guard err == RD_KAFKA_RESP_ERR_NO_ERROR, let list else {
      throw FixtureError("ListGroups: \(String(cString: rd_kafka_err2str(err)))")
    }
    defer { rd_kafka_group_list_destroy(list) }
    var out: Set<String> = []
    for i in 0..<Int(list.pointee.group_cnt) {
      out.insert(String(cString: list.pointee.groups[i].group))
    }
    return out
  }

  private func topicAdmin(
    _ what: String, _ rk: OpaquePointer, submit: (OpaquePointer?) -> Void,
    results: (OpaquePointer?, UnsafeMutablePointer<Int>) -> UnsafeMutablePointer<OpaquePointer?>?
  ) throws {
    let queue = rd_kafka_queue_new(rk)
    defer { rd_kafka_queue_destroy(queue) }
    submit(queue)
    guard let event = rd_kafka_queue_poll(queue, 10_000) else { throw FixtureError("\(what): no answer in 10s") }
    defer { rd_kafka_event_destroy(event) }
    if rd_kafka_event_error(event) != RD_KAFKA_RESP_ERR_NO_ERROR {
      throw FixtureError("\(what): \(String(cString: rd_kafka_event_error_string(event)))")
    }
    var count = 0
    guard let list = results(event, &count) else { return }
    for i in 0..<count {
      guard let r = list[i], rd_kafka_topic_result_error(r) != RD_KAFKA_RESP_ERR_NO_ERROR else { continue }
      throw FixtureError(
        "\(what) \(String(cString: rd_kafka_topic_result_name(r))): \(String(cString: rd_kafka_err2str(rd_kafka_topic_result_error(r))))")
    }
  }
}

/// Whether something accepts TCP connections on 127.0.0.1:port.
public func accepts(port: Int) -> Bool {
  let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
  guard fd >= 0 else { return false }
  defer { close(fd) }
  var address = sockaddr_in()
  address.sin_family = sa_family_t(AF_INET)
  address.sin_port = in_port_t(UInt16(port).bigEndian)
  address.sin_addr.s_addr = inet_addr("127.0.0.1")
  return withUnsafePointer(to: &address) {
    $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
  } == 0
}

/// A C error buffer as text, up to its terminating NUL.
public func errorText(_ buffer: [CChar]) -> String {
  String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
}
