import Capacity
import Clients
import Config
import Formats
import Foundation
import Host
import Output
import Prometheus
import ScriptLanguage
import Vocabulary

/// Everything `lag`, `group describe`, `skew`, `eta` and `scale-hint` read about
/// a group, in a few batched round trips: metadata per topic, one OffsetFetch,
/// two ListOffsets per broker, one DescribeGroups.
struct GroupSnapshot {
  var group: String
  var state: String
  /// nil when the broker cannot describe groups (the mock cluster).
  var members: [GroupMember]?
  var membersNote: String?
  /// What the kafka-exporter counts, when the broker cannot describe groups.
  var exporterMembers: Int? = nil
  var offsets: [PartitionOffsets]
  var lag: GroupLag
  var takenAt: Double
  /// Committed topics that could not be read (deleted since, or not
  /// described): one row each with its error, while the others are shown.
  var topicErrors: [TopicError] = []
}

/// A topic the group committed on that the cluster could not describe.
struct TopicError {
  var topic: String
  var message: String
  /// The cluster says the topic does not exist: its commits outlived it
  /// (nothing to consume there), unlike a topic that could not be read.
  var deleted: Bool
}

/// What reading a group needs, and nothing else: the clients, the profile's
/// topic, the bounds and a clock. Commands read through the session's; the
/// dashboard's Kafka thread through clients of its own, so the session is
/// never touched from two threads.
struct GroupReading {
  var kafka: () throws -> KafkaClient
  var peek: () throws -> LogPeek
  var fallbackTopic: String
  var deadlines: Deadlines
  var now: () -> Double
  /// The kafka-exporter's member count of a group in Prometheus, for when
  /// the broker cannot describe groups; nil when it does not answer.
  var exporterMembers: ((String) -> Int?)?

  init(
    kafka: @escaping () throws -> KafkaClient, peek: @escaping () throws -> LogPeek, fallbackTopic: String,
    deadlines: Deadlines, now: @escaping () -> Double
  ) {
    self.kafka = kafka
    self.peek = peek
    self.fallbackTopic = fallbackTopic
    self.deadlines = deadlines
    self.now = now
  }

  init(_ ctx: CommandContext) {
    self.init(
      kafka: ctx.kafka, peek: ctx.logPeek, fallbackTopic: ctx.settings.topic.value, deadlines: ctx.deadlines,
      now: ctx.monotonicSeconds)
    // A command that samples (status, a watch) asks again only when
    // Prometheus may have scraped since: not at every look.
    var asked: (group: String, count: Int?, at: Double)?
    exporterMembers = { group in
      let now = ctx.monotonicSeconds()
      if let a = asked, a.group == group, now - a.at < Self.exporterReuseSeconds { return a.count }
      let count = Self.exporterMembers(group, ctx)
      asked = (group, count, now)
      return count
    }
  }

  /// The kafka-exporter's own scrape interval in the shipped config.
  static let exporterReuseSeconds = 15.0

  /// `max(kafka_consumergroup_members{consumergroup="G"})`, asked with a short
  /// bound (a dead Prometheus refuses at once, a slow one costs 2 s at most).
  static func exporterMembers(_ group: String, _ ctx: CommandContext) -> Int? {
    let escaped = group.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
    let expr = "max(kafka_consumergroup_members{consumergroup=\"\(escaped)\"})"
    guard
      let request = try? PromAPI.request(
        "/api/v1/query", form: [("query", expr)], ctx: ctx, timeout: min(2, ctx.deadlines.seconds), maxResponseBytes: 1 << 16),
      let response = try? ctx.send(request), response.status == 200,
      let envelope = try? PromEnvelope.decode(Data(response.body)),
      case .vector(let samples)? = try? QueryResult.decode(envelope.data),
      let value = samples.first?.point.value, value >= 0, value < 1e6, let count = Int(exactly: value.rounded(.down))
    else { return nil }
    return count
  }
}

enum GroupReader {
  /// The topics a group consumes: those it committed; for a group that has
  /// committed nothing yet, those its members are assigned (a live group on
  /// a quiet topic); else `fallback` (the profile's topic). The mock cluster
  /// can neither list a group's commits without naming partitions nor
  /// describe groups, so the fallback matters there. `described` is the
  /// DescribeGroups answer when one was needed here, for the caller to reuse.
  /// `committed`: the group's commits when they were read here (every
  /// topic's), for the caller to use rather than ask again.
  static func topics(of group: String, topic: String?, fallback: String, client: KafkaClient) throws -> (
    names: [String], assumed: Bool, described: GroupDescription?, committed: [TopicPartition: Int64]?
  ) {
    if let t = topic { return ([t], false, nil, nil) }
    let committed = try client.committedOffsets(group: group, partitions: nil)
    let names = Set(committed.keys.map(\.topic)).sorted()
    if !names.isEmpty { return (names, false, nil, committed) }
    if !client.isMockCluster {
      let d = try client.describeGroup(group)
      let assigned = Set(d.members.flatMap { $0.assignment.map(\.topic) }).sorted()
      if !assigned.isEmpty { return (assigned, false, d, nil) }
      return ([fallback], true, d, nil)
    }
    return ([fallback], true, nil, nil)
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
    requireCommits: Bool = true, times: Bool = false
  ) throws -> GroupSnapshot {
    try read(
      group: group, topic: topic, partition: partition, using: GroupReading(ctx), describe: describe,
      requireCommits: requireCommits, times: times)
  }

  static func read(
    group: String, topic: String?, partition: Int32? = nil, using source: GroupReading, describe: Bool = true,
    requireCommits: Bool = true, times: Bool = false
  ) throws -> GroupSnapshot {
    let client = try source.kafka()
    var (topics, assumed, described, everyCommit) = try topics(
      of: group, topic: topic, fallback: source.fallbackTopic, client: client)
    // The broker itself says it has no such group: say that, not something
    // about the profile's topic the operator never named.
    if requireCommits, assumed, let d = described, d.members.isEmpty, ["Dead", "Unknown"].contains(d.state) {
      throw CommandFailure.failed(
        "group '\(group)' does not exist on this cluster: no members and no committed offsets (DescribeGroups: \(d.state))")
    }
    // The time lag reads the log from the commits: its reader starts now,
    // connecting and starting its partitions while the offsets are asked.
    // The commits asked here serve the lag too (still one OffsetFetch). The
    // mock cluster lists no commits without their partitions named: there
    // the reader starts later, from the commits asked below.
    let peek = times && (everyCommit != nil || !client.isMockCluster) ? try source.peek() : nil
    defer { peek?.dropPrefetch() }
    if let peek {
      if everyCommit == nil { everyCommit = try client.committedOffsets(group: group, partitions: nil) }
      peek.prefetch(
        at: (everyCommit ?? [:]).filter { topics.contains($0.key.topic) && (partition == nil || $0.key.partition == partition) })
    }
    var partitions: [TopicPartition] = []
    var topicErrors: [TopicError] = []
    // One Metadata request for every topic of the group.
    let layout: [String: Result<[TopicPartition], KafkaError>]
    do throws(KafkaError) { layout = try client.partitions(of: topics) } catch { throw CommandFailure(error) }
    for t in topics {
      do throws(KafkaError) {
        partitions += try (layout[t] ?? .failure(KafkaError(.unknownTopic, "topic \(t): unknown topic"))).get()
      } catch {
        // Of several committed topics, one that cannot be read is its own
        // row, never a failure that hides the others; an unreachable
        // cluster, a named topic or the only one still fail.
        if topic == nil, !assumed, topics.count > 1, error.kind != .unreachable {
          topicErrors.append(TopicError(topic: t, message: error.message, deleted: error.kind == .unknownTopic))
          continue
        }
        var f = CommandFailure(error)
        if assumed { f.message += " (\(assumption(t, group: group)))" }
        throw f
      }
    }
    if !topicErrors.isEmpty && partitions.isEmpty, let e = topicErrors.first {
      throw CommandFailure.failed("\(e.topic): \(e.message)")
    }
    if let p = partition {
      partitions = partitions.filter { $0.partition == p }
      guard !partitions.isEmpty else {
        throw CommandFailure.failed("\(topics.joined(separator: ",")) has no partition \(p)")
      }
    }
    let takenAt = source.now()
    // The commits of every topic were just read to find the topics: the
    // same answer serves (one OffsetFetch, not two).
    let wanted = Set(partitions)
    let committed =
      try everyCommit.map { $0.filter { wanted.contains($0.key) } }
      ?? client.committedOffsets(group: group, partitions: partitions)
    // Members own partitions but have committed nothing yet: a live group, not a missing one.
    let noneCommitted = !partitions.isEmpty && partitions.allSatisfy { committed[$0] == nil }
    if requireCommits && noneCommitted && described == nil && !client.isMockCluster {
      described = try client.describeGroup(group)
    }
    let live = described.map { !$0.members.isEmpty } ?? false
    if requireCommits && !live && noneCommitted {
      var message = partition.map {
        "group '\(group)' has no committed offset on partition \($0) of \(topics.joined(separator: ", "))"
      } ?? Self.noCommitsMessage(group: group, topics: topics)
      if assumed, let t = topics.first { message += "; \(assumption(t, group: group))" }
      throw CommandFailure.failed(message)
    }
    let marks = try client.watermarks(partitions)

    var members: [GroupMember]?
    var state = "unknown"
    var note: String?
    var exporterMembers: Int?
    if describe {
      do throws(KafkaError) {
        let d: GroupDescription
        if let described { d = described } else { d = try client.describeGroup(group) }
        members = d.members
        state = d.state
      } catch {
        guard error.kind == .unsupported else { throw CommandFailure(error) }
        exporterMembers = source.exporterMembers?(group)
        if let n = exporterMembers {
          note = "members: \(n) per the kafka-exporter (kafka_consumergroup_members in Prometheus); the broker cannot describe groups, so lag is shown without owners"
        } else {
          note = noDescribeNote
        }
      }
    }
    let offsets = partitionOffsets(partitions, marks: marks, committed: committed, members: members)
    var lag = evaluateLag(offsets)
    if times { lag = try timeLags(lag, using: source) }
    return GroupSnapshot(
      group: group, state: state, members: members, membersNote: note, exporterMembers: exporterMembers, offsets: offsets,
      lag: lag, takenAt: takenAt, topicErrors: topicErrors)
  }

  static let noDescribeNote =
    "members: the broker cannot describe groups (DescribeGroups unsupported); lag shown without owners"

  /// Each partition's log bounds, commit and owner, as the lag is evaluated from them.
  static func partitionOffsets(
    _ partitions: [TopicPartition], marks: [TopicPartition: Watermarks], committed: [TopicPartition: Int64],
    members: [GroupMember]?
  ) -> [PartitionOffsets] {
    partitions.map { tp in
      let m = marks[tp] ?? Watermarks(low: 0, high: 0)
      let owner = members?.first { $0.assignment.contains(tp) }?.memberId
      return PartitionOffsets(
        topic: tp.topic, partition: tp.partition, logStart: m.low, logEnd: m.high, committed: committed[tp], owner: owner)
    }
  }

  /// Reads the first unconsumed message of every lagging partition (one
  /// fetch per leader for all of them, within one timeout) and dates the lag.
  static func timeLags(_ lag: GroupLag, using source: GroupReading) throws -> GroupLag {
    var starts: [TopicPartition: Int64] = [:]
    for r in lag.rows {
      if let (offset, _) = r.firstUnreadOffset { starts[TopicPartition(r.offsets.topic, r.offsets.partition)] = offset }
    }
    var answers: [TopicPartition: LogPeekAnswer] = [:]
    if !starts.isEmpty {
      let peek = try source.peek()
      answers = try peek.firstMessages(at: starts)
    }
    let nowMs = Int64((Date().timeIntervalSince1970 * 1000).rounded())
    let silence = "no answer within \(source.deadlines)"
    return lag.withTimeLags(
      { o in
        switch answers[TopicPartition(o.topic, o.partition)] {
        case .message(let offset, let ts, _)?: .message(offset: offset, timestampMs: ts)
        case .endOfLog(let at)?: .endOfLog(at: at)
        case .failed(let why)?: .failed(why)
        case nil: .failed(silence)
        }
      }, nowMs: nowMs)
  }

  static func noCommitsMessage(group: String, topics: [String]) -> String {
    "group '\(group)' has no committed offsets on \(topics.joined(separator: ", ")) (does it exist?)"
  }

  /// Samples a group every `every` seconds over `window` (by default a few
  /// times in between, so a cluster that dies mid-window is exit 3 at once,
  /// not after the whole window and a timeout). The last look also reads
  /// members and, with `times`, the time lag.
  static func sample(
    group: String, topic: String?, window: Double, every: Double? = nil, times: Bool = false, ctx: CommandContext
  ) throws -> GroupWindow {
    // In a runbook, one sample of a window serves every step that asks for
    // it while it is fresher than the window itself: the numbers a step
    // shows and the ones its verdict reads are the same, and the runbook
    // waits for the window once.
    guard let book = ctx.runbookState else {
      return try takeSample(group: group, topic: topic, window: window, every: every, times: times, ctx: ctx)
    }
    let key = "\(ctx.settings.brokers.value)|\(group)|\(topic ?? "")|\(window)|\(every ?? defaultStep(window))"
    let now = ctx.monotonicSeconds()
    if let kept = book.samples[key], now - kept.takenAt < window, let w = kept.value as? GroupWindow {
      ctx.log("\(group): the sample of this runbook run, taken \(Durations.format(now - kept.takenAt)) ago")
      return w
    }
    // With the time lag read, so that it serves `status` as well as `eta`.
    let w = try takeSample(group: group, topic: topic, window: window, every: every, times: true, ctx: ctx)
    book.samples[key] = (ctx.monotonicSeconds(), w)
    return w
  }

  /// How often a window is looked at when the command does not say.
  static func defaultStep(_ window: Double) -> Double { max(0.2, min(2, window / 5)) }

  private static func takeSample(
    group: String, topic: String?, window: Double, every: Double?, times: Bool, ctx: CommandContext
  ) throws -> GroupWindow {
    var snapshots = [try read(group: group, topic: topic, ctx: ctx, describe: false)]
    let start = snapshots[0].takenAt
    let deadline = start + window
    let step = every ?? defaultStep(window)
    ctx.log("\(group): sample 1 at +0s, every \(Durations.format(step)) for \(Durations.format(window))")
    while true {
      let now = ctx.monotonicSeconds()
      if now >= deadline { break }
      try ctx.sleep(seconds: min(step, deadline - now))
      if ctx.monotonicSeconds() < deadline {
        ctx.renewDeadline()
        snapshots.append(try read(group: group, topic: topic, ctx: ctx, describe: false))
        ctx.log("\(group): sample \(snapshots.count) at +\(Durations.format(snapshots.last!.takenAt - start))")
      }
    }
    ctx.renewDeadline()
    snapshots.append(try read(group: group, topic: topic, ctx: ctx, describe: true, times: times))
    ctx.log("\(group): sample \(snapshots.count) at +\(Durations.format(snapshots.last!.takenAt - start)), the last")
    let rates = try sampleRates(
      before: snapshots[0].offsets, after: snapshots.last!.offsets, seconds: snapshots.last!.takenAt - start)
    return GroupWindow(snapshots: snapshots, rates: rates)
  }
}

/// A group's offsets looked at over a window, oldest first (at least two looks).
struct GroupWindow {
  var snapshots: [GroupSnapshot]
  var rates: RateSample
  var first: GroupSnapshot { snapshots[0] }
  var last: GroupSnapshot { snapshots[snapshots.count - 1] }
  var seconds: Double { last.takenAt - first.takenAt }
}
