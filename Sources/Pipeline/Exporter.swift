import Clients
import Foundation
import Vocabulary

/// The stand-in for kafka-exporter on its own port: every scrape reads the
/// log offsets and the pipeline groups' commits from the cluster, as the
/// real exporter does, and answers in its metric names. The groups are the
/// pipeline's two; their members are what DescribeGroups says, as the real
/// exporter reads them — except on librdkafka's mock cluster, which cannot
/// describe groups: there the stand-ins that run them count their members.
/// `@unchecked Sendable`: the one Kafka client (not Sendable) is used only
/// under `clientLock`, one scrape at a time.
public final class Exporter: @unchecked Sendable {
  public struct WatchedGroup: Sendable {
    var name: String
    var topics: [String]
    /// The stand-ins' own count, for the mock cluster only.
    var members: @Sendable () -> Int

    public init(name: String, topics: [String], members: @escaping @Sendable () -> Int) {
      self.name = name
      self.topics = topics
      self.members = members
    }
  }

  /// Bound once and kept across a stop and a start, as a container keeps its port.
  public let port: Int
  private let clientLock = NSLock()
  private let client: KafkaClient
  private let brokers: Int
  private let topics: [String]
  private let groups: [WatchedGroup]
  private let http = Locked<HTTPServer?>(nil)

  public init(bootstrap: String, brokers: Int, topics: [String], groups: [WatchedGroup]) throws {
    client = try KafkaClient(
      properties: [("bootstrap.servers", bootstrap), ("client.id", "kafka-exporter")], deadlines: Deadlines(seconds: 5))
    self.brokers = brokers
    self.topics = topics
    self.groups = groups
    port = try HTTPServer.freePort()
    try setUp(true)
  }

  deinit { http.value?.stop() }

  public var isUp: Bool { http.value != nil }

  public func setUp(_ up: Bool) throws {
    if !up {
      http.update { s in
        defer { s = nil }
        return s
      }?.stop()
      return
    }
    guard !isUp else { return }
    let started = try HTTPServer(port: port) { [weak self] request in
      guard let self else { return .text("gone\n", status: 503) }
      guard request.method == "GET", request.path == "/metrics" else {
        return .text("kafka-exporter (aetherctl sandbox): see /metrics\n", status: request.path == "/" ? 200 : 404)
      }
      return self.scrape()
    }
    http.update { $0 = started }
  }

  /// One scrape: the offsets now. A cluster that does not answer is an
  /// error status, as the real exporter's failed scrape: Prometheus marks
  /// the target down rather than recording stale numbers.
  func scrape() -> HTTPServer.Response {
    clientLock.lock()
    defer { clientLock.unlock() }
    do {
      var partitions: [TopicPartition] = []
      for t in topics { partitions += try client.partitions(of: t) }
      let marks = try client.watermarks(partitions)
      var watched: [ExporterMetrics.Group] = []
      for g in groups {
        let mine = partitions.filter { g.topics.contains($0.topic) }
        let committed = try client.committedOffsets(group: g.name, partitions: mine)
        var byTopic: [String: [Int32: Int64]] = [:]
        for (tp, o) in committed { byTopic[tp.topic, default: [:]][tp.partition] = o }
        // One group the broker cannot describe now loses its members series, not the whole scrape.
        let members = client.isMockCluster ? g.members() : (try? client.describeGroup(g.name))?.members.count
        watched.append(ExporterMetrics.Group(name: g.name, committed: byTopic, members: members))
      }
      let rows = partitions.compactMap { tp in
        marks[tp].map { ExporterMetrics.Partition(topic: tp.topic, partition: tp.partition, oldest: $0.low, newest: $0.high) }
      }
      return .body(
        status: 200, contentType: "text/plain; version=0.0.4",
        text: ExporterMetrics.render(brokers: brokers, partitions: rows, groups: watched))
    } catch {
      return .text("kafka-exporter: cannot read offsets: \(error)\n", status: 503)
    }
  }
}
