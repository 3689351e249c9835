import Capacity
import Clients
import Host
import Vocabulary

extension GroupReader {
  /// Many groups at once, for `groups`: the same snapshot `read` makes of
  /// one group (lag, members, topics that could not be read), in six calls
  /// whatever the number of groups, one after another and each within what
  /// is left of the one --timeout: ListGroups (the caller's), DescribeGroups
  /// and OffsetFetch (librdkafka 2.0.2 sends one request per group for
  /// each, all at once: one round trip's time), one Metadata, and one
  /// ListOffsets per side for every partition of every group. 500 groups were
  /// 2,500 requests one after another (issue 34).
  static func readMany(_ groups: [String], fallback: String, client: KafkaClient, now: () -> Double) throws
    -> [String: GroupSnapshot]
  {
    guard !groups.isEmpty else { return [:] }
    var commits: [String: Result<[TopicPartition: Int64], KafkaError>]
    do throws(KafkaError) { commits = try client.committedOffsets(groups: groups) } catch { throw CommandFailure(error) }
    // The mock cluster describes no group: members unknown ("?"), not none.
    var described: [String: Result<GroupDescription, KafkaError>] = [:]
    do throws(KafkaError) {
      described = try client.describeGroups(groups)
    } catch where error.kind == .unsupported {
    } catch {
      throw CommandFailure(error)
    }
    // Which topics each group is read on: its commits', else its members'
    // assignment (a live group on a quiet topic), else the profile's topic.
    var topicsOf: [String: (names: [String], assumed: Bool)] = [:]
    for g in groups {
      let committed = (try? commits[g]?.get()) ?? [:]
      var names = Set(committed.keys.map(\.topic))
      if names.isEmpty, case .success(let d)? = described[g] {
        names = Set(d.members.flatMap { $0.assignment.map(\.topic) })
      }
      topicsOf[g] = names.isEmpty ? ([fallback], true) : (names.sorted(), false)
    }
    let layout: [String: Result<[TopicPartition], KafkaError>]
    do throws(KafkaError) {
      layout = try client.partitions(of: Set(topicsOf.values.flatMap(\.names)).sorted())
    } catch {
      throw CommandFailure(error)
    }
    // The mock cluster lists no commits without their partitions named
    // (and lists no groups: only the profile's is read there).
    if client.isMockCluster {
      for g in groups {
        let named = topicsOf[g]!.names.flatMap { (try? layout[$0]?.get()) ?? [] }
        do throws(KafkaError) {
          commits[g] = .success(try client.committedOffsets(group: g, partitions: named))
        } catch {
          commits[g] = .failure(error)
        }
      }
    }
    let every = Set(layout.values.flatMap { (try? $0.get()) ?? [] })
    let marks: [TopicPartition: Watermarks]
    do throws(KafkaError) { marks = try client.watermarks(every.sorted()) } catch { throw CommandFailure(error) }
    let takenAt = now()
    var out: [String: GroupSnapshot] = [:]
    for g in groups {
      let (names, assumed) = topicsOf[g]!
      var partitions: [TopicPartition] = []
      var topicErrors: [TopicError] = []
      for t in names {
        switch layout[t] ?? .failure(KafkaError(.unknownTopic, "topic \(t): unknown topic")) {
        case .success(let ps): partitions += ps
        case .failure(let e):
          // In a listing a topic that cannot be read is said on its group's
          // row, whichever it is; only an unreachable cluster fails it all.
          if e.kind == .unreachable { throw CommandFailure(e) }
          var message = e.message
          if assumed { message += " (\(assumption(t, group: g)))" }
          topicErrors.append(TopicError(topic: t, message: message, deleted: e.kind == .unknownTopic))
        }
      }
      // A group whose commits could not be read has no lag to show: unknown
      // (its row says why), never 0 and never "no commits".
      var committed: [TopicPartition: Int64] = [:]
      switch commits[g] {
      case .success(let c)?: committed = c
      case .failure(let e)?:
        topicErrors.append(TopicError(topic: names.joined(separator: ","), message: e.message, deleted: false))
        partitions = []
      case nil:
        topicErrors.append(TopicError(topic: names.joined(separator: ","), message: "no commits read", deleted: false))
        partitions = []
      }
      var members: [GroupMember]?
      var state = "unknown"
      var note: String?
      switch described[g] {
      case .success(let d)?:
        members = d.members
        state = d.state
      case .failure(let e)?:
        note = "members: \(e.message)"
      case nil:
        note = noDescribeNote
      }
      let offsets = partitionOffsets(partitions, marks: marks, committed: committed, members: members)
      out[g] = GroupSnapshot(
        group: g, state: state, members: members, membersNote: note, offsets: offsets, lag: evaluateLag(offsets),
        takenAt: takenAt, topicErrors: topicErrors)
    }
    return out
  }
}
