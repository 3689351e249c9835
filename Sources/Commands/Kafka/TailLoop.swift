import Clients
import Dispatch
import Formats
import Vocabulary

/// What a standalone tail reads from: the Kafka consumer, or in tests a
/// script of events (the loop's rules are tested without a broker).
protocol TailSource {
  /// A message's bytes are borrowed until the next poll: the loop formats
  /// each before it asks for another.
  func pollBorrowing(timeoutMs: Int) throws -> BorrowedEvent
  /// How long every broker has been down; nil while one answers.
  var allBrokersDownSeconds: Double? { get }
  var lastError: String? { get }
}

extension KafkaConsumer: TailSource {}

/// The message loop of a standalone tail (not a group member): reads from
/// the planned starts until each partition's end as of the start (or for
/// ever when following), the limit, Ctrl-C, silence or an outage, and says
/// which. Committing and reporting are the caller's.
struct TailLoop {
  enum Stop: Equatable {
    /// Every partition reached the end it had when the read began.
    case reachedEnd
    case limit
    case interrupted
    /// These partitions delivered nothing of what their watermarks promised within the timeout.
    case silent([TopicPartition])
    case brokersDown(seconds: Double, lastError: String?)
  }

  struct Outcome: Equatable {
    var stop: Stop
    var shown: Int64
    /// Per partition, the offset after the last message read (shown or
    /// filtered out), or its planned start when nothing was read from it.
    var next: [TopicPartition: Int64]
  }

  var partitions: [TopicPartition]
  /// Each partition's log end when the read began.
  var ends: [TopicPartition: Int64]
  var starts: [TopicPartition: Int64]
  var following: Bool
  var filter: MessageFilter
  var limit: Int64?
  /// How long a partition short of its end may stay silent (no follow).
  var idleMs: Int
  /// How long every broker may be down before the read gives up.
  var brokersDownSeconds: Double

  func run<Source: TailSource>(
    _ source: Source, isInterrupted: () -> Bool, warn: (String) -> Void, flush: () -> Void,
    show: (MessageView) -> Void
  ) throws -> Outcome {
    // The per-message loop works on arrays indexed by partition and on plain
    // locals: dictionary lookups keyed by topic name, ArgumentParser's wrapper
    // getters and a clock read per message were a fifth of tail's CPU.
    let limit = self.limit
    let following = self.following
    let filter = self.filter
    let slots = Int((partitions.map(\.partition).max() ?? -1) + 1)
    var endOf = [Int64](repeating: 0, count: slots)
    var nextOffsets = [Int64](repeating: -1, count: slots)
    // Without --follow: stop at each partition's end as of now; `open` marks
    // the partitions still short of it.
    var open = [Bool](repeating: false, count: slots)
    for tp in partitions {
      let p = Int(tp.partition)
      endOf[p] = ends[tp] ?? 0
      nextOffsets[p] = starts[tp] ?? 0
      open[p] = !following && nextOffsets[p] < endOf[p]
    }
    var openCount = open.filter { $0 }.count
    func close(_ p: Int32) {
      guard p >= 0, Int(p) < slots, open[Int(p)] else { return }
      open[Int(p)] = false
      openCount -= 1
    }
    func outcome(_ stop: Stop, _ shown: Int64) -> Outcome {
      var next: [TopicPartition: Int64] = [:]
      for tp in partitions { next[tp] = nextOffsets[Int(tp.partition)] }
      return Outcome(stop: stop, shown: shown, next: next)
    }
    var shown: Int64 = 0
    var warnedUnknown = false
    var idleSince = DispatchTime.now().uptimeNanoseconds
    var readSinceIdle = false
    let idleLimit = UInt64(max(idleMs, 0)) * 1_000_000

    while following || openCount > 0 {
      if isInterrupted() { return outcome(.interrupted, shown) }
      let event = try source.pollBorrowing(timeoutMs: 100)
      switch event {
      case .idle:
        flush()
        if readSinceIdle {
          readSinceIdle = false
          idleSince = DispatchTime.now().uptimeNanoseconds
        }
        // librdkafka reconnects forever; an operator (or a script) is told
        // after the timeout instead of watching a silent terminal.
        if let down = source.allBrokersDownSeconds, down >= brokersDownSeconds {
          return outcome(.brokersDown(seconds: down, lastError: source.lastError), shown)
        }
        // A partition that will not deliver what its watermark promised
        // (deleted by retention meanwhile) must not hang a script.
        if !following && DispatchTime.now().uptimeNanoseconds - idleSince > idleLimit {
          return outcome(.silent(partitions.filter { open[Int($0.partition)] }.sorted()), shown)
        }
      case .endOfPartition(let tp, let offset):
        if !following, tp.partition >= 0, Int(tp.partition) < slots, offset >= endOf[Int(tp.partition)] {
          close(tp.partition)
        }
      case .message(let m):
        readSinceIdle = true
        let p = Int(m.partition)
        guard p >= 0, p < slots else { continue }
        if !following {
          let end = endOf[p]
          if m.offset >= end {
            close(m.partition)
            continue
          }
          if m.offset + 1 >= end { close(m.partition) }
        }
        nextOffsets[p] = m.offset + 1
        switch filter.verdict(m) {
        case .match: break
        case .noMatch: continue
        case .unknown(let why):
          // Once, with where: a message the filter cannot judge is not shown,
          // and the operator knows it.
          if !warnedUnknown {
            warnedUnknown = true
            warn(
              "tail: --grep could not be evaluated on \(m.topic)[\(m.partition)] offset \(m.offset): \(why); "
                + "such messages are not shown")
          }
          continue
        }
        show(m)
        shown += 1
        if let l = limit, shown >= l { return outcome(.limit, shown) }
      }
    }
    return outcome(.reachedEnd, shown)
  }
}
