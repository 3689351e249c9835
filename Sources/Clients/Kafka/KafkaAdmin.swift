import CRdKafka

/// Topic and group administration (CreateTopics, CreatePartitions,
/// DeleteTopics, DescribeConfigs, AlterConfigs, DeleteGroups). librdkafka's
/// mock cluster serves none of them: each says so in one line, before a
/// request is sent.
extension KafkaClient {
  /// Creates one topic with its own settings; one that exists is an error naming it.
  public func createTopic(
    _ name: String, partitions: Int32, replication: Int32, configs: [(key: String, value: String)]
  ) throws(KafkaError) {
    try requireGroupAPIs("create topic \(name)")
    var errstr = [CChar](repeating: 0, count: 512)
    guard let nt = rd_kafka_NewTopic_new(name, partitions, replication, &errstr, errstr.count) else {
      throw KafkaError(.invalidArgument, "create topic \(name): \(cText(errstr))")
    }
    var topics: [OpaquePointer?] = [nt]
    defer { rd_kafka_NewTopic_destroy_array(&topics, topics.count) }
    for c in configs {
      let err = rd_kafka_NewTopic_set_config(nt, c.key, c.value)
      if err != RD_KAFKA_RESP_ERR_NO_ERROR { throw handle.error(err, "create topic \(name): config \(c.key)") }
    }
    let outcome: Result<Void, KafkaError> = adminCall(
      "create topic \(name)", RD_KAFKA_ADMIN_OP_CREATETOPICS, RD_KAFKA_EVENT_CREATETOPICS_RESULT,
      submit: { options, queue in rd_kafka_CreateTopics(handle.rk, &topics, 1, options, queue) },
      read: { event in
        var count = 0
        let results = rd_kafka_CreateTopics_result_topics(rd_kafka_event_CreateTopics_result(event), &count)
        return self.topicResults(results, count, "create topic")
      })
    try outcome.get()
  }

  /// Grows a topic to `total` partitions (CreatePartitions).
  public func createPartitions(_ topic: String, total: Int32) throws(KafkaError) {
    try requireGroupAPIs("add partitions to \(topic)")
    var errstr = [CChar](repeating: 0, count: 512)
    guard let np = rd_kafka_NewPartitions_new(topic, Int(total), &errstr, errstr.count) else {
      throw KafkaError(.invalidArgument, "add partitions to \(topic): \(cText(errstr))")
    }
    var parts: [OpaquePointer?] = [np]
    defer { rd_kafka_NewPartitions_destroy_array(&parts, parts.count) }
    let outcome: Result<Void, KafkaError> = adminCall(
      "add partitions to \(topic)", RD_KAFKA_ADMIN_OP_CREATEPARTITIONS, RD_KAFKA_EVENT_CREATEPARTITIONS_RESULT,
      submit: { options, queue in rd_kafka_CreatePartitions(handle.rk, &parts, 1, options, queue) },
      read: { event in
        var count = 0
        let results = rd_kafka_CreatePartitions_result_topics(rd_kafka_event_CreatePartitions_result(event), &count)
        return self.topicResults(results, count, "add partitions to")
      })
    try outcome.get()
  }

  /// Deletes a topic (DeleteTopics).
  public func deleteTopic(_ topic: String) throws(KafkaError) {
    try requireGroupAPIs("delete topic \(topic)")
    var topics: [OpaquePointer?] = [rd_kafka_DeleteTopic_new(topic)]
    defer { rd_kafka_DeleteTopic_destroy_array(&topics, topics.count) }
    let outcome: Result<Void, KafkaError> = adminCall(
      "delete topic \(topic)", RD_KAFKA_ADMIN_OP_DELETETOPICS, RD_KAFKA_EVENT_DELETETOPICS_RESULT,
      submit: { options, queue in rd_kafka_DeleteTopics(handle.rk, &topics, 1, options, queue) },
      read: { event in
        var count = 0
        let results = rd_kafka_DeleteTopics_result_topics(rd_kafka_event_DeleteTopics_result(event), &count)
        return self.topicResults(results, count, "delete topic")
      })
    try outcome.get()
  }

  /// Every setting of a topic, with where its value comes from (DescribeConfigs).
  public func topicConfig(_ topic: String) throws(KafkaError) -> [TopicConfigEntry] {
    try requireGroupAPIs("describe the config of \(topic)")
    var resources: [OpaquePointer?] = [rd_kafka_ConfigResource_new(RD_KAFKA_RESOURCE_TOPIC, topic)]
    defer { rd_kafka_ConfigResource_destroy_array(&resources, resources.count) }
    let outcome: Result<[TopicConfigEntry], KafkaError> = adminCall(
      "describe the config of \(topic)", RD_KAFKA_ADMIN_OP_DESCRIBECONFIGS, RD_KAFKA_EVENT_DESCRIBECONFIGS_RESULT,
      submit: { options, queue in rd_kafka_DescribeConfigs(handle.rk, &resources, 1, options, queue) },
      read: { event in
        var count = 0
        guard
          let results = rd_kafka_DescribeConfigs_result_resources(rd_kafka_event_DescribeConfigs_result(event), &count),
          count > 0, let r = results[0]
        else { return .failure(KafkaError(.other, "describe the config of \(topic): empty answer")) }
        if let e = self.resourceError(r, "describe the config of \(topic)") { return .failure(e) }
        var n = 0
        guard let entries = rd_kafka_ConfigResource_configs(r, &n) else { return .success([]) }
        var out: [TopicConfigEntry] = []
        for i in 0..<n {
          guard let e = entries[i] else { continue }
          out.append(
            TopicConfigEntry(
              name: String(cString: rd_kafka_ConfigEntry_name(e)),
              value: rd_kafka_ConfigEntry_value(e).map { String(cString: $0) },
              source: String(cString: rd_kafka_ConfigSource_name(rd_kafka_ConfigEntry_source(e))),
              isDefault: rd_kafka_ConfigEntry_is_default(e) != 0, isReadOnly: rd_kafka_ConfigEntry_is_read_only(e) != 0,
              isSensitive: rd_kafka_ConfigEntry_is_sensitive(e) != 0))
        }
        return .success(out.sorted { $0.name < $1.name })
      })
    return try outcome.get()
  }

  /// Replaces the topic's own settings with `settings` (AlterConfigs, the
  /// only kind librdkafka 2.0.2 has): a key not named goes back to its
  /// default, so callers pass every key set on the topic, changed or not.
  public func replaceTopicConfig(_ topic: String, _ settings: [(key: String, value: String)]) throws(KafkaError) {
    try requireGroupAPIs("alter the config of \(topic)")
    guard let resource = rd_kafka_ConfigResource_new(RD_KAFKA_RESOURCE_TOPIC, topic) else {
      throw KafkaError(.other, "alter the config of \(topic): cannot allocate")
    }
    var resources: [OpaquePointer?] = [resource]
    defer { rd_kafka_ConfigResource_destroy_array(&resources, resources.count) }
    for s in settings {
      let err = rd_kafka_ConfigResource_set_config(resource, s.key, s.value)
      if err != RD_KAFKA_RESP_ERR_NO_ERROR { throw handle.error(err, "alter the config of \(topic): \(s.key)") }
    }
    let outcome: Result<Void, KafkaError> = adminCall(
      "alter the config of \(topic)", RD_KAFKA_ADMIN_OP_ALTERCONFIGS, RD_KAFKA_EVENT_ALTERCONFIGS_RESULT,
      submit: { options, queue in rd_kafka_AlterConfigs(handle.rk, &resources, 1, options, queue) },
      read: { event in
        var count = 0
        guard
          let results = rd_kafka_AlterConfigs_result_resources(rd_kafka_event_AlterConfigs_result(event), &count),
          count > 0, let r = results[0]
        else { return .failure(KafkaError(.other, "alter the config of \(topic): empty answer")) }
        if let e = self.resourceError(r, "alter the config of \(topic)") { return .failure(e) }
        return .success(())
      })
    try outcome.get()
  }

  /// Deletes a group and its commits (DeleteGroups); the broker refuses
  /// while it has members.
  public func deleteGroup(_ group: String) throws(KafkaError) {
    try requireGroupAPIs("delete group \(group)")
    var groups: [OpaquePointer?] = [rd_kafka_DeleteGroup_new(group)]
    defer { rd_kafka_DeleteGroup_destroy_array(&groups, groups.count) }
    let outcome: Result<Void, KafkaError> = adminCall(
      "delete group \(group)", RD_KAFKA_ADMIN_OP_DELETEGROUPS, RD_KAFKA_EVENT_DELETEGROUPS_RESULT,
      submit: { options, queue in rd_kafka_DeleteGroups(handle.rk, &groups, 1, options, queue) },
      read: { event in
        var count = 0
        guard let results = rd_kafka_DeleteGroups_result_groups(rd_kafka_event_DeleteGroups_result(event), &count),
          count > 0, let g = results[0]
        else { return .failure(KafkaError(.other, "delete group \(group): empty answer")) }
        if let e = rd_kafka_group_result_error(g) {
          return .failure(self.handle.error(rd_kafka_error_code(e), "delete group \(group)"))
        }
        return .success(())
      })
    try outcome.get()
  }

  private func topicResults(_ results: UnsafeMutablePointer<OpaquePointer?>?, _ count: Int, _ verb: String) -> Result<
    Void, KafkaError
  > {
    guard let results else { return .success(()) }
    for i in 0..<count {
      guard let r = results[i] else { continue }
      let err = rd_kafka_topic_result_error(r)
      guard err != RD_KAFKA_RESP_ERR_NO_ERROR else { continue }
      let name = String(cString: rd_kafka_topic_result_name(r))
      var e = handle.error(err, "\(verb) \(name)")
      if let text = rd_kafka_topic_result_error_string(r) { e.message = "\(verb) \(name): \(String(cString: text))" }
      return .failure(e)
    }
    return .success(())
  }

  private func resourceError(_ r: OpaquePointer, _ context: String) -> KafkaError? {
    let err = rd_kafka_ConfigResource_error(r)
    guard err != RD_KAFKA_RESP_ERR_NO_ERROR else { return nil }
    var e = handle.error(err, context)
    if let text = rd_kafka_ConfigResource_error_string(r) { e.message = "\(context): \(String(cString: text))" }
    return e
  }
}
