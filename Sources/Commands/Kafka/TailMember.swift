import Clients
import Formats
import Foundation
import Host
import ScriptLanguage
import Vocabulary

/// `tail TOPIC --group G`: a member of G, as `kcat -G` and
/// `kafka-console-consumer --group` are. It joins (client id `aetherctl`),
/// takes part in rebalances and says on stderr when its partitions change,
/// starts each partition at G's commit (`--from` only where G has none, as
/// auto.offset.reset does), and commits what it has written out: every few
/// seconds, when a partition is taken away, and at the end. It never
/// commits a message it has not written, nor below the commit it started from.
struct TailMember {
  /// Commits while following are at most this far apart: a member killed
  /// with SIGKILL re-reads at most this much.
  static let commitEvery: Double = 5

  let topic: String
  let group: String
  let start: TailStart
  let filter: MessageFilter
  let limit: Int64?
  let following: Bool

  /// Per partition: the next offset to hand out (what a commit would say),
  /// the commit it holds (the group's at assignment, then ours), and its end
  /// as of the assignment (where a run without --follow stops).
  private final class Partitions {
    var assigned: Set<Int32> = []
    var position: [Int32: Int64] = [:]
    var committed: [Int32: Int64] = [:]
    var ends: [Int32: Int64] = [:]
    var done: Set<Int32> = []
    var everAssigned = false
    /// Where this member was on partitions taken from it: given back, it
    /// goes on from there even when its commit at the revoke was refused
    /// (a broker may refuse commits while the group rebalances).
    var handedBack: [Int32: Int64] = [:]
    /// What the last note said this member holds: an eager rebalance that
    /// gives the same partitions back is not news.
    var announced: Set<Int32>?
    var closing = false
    /// Partitions taken in the last revoke, said once the next assignment shows what changed.
    var revokedNote: [Int32] = []
    /// When a message or a change of partitions last came: silence is counted from it.
    var lastNews: Double = 0
  }

  func run(
    _ ctx: CommandContext, write: @escaping (ConsumedMessage) -> Void, flush: @escaping () -> Void
  ) throws -> Int64 {
    let (topic, group, start, following) = (self.topic, self.group, self.start, self.following)
    let client = try ctx.kafka()
    // A topic that does not exist is said at once, not after a join.
    _ = try client.partitions(of: topic)
    // The rebalance handling here is the eager protocol's (revoke all, assign anew).
    if let s = try ctx.kafkaProperties.last(where: { $0.key == "partition.assignment.strategy" }),
      s.value.contains("cooperative")
    {
      throw CommandFailure.usage(
        "tail --group joins with the eager protocol; partition.assignment.strategy=\(s.value) is not supported here")
    }
    // A short session, unless the profile sets one: a member that dies is
    // noticed in seconds, and a broker holding a join for the members it
    // knows (librdkafka's mock) does not hold it for librdkafka's 45 s.
    // Where librdkafka places a partition itself (its commit unread here), --from end is its reset.
    let consumer = try ctx.consumer(
      group: group,
      defaults: [
        ("client.id", "aetherctl"), ("session.timeout.ms", "10000"), ("heartbeat.interval.ms", "1000"),
        ("auto.offset.reset", start == .end ? "latest" : "earliest"),
      ])
    let state = Partitions()
    func tp(_ p: Int32) -> TopicPartition { TopicPartition(topic, p) }
    func list(_ ps: some Sequence<Int32>) -> String { "\(topic)[\(ps.sorted().map(String.init).joined(separator: ","))]" }

    /// Commits what was written out on `ps`, where it moved past the commit
    /// held; says why when it could not (nil: committed, or nothing to commit).
    @discardableResult
    func commit(_ ps: some Sequence<Int32>) -> String? {
      flush()
      var next: [TopicPartition: Int64] = [:]
      for p in ps {
        guard let pos = state.position[p] else { continue }
        if let c = state.committed[p], pos <= c { continue }
        next[tp(p)] = pos
      }
      guard !next.isEmpty else { return nil }
      do throws(KafkaError) {
        try consumer.commit(next)
        for (t, o) in next { state.committed[t.partition] = o }
        return nil
      } catch {
        if !state.closing { ctx.warn("tail: commit for group \(group) failed: \(error)") }
        return "\(error)"
      }
    }

    consumer.onRebalance = { event in
      switch event {
      case .assigned(let given):
        let mine = given.filter { $0.topic == topic }
        // The group's commits, read now: a member that left may have moved them.
        // Unreadable (a broker busy rebalancing), each partition is left to
        // librdkafka, which starts it at the commit it reads itself, else at
        // the log's start: --from then applies only as that reset.
        var commits: [TopicPartition: Int64]?
        do {
          commits = try client.committedOffsets(group: group, partitions: mine)
        } catch {
          ctx.warn(
            "tail: \(group)'s commits could not be read (\(CommandFailure(error).message)); each partition starts "
              + "at the commit librdkafka reads")
        }
        var marks: [TopicPartition: Watermarks]?
        do {
          marks = try client.watermarks(mine)
        } catch {
          ctx.warn("tail: the log's range could not be read (\(CommandFailure(error).message)); each partition starts at the commit librdkafka reads")
        }
        var starts: [TopicPartition: Int64] = [:]
        for t in mine {
          state.assigned.insert(t.partition)
          // Unread, librdkafka starts the partition at the group's commit (its own OffsetFetch):
          // never below it, even if that means reading again what this member printed.
          guard let commits, let m = marks?[t] else {
            state.ends[t.partition] = nil
            continue
          }
          state.ends[t.partition] = m.high
          let s: Int64
          if let c = commits[t] {
            s = max(Self.start(atCommit: c, t, m, group: group, ctx: ctx), min(state.handedBack[t.partition] ?? c, m.high))
            state.committed[t.partition] = c
          } else if let back = state.handedBack[t.partition] {
            s = back
            state.committed[t.partition] = nil
          } else {
            do {
              s = try OffsetLookup.start(start, t, logStart: m.low, logEnd: m.high, ctx: ctx, client: client) {
                "tail: \($0); starting at \($1)"
              }
            } catch {
              ctx.warn("tail: \(t): \(CommandFailure(error).message); starting at the log start \(m.low)")
              s = m.low
            }
            state.committed[t.partition] = nil
          }
          starts[t] = s
          state.position[t.partition] = s
          if !following && s >= m.high { state.done.insert(t.partition) }
        }
        state.everAssigned = true
        state.lastNews = ctx.monotonicSeconds()
        let now = Set(mine.map(\.partition))
        let lost = Set(state.revokedNote).subtracting(now)
        if !lost.isEmpty { ctx.warn("tail: group \(group) took back \(list(lost))") }
        state.revokedNote = []
        if state.announced != now {
          state.announced = now
          ctx.warn("tail: group \(group) assigned \(mine.isEmpty ? "no partition" : list(now))")
        }
        return starts
      case .revoked(let taken):
        let ps = taken.filter { $0.topic == topic }.map(\.partition)
        commit(ps)
        state.lastNews = ctx.monotonicSeconds()
        if !state.closing { state.revokedNote = ps }
        for p in ps {
          state.assigned.remove(p)
          if let pos = state.position[p] { state.handedBack[p] = pos }
          state.position[p] = nil
          state.done.remove(p)
        }
        return [:]
      }
    }
    var abandoned = false
    defer {
      // Leaving runs the revoke above (nothing left to commit), then the cycle
      // is cut. With every broker gone, a close would wait for them forever.
      state.closing = true
      if abandoned { consumer.abandon() } else { consumer.close() }
      consumer.onRebalance = nil
    }
    try consumer.subscribe([topic])

    var shown: Int64 = 0
    var warnedUnknown = false
    var interrupted = false
    var lastCommit = ctx.monotonicSeconds()
    state.lastNews = ctx.monotonicSeconds()
    // As in the non-group loop, no clock is read per message: the time of
    // the last news is taken at the next idle poll, and the commit timer is
    // looked at there and every 1,024 messages.
    var readSinceIdle = false
    var handled: Int64 = 0
    func commitWhenDue() {
      guard ctx.monotonicSeconds() - lastCommit >= Self.commitEvery else { return }
      commit(state.assigned)
      lastCommit = ctx.monotonicSeconds()
    }
    let idleLimit = Double(ctx.deadlines.idleMs) / 1000
    loop: while true {
      if ctx.isInterrupted {
        interrupted = true
        break
      }
      if !following && state.everAssigned {
        if !state.assigned.isEmpty && state.assigned.isSubset(of: state.done) { break }
        // Between a revoke and the next assignment the member has no partition: a rejoin gets the join's bound.
        if state.assigned.isEmpty && ctx.monotonicSeconds() - state.lastNews > max(idleLimit, 60) {
          ctx.warn("tail: group \(group) gave this member no partition of \(topic) (its other members hold them)")
          break
        }
      }
      let event = try consumer.poll(timeoutMs: 100)
      switch event {
      case .idle:
        flush()
        if readSinceIdle {
          readSinceIdle = false
          state.lastNews = ctx.monotonicSeconds()
        }
        commitWhenDue()
        if let down = consumer.allBrokersDownSeconds, down >= ctx.deadlines.seconds {
          abandoned = true
          throw CommandFailure(
            status: ExitStatus.unreachable,
            "tail: all brokers down for \(Durations.format(down)) (\(consumer.lastError ?? "no connection")); "
              + "stopped after \(shown) message(s); nothing more was committed")
        }
        // Without --follow a partition that never delivers what its end promised must not hang a script.
        if !following && state.everAssigned && !state.assigned.isEmpty
          && ctx.monotonicSeconds() - state.lastNews > idleLimit
        {
          let silent = state.assigned.subtracting(state.done)
          ctx.warn("tail: no data from \(list(silent)) within the timeout; stopping")
          break loop
        }
        // A join waits for the members the group knows to rejoin: bounded, never a hang.
        if !state.everAssigned && ctx.monotonicSeconds() - state.lastNews > max(idleLimit, 60) {
          throw CommandFailure.failed("tail: group \(group) did not give this member partitions within \(Durations.format(max(idleLimit, 60)))")
        }
      case .endOfPartition(let t, let offset):
        if !following, t.topic == topic, let end = state.ends[t.partition], offset >= end {
          state.done.insert(t.partition)
        }
      case .message(let m):
        readSinceIdle = true
        handled += 1
        if handled & 1023 == 0 { commitWhenDue() }
        // A message of a partition taken away in a rebalance is the new owner's.
        guard m.topic == topic, state.assigned.contains(m.partition) else { continue }
        if !following, let end = state.ends[m.partition] {
          if m.offset >= end {
            state.done.insert(m.partition)
            continue
          }
          if m.offset + 1 >= end { state.done.insert(m.partition) }
        }
        // A partition librdkafka placed (its commit unread here) starts where
        // its first message is: the group's commit, never committed below.
        if state.position[m.partition] == nil, state.committed[m.partition] == nil {
          state.committed[m.partition] = m.offset
        }
        switch filter.verdict(m) {
        case .match:
          write(m)
          shown += 1
        case .noMatch:
          break
        case .unknown(let why):
          if !warnedUnknown {
            warnedUnknown = true
            ctx.warn("tail: --grep could not be evaluated on \(m.topic)[\(m.partition)] offset \(m.offset): \(why); such messages are not shown")
          }
        }
        state.position[m.partition] = m.offset + 1
        if let l = limit, shown >= l { break loop }
      }
    }
    if let failure = commit(state.assigned), !interrupted {
      // Leaving retries the same commit at its revoke; only then is it known lost.
      state.closing = true
      let held = state.assigned.compactMap { p in state.position[p].map { (TopicPartition(topic, p), $0) } }
      consumer.close()
      if Self.alreadyCommitted(held, client: client, group: group) { return shown }
      throw CommandFailure.failed("tail: \(shown) message(s) written, but the last commit for group \(group) failed: \(failure)")
    }
    if interrupted { throw CommandFailure.interrupted("interrupted after \(shown) message(s)") }
    return shown
  }

  /// A last commit refused in a rebalance is no loss when the group's commits
  /// already reach what was written (an earlier commit, or the revoke's).
  private static func alreadyCommitted(_ mine: [(TopicPartition, Int64)], client: KafkaClient, group: String) -> Bool {
    guard let commits = try? client.committedOffsets(group: group, partitions: mine.map(\.0)) else { return false }
    return mine.allSatisfy { (commits[$0.0] ?? -1) >= $0.1 }
  }

  /// A group's commit as a start, clamped into the log (`TailPlan`'s rule), the clamp said.
  static func start(atCommit c: Int64, _ tp: TopicPartition, _ m: Watermarks, group: String, ctx: CommandContext) -> Int64 {
    let (s, warning) = TailPlan.start(atCommit: c, tp, m, group: group)
    if let warning { ctx.warn(warning) }
    return s
  }
}

