import CRdKafka
import Foundation
import Vocabulary

/// The session's connection to a cluster: one long-lived handle, so the second
/// command in the shell reuses the first one's connections. Every call is
/// bounded by its `deadlines`.
public final class KafkaClient {
  let handle: KafkaHandle
  let log: (@Sendable (String) -> Void)?
  public let deadlines: Deadlines
  /// The running command's bound: each request gets what is left of it.
  let runDeadline: RunDeadline?
  var timeoutMs: Int { runDeadline?.cap(deadlines.requestMs) ?? deadlines.requestMs }

  /// Settings every aetherctl handle starts from; the operator's properties win.
  static let baseDefaults: [(String, String)] = [
    ("client.id", "aetherctl"),
    // Asking for a topic's metadata must not create it.
    ("allow.auto.create.topics", "false"),
    ("topic.metadata.refresh.interval.ms", "-1"),
  ]

  public init(
    properties: [(key: String, value: String)], deadlines: Deadlines, runDeadline: RunDeadline? = nil,
    log: (@Sendable (String) -> Void)? = nil
  ) throws(KafkaError) {
    self.deadlines = deadlines
    self.runDeadline = runDeadline
    self.log = log
    handle = try KafkaHandle(
      type: RD_KAFKA_PRODUCER, properties: properties,
      defaults: Self.baseDefaults + [("socket.timeout.ms", String(deadlines.socketMs))], log: log)
  }

  /// A client on a consumer's handle: a one-shot `tail` asks its metadata
  /// and offsets on the connection it then reads from, one librdkafka handle
  /// (threads, connections, handshakes) instead of two, as kcat does.
  public init(sharing consumer: KafkaConsumer, runDeadline: RunDeadline?, log: (@Sendable (String) -> Void)?) {
    deadlines = consumer.deadlines
    self.runDeadline = runDeadline
    self.log = log
    handle = consumer.handle
  }

  public var bootstrap: String { handle.bootstrap }

  /// librdkafka has complained about a connection since the last look: a
  /// cached client's brokers may have gone away.
  public var sawConnectionTrouble: Bool { handle.state.lastError != nil }
  public func forgetConnectionTrouble() { handle.state.clearError() }

  /// librdkafka's mock cluster names itself "mockCluster…". It does not
  /// implement DescribeGroups or ListGroups, and in 2.0.2 a DescribeGroups it
  /// rejects leaves the group coordinator queue stuck for later requests on the
  /// same handle; so those requests are not sent to it at all.
  public private(set) lazy var isMockCluster: Bool = {
    guard let id = rd_kafka_clusterid(handle.rk, Int32(clamping: timeoutMs)) else { return false }
    defer { rd_kafka_mem_free(handle.rk, id) }
    return String(cString: id).hasPrefix("mockCluster")
  }()

  func traced<T>(_ what: @autoclosure () -> String, _ body: () throws(KafkaError) -> T) throws(KafkaError) -> T {
    try traceRequest(log, what(), body)
  }

  /// Also the topic admin requests, which the mock does not serve either.
  func requireGroupAPIs(_ what: String) throws(KafkaError) {
    if isMockCluster {
      throw KafkaError(.unsupported, "\(what): librdkafka's mock cluster does not implement this request")
    }
  }

  // MARK: Metadata

  /// All topics (nil) or the named ones. An unknown named topic is an error.
  /// Always an all-topics request: asking a broker about one topic by name can
  /// create it (auto.create.topics.enable, and librdkafka's mock cluster).
  public func metadata(topics: [String]? = nil) throws(KafkaError) -> ClusterMetadata {
    var md = try rawMetadata(topic: nil)
    guard let names = topics, !names.isEmpty else { return md }
    var picked: [TopicInfo] = []
    for name in names {
      guard let t = md.topics.first(where: { $0.name == name }) else {
        throw KafkaError(.unknownTopic, "topic \(name): unknown topic")
      }
      if let e = t.error { throw KafkaError(.other, e) }
      picked.append(t)
    }
    md.topics = picked
    return md
  }

  private func rawMetadata(topic: String?) throws(KafkaError) -> ClusterMetadata {
    try traced("Metadata (all topics)") { () throws(KafkaError) in try untracedMetadata(topic: topic) }
  }

  private func untracedMetadata(topic: String?) throws(KafkaError) -> ClusterMetadata {
    var md: UnsafePointer<rd_kafka_metadata>?
    var rkt: OpaquePointer?
    if let t = topic { rkt = rd_kafka_topic_new(handle.rk, t, nil) }
    defer { if let rkt { rd_kafka_topic_destroy(rkt) } }
    let err = rd_kafka_metadata(handle.rk, topic == nil ? 1 : 0, rkt, &md, Int32(clamping: timeoutMs))
    guard err == RD_KAFKA_RESP_ERR_NO_ERROR, let md else {
      throw handle.error(err, topic.map { "metadata for \($0)" } ?? "metadata", timeoutMs: deadlines.requestMs)
    }
    defer { rd_kafka_metadata_destroy(md) }
    let m = md.pointee
    var brokers: [BrokerInfo] = []
    for i in 0..<Int(m.broker_cnt) {
      let b = m.brokers[i]
      brokers.append(BrokerInfo(id: b.id, host: b.host.map { String(cString: $0) } ?? "?", port: b.port))
    }
    var topics: [TopicInfo] = []
    for i in 0..<Int(m.topic_cnt) {
      let t = m.topics[i]
      let name = String(cString: t.topic)
      if t.err != RD_KAFKA_RESP_ERR_NO_ERROR {
        let e = handle.error(t.err, "topic \(name)")
        if topic != nil { throw e }
        topics.append(TopicInfo(name: name, partitions: [], error: e.message))
        continue
      }
      var partitions: [PartitionInfo] = []
      for j in 0..<Int(t.partition_cnt) {
        let p = t.partitions[j]
        let replicas = (0..<Int(p.replica_cnt)).map { p.replicas[$0] }
        let isr = (0..<Int(p.isr_cnt)).map { p.isrs[$0] }
        partitions.append(
          PartitionInfo(
            id: p.id, leader: p.leader, replicas: replicas, isr: isr,
            error: p.err == RD_KAFKA_RESP_ERR_NO_ERROR ? nil : String(cString: rd_kafka_err2str(p.err))))
      }
      partitions.sort { $0.id < $1.id }
      topics.append(TopicInfo(name: name, partitions: partitions, error: nil))
    }
    topics.sort { $0.name < $1.name }
    return ClusterMetadata(brokers: brokers.sorted { $0.id < $1.id }, topics: topics, originBrokerId: m.orig_broker_id)
  }

  /// The partitions of several topics from one Metadata request; a topic the
  /// cluster does not list (or reports an error for) is that topic's error.
  public func partitions(of topics: [String]) throws(KafkaError) -> [String: Result<[TopicPartition], KafkaError>] {
    let md = try rawMetadata(topic: nil)
    var out: [String: Result<[TopicPartition], KafkaError>] = [:]
    for name in topics {
      guard let t = md.topics.first(where: { $0.name == name }) else {
        out[name] = .failure(KafkaError(.unknownTopic, "topic \(name): unknown topic"))
        continue
      }
      if let e = t.error {
        out[name] = .failure(KafkaError(.other, e))
        continue
      }
      out[name] = .success(t.partitions.map { TopicPartition(name, $0.id) })
    }
    return out
  }

  /// The partitions of a topic, in order.
  public func partitions(of topic: String) throws(KafkaError) -> [TopicPartition] {
    let md = try metadata(topics: [topic])
    guard let t = md.topics.first(where: { $0.name == topic }) else {
      throw KafkaError(.unknownTopic, "topic \(topic): unknown topic")
    }
    return t.partitions.map { TopicPartition(topic, $0.id) }
  }

  // MARK: Offsets

  /// Log start and log end of many partitions in two ListOffsets rounds, each
  /// batched by leader (one request per broker, not one per partition).
  public func watermarks(_ partitions: [TopicPartition]) throws(KafkaError) -> [TopicPartition: Watermarks] {
    guard !partitions.isEmpty else { return [:] }
    let low = try listOffsets(partitions, at: Int64(RD_KAFKA_OFFSET_BEGINNING), what: "log start")
    let high = try listOffsets(partitions, at: Int64(RD_KAFKA_OFFSET_END), what: "log end")
    var out: [TopicPartition: Watermarks] = [:]
    for tp in partitions {
      guard let l = low[tp], let h = high[tp] else { continue }
      out[tp] = Watermarks(low: l, high: h)
    }
    return out
  }

  /// The first offset whose timestamp is at or after `timestampMs`, per
  /// partition; -1 where the broker knows none (or, like the mock cluster,
  /// cannot look it up).
  public func offsets(forTimestamp timestampMs: Int64, _ partitions: [TopicPartition]) throws(KafkaError)
    -> [TopicPartition: Int64]
  {
    try listOffsets(partitions, at: timestampMs, what: "offsets for time")
  }

  private func listOffsets(_ partitions: [TopicPartition], at query: Int64, what: String) throws(KafkaError)
    -> [TopicPartition: Int64]
  {
    return try traced(
      "ListOffsets (\(what)) \(Set(partitions.map(\.topic)).sorted().joined(separator: ", ")), \(partitions.count) partition(s)"
    ) { () throws(KafkaError) in
      try untracedListOffsets(partitions, at: query, what: what)
    }
  }

  private func untracedListOffsets(_ partitions: [TopicPartition], at query: Int64, what: String) throws(KafkaError)
    -> [TopicPartition: Int64]
  {
    let result: Result<[TopicPartition: Int64], KafkaError> = withPartitionList(partitions.map { ($0, query) }) {
      list in
      let err = rd_kafka_offsets_for_times(handle.rk, list, Int32(clamping: timeoutMs))
      if err != RD_KAFKA_RESP_ERR_NO_ERROR { return .failure(handle.error(err, what, timeoutMs: deadlines.requestMs)) }
      var out: [TopicPartition: Int64] = [:]
      for (tp, offset, perr) in readPartitionList(list) {
        if perr != RD_KAFKA_RESP_ERR_NO_ERROR {
          return .failure(handle.error(perr, "\(what) of \(tp)", timeoutMs: deadlines.requestMs))
        }
        out[tp] = offset
      }
      return .success(out)
    }
    return try result.get()
  }

  // MARK: Consumer groups (admin API)

  /// Committed offsets of `group` (OffsetFetch). A partition with no commit is
  /// absent from the result. `partitions` nil: every partition the group committed.
  public func committedOffsets(group: String, partitions: [TopicPartition]?) throws(KafkaError)
    -> [TopicPartition: Int64]
  {
    let outcome: Result<[TopicPartition: Int64], KafkaError> = adminCall(
      "committed offsets of \(group)", RD_KAFKA_ADMIN_OP_LISTCONSUMERGROUPOFFSETS,
      RD_KAFKA_EVENT_LISTCONSUMERGROUPOFFSETS_RESULT,
      submit: { options, queue in
        let request: OpaquePointer?
        if let ps = partitions, !ps.isEmpty {
          request = withPartitionList(ps.map { ($0, Int64(RD_KAFKA_OFFSET_INVALID)) }) {
            rd_kafka_ListConsumerGroupOffsets_new(group, $0)
          }
        } else {
          request = rd_kafka_ListConsumerGroupOffsets_new(group, nil)
        }
        var requests: [OpaquePointer?] = [request]
        rd_kafka_ListConsumerGroupOffsets(handle.rk, &requests, 1, options, queue)
        rd_kafka_ListConsumerGroupOffsets_destroy(request)
      },
      read: { event in
        let result = rd_kafka_event_ListConsumerGroupOffsets_result(event)
        var count = 0
        guard let groups = rd_kafka_ListConsumerGroupOffsets_result_groups(result, &count), count > 0,
          let g = groups[0]
        else { return .failure(KafkaError(.other, "committed offsets of \(group): empty answer")) }
        return self.readGroupResult(g, context: "committed offsets of \(group)")
      })
    return try outcome.get()
  }

  /// Every commit of many groups. librdkafka 2.0.2 asks OffsetFetch for one
  /// group per call, so the calls go out together on one queue and their
  /// answers are collected as they come: one round trip's time for all,
  /// within one request timeout. Each group's commits or its own error (a
  /// group's failed request, or no answer in time while others answered);
  /// only when nothing answers at all is the cluster unreachable.
  public func committedOffsets(groups: [String]) throws(KafkaError) -> [String: Result<[TopicPartition: Int64], KafkaError>] {
    guard !groups.isEmpty else { return [:] }
    let context = "committed offsets of \(groups.count) group(s), asked at once"
    return try traced("OffsetFetch ×\(groups.count) (\(context))") { () throws(KafkaError) in
      guard let queue = rd_kafka_queue_new(handle.rk) else { throw KafkaError(.other, "\(context): cannot create a queue") }
      defer { rd_kafka_queue_destroy(queue) }
      var errstr = [CChar](repeating: 0, count: 256)
      let requestMs = timeoutMs
      // Each call carries its group's index as its opaque: an answer that
      // failed as a whole still says whose it was.
      for (index, group) in groups.enumerated() {
        let options = rd_kafka_AdminOptions_new(handle.rk, RD_KAFKA_ADMIN_OP_LISTCONSUMERGROUPOFFSETS)
        defer { rd_kafka_AdminOptions_destroy(options) }
        _ = rd_kafka_AdminOptions_set_request_timeout(options, Int32(clamping: requestMs), &errstr, errstr.count)
        rd_kafka_AdminOptions_set_opaque(options, UnsafeMutableRawPointer(bitPattern: index + 1))
        var requests: [OpaquePointer?] = [rd_kafka_ListConsumerGroupOffsets_new(group, nil)]
        rd_kafka_ListConsumerGroupOffsets(handle.rk, &requests, 1, options, queue)
        rd_kafka_ListConsumerGroupOffsets_destroy(requests[0])
      }
      var out: [String: Result<[TopicPartition: Int64], KafkaError>] = [:]
      let deadline = DispatchTime.now().uptimeNanoseconds + UInt64(requestMs + Deadlines.replyMarginMs) * 1_000_000
      var answered = 0
      while answered < groups.count {
        let now = DispatchTime.now().uptimeNanoseconds
        guard now < deadline, let event = rd_kafka_queue_poll(queue, Int32(clamping: (deadline - now) / 1_000_000 + 1))
        else { break }
        defer { rd_kafka_event_destroy(event) }
        guard rd_kafka_event_type(event) == RD_KAFKA_EVENT_LISTCONSUMERGROUPOFFSETS_RESULT else { continue }
        let index = Int(bitPattern: rd_kafka_event_opaque(event)) - 1
        guard groups.indices.contains(index) else { continue }
        let group = groups[index]
        answered += 1
        let err = rd_kafka_event_error(event)
        if err != RD_KAFKA_RESP_ERR_NO_ERROR {
          out[group] = .failure(handle.error(err, "committed offsets of \(group)", timeoutMs: deadlines.requestMs))
          continue
        }
        var count = 0
        guard let results = rd_kafka_ListConsumerGroupOffsets_result_groups(
          rd_kafka_event_ListConsumerGroupOffsets_result(event), &count), count > 0, let g = results[0]
        else {
          out[group] = .failure(KafkaError(.other, "committed offsets of \(group): empty answer"))
          continue
        }
        out[group] = readGroupResult(g, context: "committed offsets of \(group)")
      }
      if answered == 0 { throw handle.error(RD_KAFKA_RESP_ERR__TIMED_OUT, context, timeoutMs: deadlines.requestMs) }
      for group in groups where out[group] == nil {
        out[group] = .failure(KafkaError(.other, "committed offsets of \(group): no answer within \(deadlines)"))
      }
      return out
    }
  }

  /// Commits offsets for `group` from outside the group (AlterConsumerGroupOffsets).
  /// The broker refuses while the group has active members.
  public func commitOffsets(group: String, _ offsets: [TopicPartition: Int64]) throws(KafkaError) {
    let outcome: Result<[TopicPartition: Int64], KafkaError> = adminCall(
      "commit offsets of \(group)", RD_KAFKA_ADMIN_OP_ALTERCONSUMERGROUPOFFSETS,
      RD_KAFKA_EVENT_ALTERCONSUMERGROUPOFFSETS_RESULT,
      submit: { options, queue in
        let request = withPartitionList(offsets.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }) {
          rd_kafka_AlterConsumerGroupOffsets_new(group, $0)
        }
        var requests: [OpaquePointer?] = [request]
        rd_kafka_AlterConsumerGroupOffsets(handle.rk, &requests, 1, options, queue)
        rd_kafka_AlterConsumerGroupOffsets_destroy(request)
      },
      read: { event in
        let result = rd_kafka_event_AlterConsumerGroupOffsets_result(event)
        var count = 0
        guard let groups = rd_kafka_AlterConsumerGroupOffsets_result_groups(result, &count), count > 0,
          let g = groups[0]
        else { return .failure(KafkaError(.other, "commit offsets of \(group): empty answer")) }
        return self.readGroupResult(g, context: "commit offsets of \(group)")
      })
    do {
      _ = try outcome.get()
    } catch let e where e.kind == .groupNotEmpty && isMockCluster {
      // The mock keeps every group that ever had a member and refuses any
      // commit from outside it (no member id), even once all have left.
      throw KafkaError(
        .groupNotEmpty,
        e.message + "; librdkafka's mock cluster refuses a commit from outside a group that has ever had members, "
          + "even after they left (a real broker accepts it once the group is empty)")
    }
  }

  private func readGroupResult(_ g: OpaquePointer, context: String) -> Result<[TopicPartition: Int64], KafkaError> {
    if let e = rd_kafka_group_result_error(g) {
      return .failure(handle.error(rd_kafka_error_code(e), context, timeoutMs: deadlines.requestMs))
    }
    var out: [TopicPartition: Int64] = [:]
    if let list = rd_kafka_group_result_partitions(g) {
      for (tp, offset, perr) in readPartitionList(list) {
        if perr != RD_KAFKA_RESP_ERR_NO_ERROR {
          return .failure(handle.error(perr, "\(context) \(tp)", timeoutMs: deadlines.requestMs))
        }
        if offset >= 0 { out[tp] = offset }
      }
    }
    return .success(out)
  }

  /// Members and assignments (DescribeGroups). The mock cluster answers
  /// `.unsupported`; callers show the lag without members then.
  public func describeGroup(_ group: String) throws(KafkaError) -> GroupDescription {
    let answers = try describeGroups([group], context: "describe group \(group)")
    guard let answer = answers[group] else { throw KafkaError(.other, "describe group \(group): empty answer") }
    return try answer.get()
  }

  /// Many groups in one call: what `groups` lists. librdkafka 2.0.2 sends a
  /// DescribeGroups per group (after its coordinator lookup) and all of them
  /// at once, so it costs one round trip's time, not one per group. Each
  /// group's answer or its own error.
  public func describeGroups(_ groups: [String], context: String? = nil) throws(KafkaError)
    -> [String: Result<GroupDescription, KafkaError>]
  {
    let context = context ?? "describe \(groups.count) group(s)"
    try requireGroupAPIs(context)
    guard !groups.isEmpty else { return [:] }
    let outcome: Result<[String: Result<GroupDescription, KafkaError>], KafkaError> = adminCall(
      context, RD_KAFKA_ADMIN_OP_DESCRIBECONSUMERGROUPS, RD_KAFKA_EVENT_DESCRIBECONSUMERGROUPS_RESULT,
      submit: { options, queue in
        let names = groups.map { strdup($0) }
        defer { names.forEach { free($0) } }
        var pointers = names.map { UnsafePointer<CChar>($0) }
        rd_kafka_DescribeConsumerGroups(handle.rk, &pointers, pointers.count, options, queue)
      },
      read: { event in
        let result = rd_kafka_event_DescribeConsumerGroups_result(event)
        var count = 0
        guard let described = rd_kafka_DescribeConsumerGroups_result_groups(result, &count) else {
          return .failure(KafkaError(.other, "\(context): empty answer"))
        }
        var out: [String: Result<GroupDescription, KafkaError>] = [:]
        for i in 0..<count {
          guard let g = described[i] else { continue }
          let id = String(cString: rd_kafka_ConsumerGroupDescription_group_id(g))
          out[id] = self.description(g, id: id)
        }
        return .success(out)
      })
    return try outcome.get()
  }

  private func description(_ g: OpaquePointer, id group: String) -> Result<GroupDescription, KafkaError> {
    if let e = rd_kafka_ConsumerGroupDescription_error(g) {
      return .failure(handle.error(rd_kafka_error_code(e), "describe group \(group)"))
    }
    var members: [GroupMember] = []
    for i in 0..<rd_kafka_ConsumerGroupDescription_member_count(g) {
      guard let m = rd_kafka_ConsumerGroupDescription_member(g, i) else { continue }
      var assignment: [TopicPartition] = []
      if let a = rd_kafka_MemberDescription_assignment(m), let list = rd_kafka_MemberAssignment_partitions(a) {
        assignment = readPartitionList(list).map(\.0).sorted()
      }
      members.append(
        GroupMember(
          memberId: String(cString: rd_kafka_MemberDescription_consumer_id(m)),
          clientId: String(cString: rd_kafka_MemberDescription_client_id(m)),
          host: String(cString: rd_kafka_MemberDescription_host(m)), assignment: assignment))
    }
    let state = String(cString: rd_kafka_consumer_group_state_name(rd_kafka_ConsumerGroupDescription_state(g)))
    let coordinator = rd_kafka_ConsumerGroupDescription_coordinator(g).map { rd_kafka_Node_id($0) }
    return .success(
      GroupDescription(
        id: group, state: state,
        assignor: rd_kafka_ConsumerGroupDescription_partition_assignor(g).map { String(cString: $0) } ?? "",
        members: members, coordinator: coordinator))
  }

  /// Every group the cluster knows (ListGroups); `.unsupported` on the mock cluster.
  public func listGroups() throws(KafkaError) -> [GroupListing] {
    try requireGroupAPIs("list groups")
    let outcome: Result<[GroupListing], KafkaError> = adminCall(
      "list groups", RD_KAFKA_ADMIN_OP_LISTCONSUMERGROUPS, RD_KAFKA_EVENT_LISTCONSUMERGROUPS_RESULT,
      submit: { options, queue in rd_kafka_ListConsumerGroups(handle.rk, options, queue) },
      read: { event in
        let result = rd_kafka_event_ListConsumerGroups_result(event)
        var errorCount = 0
        if let errors = rd_kafka_ListConsumerGroups_result_errors(result, &errorCount), errorCount > 0,
          let first = errors[0]
        {
          return .failure(self.handle.error(rd_kafka_error_code(first), "list groups", timeoutMs: self.deadlines.requestMs))
        }
        var count = 0
        var out: [GroupListing] = []
        if let valid = rd_kafka_ListConsumerGroups_result_valid(result, &count) {
          for i in 0..<count {
            guard let g = valid[i] else { continue }
            out.append(
              GroupListing(
                id: String(cString: rd_kafka_ConsumerGroupListing_group_id(g)),
                state: String(cString: rd_kafka_consumer_group_state_name(rd_kafka_ConsumerGroupListing_state(g))),
                isSimple: rd_kafka_ConsumerGroupListing_is_simple_consumer_group(g) != 0))
          }
        }
        return .success(out.sorted { $0.id < $1.id })
      })
    return try outcome.get()
  }

  /// Creates topics (CreateTopics); a topic that already exists is an
  /// error naming it. The mock cluster does not serve topic admin: its
  /// topics are made when it starts.
  public func createTopics(_ topics: [(name: String, partitions: Int32, replication: Int32)]) throws(KafkaError) {
    try requireGroupAPIs("create topics")
    var errstr = [CChar](repeating: 0, count: 512)
    var newTopics: [OpaquePointer?] = []
    defer { rd_kafka_NewTopic_destroy_array(&newTopics, newTopics.count) }
    for t in topics {
      guard let nt = rd_kafka_NewTopic_new(t.name, t.partitions, t.replication, &errstr, errstr.count) else {
        throw KafkaError(.invalidArgument, "create topic \(t.name): \(cText(errstr))")
      }
      newTopics.append(nt)
    }
    let outcome: Result<Void, KafkaError> = adminCall(
      "create topics", RD_KAFKA_ADMIN_OP_CREATETOPICS, RD_KAFKA_EVENT_CREATETOPICS_RESULT,
      submit: { options, queue in rd_kafka_CreateTopics(handle.rk, &newTopics, newTopics.count, options, queue) },
      read: { event in
        let result = rd_kafka_event_CreateTopics_result(event)
        var count = 0
        guard let results = rd_kafka_CreateTopics_result_topics(result, &count) else { return .success(()) }
        for i in 0..<count {
          guard let r = results[i] else { continue }
          let err = rd_kafka_topic_result_error(r)
          if err != RD_KAFKA_RESP_ERR_NO_ERROR {
            let name = String(cString: rd_kafka_topic_result_name(r))
            var e = self.handle.error(err, "create topic \(name)")
            if let text = rd_kafka_topic_result_error_string(r) { e.message = "create topic \(name): \(String(cString: text))" }
            return .failure(e)
          }
        }
        return .success(())
      })
    try outcome.get()
  }

  /// Runs one admin request on a private queue and waits for its result event,
  /// never longer than the timeout (plus a margin for the reply to arrive).
  func adminCall<T>(
    _ context: String, _ op: rd_kafka_admin_op_t, _ expected: rd_kafka_event_type_t,
    submit: (OpaquePointer?, OpaquePointer?) -> Void, read: (OpaquePointer) -> Result<T, KafkaError>
  ) -> Result<T, KafkaError> {
    let what = Self.requestName[op].map { "\($0) (\(context))" } ?? context
    return Result { () throws(KafkaError) in
      try traced(what) { () throws(KafkaError) in try untracedAdminCall(context, op, expected, submit: submit, read: read).get() }
    }
  }

  /// The Kafka requests behind librdkafka's admin operations, for -v.
  static let requestName: [rd_kafka_admin_op_t: String] = [
    RD_KAFKA_ADMIN_OP_LISTCONSUMERGROUPOFFSETS: "OffsetFetch", RD_KAFKA_ADMIN_OP_ALTERCONSUMERGROUPOFFSETS: "OffsetCommit",
    RD_KAFKA_ADMIN_OP_DESCRIBECONSUMERGROUPS: "DescribeGroups", RD_KAFKA_ADMIN_OP_LISTCONSUMERGROUPS: "ListGroups",
    RD_KAFKA_ADMIN_OP_CREATETOPICS: "CreateTopics", RD_KAFKA_ADMIN_OP_DELETETOPICS: "DeleteTopics",
    RD_KAFKA_ADMIN_OP_CREATEPARTITIONS: "CreatePartitions", RD_KAFKA_ADMIN_OP_DESCRIBECONFIGS: "DescribeConfigs",
    RD_KAFKA_ADMIN_OP_ALTERCONFIGS: "AlterConfigs", RD_KAFKA_ADMIN_OP_DELETEGROUPS: "DeleteGroups",
  ]

  private func untracedAdminCall<T>(
    _ context: String, _ op: rd_kafka_admin_op_t, _ expected: rd_kafka_event_type_t,
    submit: (OpaquePointer?, OpaquePointer?) -> Void, read: (OpaquePointer) -> Result<T, KafkaError>
  ) -> Result<T, KafkaError> {
    guard let queue = rd_kafka_queue_new(handle.rk) else {
      return .failure(KafkaError(.other, "\(context): cannot create a queue"))
    }
    defer { rd_kafka_queue_destroy(queue) }
    let options = rd_kafka_AdminOptions_new(handle.rk, op)
    defer { rd_kafka_AdminOptions_destroy(options) }
    var errstr = [CChar](repeating: 0, count: 256)
    let requestMs = timeoutMs
    _ = rd_kafka_AdminOptions_set_request_timeout(options, Int32(clamping: requestMs), &errstr, errstr.count)
    submit(options, queue)
    guard let event = rd_kafka_queue_poll(queue, Int32(clamping: requestMs + Deadlines.replyMarginMs)) else {
      return .failure(handle.error(RD_KAFKA_RESP_ERR__TIMED_OUT, context, timeoutMs: deadlines.requestMs))
    }
    defer { rd_kafka_event_destroy(event) }
    let err = rd_kafka_event_error(event)
    if err != RD_KAFKA_RESP_ERR_NO_ERROR {
      var e = handle.error(err, context, timeoutMs: deadlines.requestMs)
      // The broker's own words (a policy, a setting it refuses), not the code's name.
      if e.kind != .unreachable, let s = rd_kafka_event_error_string(event) { e.message = "\(context): \(String(cString: s))" }
      return .failure(e)
    }
    guard rd_kafka_event_type(event) == expected else {
      return .failure(KafkaError(.other, "\(context): unexpected answer from librdkafka"))
    }
    return read(event)
  }
}

/// Under -v (a log is set) each request says what it asked and how long the
/// answer took, so an operator sees what a command costs the cluster.
func traceRequest<T>(
  _ log: (@Sendable (String) -> Void)?, _ what: @autoclosure () -> String, _ body: () throws(KafkaError) -> T
) throws(KafkaError) -> T {
  guard let log else { return try body() }
  let started = DispatchTime.now().uptimeNanoseconds
  func took() -> String { "\((DispatchTime.now().uptimeNanoseconds - started + 500_000) / 1_000_000) ms" }
  do {
    let answer = try body()
    log("kafka: \(what()): \(took())")
    return answer
  } catch {
    log("kafka: \(what()): failed after \(took()) (\(error.message))")
    throw error
  }
}
