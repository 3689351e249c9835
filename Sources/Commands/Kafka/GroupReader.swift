import Capacity
import Clients
import Config
import Formats
import Foundation
import Host
import Output
import Prometheus
import ShellLanguage

/// Everything `lag`, `group describe`, `skew`, `eta` and `scale-hint` read about
/// a group, in a few batched round trips: metadata per topic, one OffsetFetch,
/// two ListOffsets per broker, one DescribeGroups.
struct GroupSnapshot {
  var group: String
  var state: String
  /// nil when the broker cannot describe groups (the mock cluster).
  var members: [GroupMember]?
  var membersNote: String?
  var offsets: [PartitionOffsets]
  var lag: GroupLag
  var takenAt: Double
}

enum GroupReader {
  /// The topics a group consumes: those it committed, else `fallback` (the
  /// profile's topic). The mock cluster cannot list a group's commits without
  /// naming partitions, so the fallback matters there.
  static func topics(of group: String, topic: String?, fallback: String, client: KafkaClient) throws -> (
    names: [String], assumed: Bool
  ) {
    if let t = topic { return ([t], false) }
    let committed = try kafkaCall { () throws(KafkaError) in try client.committedOffsets(group: group, partitions: nil) }
    let names = Set(committed.keys.map(\.topic)).sorted()
    return names.isEmpty ? ([fallback], true) : (names, false)
  }

  /// Said whenever the profile's topic stood in for the group's own: the
  /// operator never asked about it, so an error about it must say why.
  static func assumption(_ topic: String, group: String) -> String {
    "\(topic) is the profile's topic, assumed because the broker listed no committed topics for '\(group)'; "
      + "pass --topic TOPIC for another"
  }

  /// `requireCommits`: a group with no committed offset on any partition read
  /// is an error, never "lag 0" (a typo in the group name, or a group that
  /// never consumed, must not read as caught up). `group seek` and `groups`
  /// pass false: seeking a new group is legitimate, and a listing shows it.
  static func read(
    group: String, topic: String?, partition: Int32? = nil, ctx: CommandContext, describe: Bool = true,
    requireCommits: Bool = true
  ) throws -> GroupSnapshot {
    let client = try ctx.kafka()
    let (topics, assumed) = try topics(of: group, topic: topic, fallback: ctx.settings.topic.value, client: client)
    var partitions: [TopicPartition] = []
    for t in topics {
      do {
        partitions += try kafkaCall { () throws(KafkaError) in try client.partitions(of: t) }
      } catch var f as CommandFailure where assumed {
        f.message += " (\(assumption(t, group: group)))"
        throw f
      }
    }
    if let p = partition {
      partitions = partitions.filter { $0.partition == p }
      guard !partitions.isEmpty else {
        throw CommandFailure.failed("\(topics.joined(separator: ",")) has no partition \(p)")
      }
    }
    let takenAt = ctx.monotonicSeconds()
    let committed = try kafkaCall { () throws(KafkaError) in
      try client.committedOffsets(group: group, partitions: partitions)
    }
    if requireCommits && !partitions.isEmpty && partitions.allSatisfy({ committed[$0] == nil }) {
      var message = partition.map {
        "group '\(group)' has no committed offset on partition \($0) of \(topics.joined(separator: ", "))"
      } ?? Self.noCommitsMessage(group: group, topics: topics)
      if assumed, let t = topics.first { message += "; \(assumption(t, group: group))" }
      throw CommandFailure.failed(message)
    }
    let marks = try kafkaCall { () throws(KafkaError) in try client.watermarks(partitions) }

    var members: [GroupMember]?
    var state = "unknown"
    var note: String?
    if describe {
      do throws(KafkaError) {
        let d = try client.describeGroup(group)
        members = d.members
        state = d.state
      } catch {
        guard error.kind == .unsupported else { throw CommandFailure(error) }
        note = "members: the broker cannot describe groups (DescribeGroups unsupported); lag shown without owners"
      }
    }
    let offsets = partitions.map { tp -> PartitionOffsets in
      let m = marks[tp] ?? Watermarks(low: 0, high: 0)
      let owner = members?.first { $0.assignment.contains(tp) }?.memberId
      return PartitionOffsets(
        topic: tp.topic, partition: tp.partition, logStart: m.low, logEnd: m.high, committed: committed[tp], owner: owner)
    }
    return GroupSnapshot(
      group: group, state: state, members: members, membersNote: note, offsets: offsets, lag: evaluateLag(offsets),
      takenAt: takenAt)
  }

  static func noCommitsMessage(group: String, topics: [String]) -> String {
    "group '\(group)' has no committed offsets on \(topics.joined(separator: ", ")) (does it exist?)"
  }

  /// Samples a group at the start and end of `window` (and in between, for a
  /// progress line), returning both ends.
  static func sample(group: String, topic: String?, window: Double, ctx: CommandContext) throws -> (
    first: GroupSnapshot, last: GroupSnapshot, rates: RateSample
  ) {
    let first = try read(group: group, topic: topic, ctx: ctx)
    let deadline = first.takenAt + window
    let step = max(0.2, min(2, window / 5))
    while true {
      let now = ctx.monotonicSeconds()
      if now >= deadline { break }
      try ctx.sleep(seconds: min(step, deadline - now))
      // A look at the offsets between the two samples: a cluster that dies
      // mid-window is exit 3 now, not after the whole window and a timeout.
      if ctx.monotonicSeconds() < deadline {
        _ = try read(group: group, topic: topic, ctx: ctx, describe: false)
      }
    }
    let last = try read(group: group, topic: topic, ctx: ctx, describe: true)
    let rates = try sampleRates(before: first.offsets, after: last.offsets, seconds: last.takenAt - first.takenAt)
    return (first, last, rates)
  }
}
