import Clients
import Formats
import Foundation
import Host

/// `produce`'s one send loop. Messages go in units: a run of keyless
/// rendered messages or lines of a regular file split evenly over the
/// partitions (or, `sticky`, all to one), each part enqueued with one call
/// (librdkafka stamps it as a whole), or one message at a time when a
/// message needs its own key, headers, timestamp or pacing, or comes from a
/// pipe that may keep it waiting. `sent` counts only
/// what librdkafka took, so a unit that fails, is interrupted or finds the
/// input at its end leaves nothing to undo.
struct ProduceLoop {
  enum Values {
    case template(MessageTemplate)
    case lines(LineReader)
  }

  enum Ending {
    case done
    case interrupted
    /// Sending stopped for a reason worth reporting (the cluster gone, deliveries failing, a refused message).
    case stopped(KafkaError)
  }

  /// Keyless rendered messages per run.
  static let runLength = 1000
  /// A spread run stops growing past this many bytes of values.
  static let runBytes = 16 << 20
  /// One message at a time, the loop's bookkeeping (give-up check, delivery
  /// reports, progress, the clock) is done every this many messages.
  static let checkEvery: Int64 = 1024

  let producer: KafkaProducer
  let topic: String
  let partition: Int32?
  let leaders: [Int32]
  /// All the topic's partitions, led or not: what a key hashes over, as clients do.
  let partitionCount: Int32
  let partitioner: Partitioner
  let total: Int64?
  let rate: Double?
  let values: Values
  let key: MessageTemplate?
  let headers: [(name: String, value: [UInt8])]
  let progress: Progress
  let giveUp: () -> KafkaError?
  let interruption: Interruption

  private var sent: Int64 = 0
  private var rng = TemplateRandom(seed: UInt64(truncatingIfNeeded: DispatchTime.now().uptimeNanoseconds))
  private var nowMs = nowMillis()
  private let start = DispatchTime.now().uptimeNanoseconds
  private var valueBuffer: [UInt8] = []
  private var keyBuffer: [UInt8] = []
  private var ends: [Int] = []
  /// Round robin: the index in `leaders` of the next keyless message's partition.
  private var turn = 0
  /// Sticky, one message at a time: the partition of the current run and what is left of it.
  private var stuck: (partition: Int32, left: Int)?
  private var lastSticky = -1

  init(
    producer: KafkaProducer, topic: String, partition: Int32?, leaders: [Int32], partitionCount: Int32,
    partitioner: Partitioner, total: Int64?, rate: Double?,
    values: Values, key: MessageTemplate?, headers: [(name: String, value: [UInt8])], progress: Progress,
    interruption: Interruption, giveUp: @escaping () -> KafkaError?
  ) {
    (self.producer, self.topic, self.partition, self.leaders) = (producer, topic, partition, leaders)
    (self.partitionCount, self.partitioner) = (partitionCount, partitioner)
    // Each run starts on a partition of its own: runs of a few messages do not all load the first one.
    var seed = TemplateRandom(seed: UInt64(truncatingIfNeeded: DispatchTime.now().uptimeNanoseconds))
    turn = leaders.isEmpty ? 0 : Int(seed.next(upperBound: UInt64(leaders.count)))
    (self.total, self.rate, self.values, self.key, self.headers) = (total, rate, values, key, headers)
    (self.progress, self.giveUp, self.interruption) = (progress, giveUp, interruption)
  }

  var elapsedSeconds: Double { Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 }

  /// A template that reads the clock ({{now}}) wants each message rendered at its own instant.
  private var clockPerMessage: Bool {
    if case .template(let t) = values, t.readsTheClock { return true }
    return key?.readsTheClock ?? false
  }

  /// Runs only for what one call can carry: a rendered value or the lines
  /// of a regular file (a pipe may have to wait for its next line, which a
  /// run must not), no key, no headers, no pacing, no clock per message,
  /// and a partition to pin the run to (without any leader known,
  /// librdkafka places each message).
  private var runs: Bool {
    switch values {
    case .template: guard total != nil, !clockPerMessage else { return false }
    case .lines(let lines): guard lines.isRegularFile else { return false }
    }
    return key == nil && headers.isEmpty && rate == nil && (partition != nil || !leaders.isEmpty)
      && (partition != nil || partitioner == .roundRobin || partitioner == .sticky)
  }

  mutating func run() -> Ending {
    let runs = self.runs
    let unit = runs ? Int64(Self.runLength) : Self.checkEvery
    var nextCheck = unit
    if runs {
      valueBuffer.reserveCapacity(Self.runLength * 128)
      ends.reserveCapacity(Self.runLength * 16)
    } else {
      valueBuffer.reserveCapacity(256)
    }
    while true {
      if let t = total, sent >= t { return .done }
      if interruption.isPending { return .interrupted }
      if sent >= nextCheck {
        if let reason = giveUp() { return .stopped(reason) }
        nextCheck = sent + unit
        nowMs = nowMillis()
        producer.poll()
        progress.update(sent: sent, stats: producer.stats)
      }
      if let ending = pace() { return ending }
      do {
        let taken = try runs ? sendRun() : sendOne()
        guard taken > 0 else { return .done }
        sent += Int64(taken)
      } catch {
        if interruption.isPending { return .interrupted }
        return .stopped((error as? KafkaError) ?? KafkaError(.other, "\(error)"))
      }
    }
  }

  /// With --rate: waits until the next message is due. The wait comes before
  /// rendering, so a message's {{now}} is the instant it is sent.
  private mutating func pace() -> Ending? {
    guard let r = rate else { return nil }
    // In doubles: a slow rate's due time may lie past what a UInt64 of nanoseconds holds.
    let due = Double(start) + Double(sent) / r * 1e9
    let current = DispatchTime.now().uptimeNanoseconds
    guard due > Double(current) else { return nil }
    producer.poll()
    if let reason = giveUp() { return .stopped(reason) }
    // Paced, progress moves with time, not every 1,024 messages.
    progress.update(sent: sent, stats: producer.stats)
    if !interruption.sleep(seconds: min(due - Double(current), 3600e9) / 1e9) { return .interrupted }
    return nil
  }

  /// The next run of up to `runLength` messages: split evenly over the
  /// partitions, the remainder's turn moving on from run to run (round
  /// robin), or all to one partition (sticky, or --partition).
  private mutating func sendRun() throws -> Int {
    valueBuffer.removeAll(keepingCapacity: true)
    ends.removeAll(keepingCapacity: true)
    // Spread, a run holds `runLength` messages for each partition (at most
    // 16 of them at once): each call still hands librdkafka a run as long as
    // the sticky one was.
    let spread = partition == nil && partitioner == .roundRobin ? min(leaders.count, 16) : 1
    var n = Self.runLength * spread
    if let t = total { n = Int(min(Int64(n), t - sent)) }
    guard n > 0 else { return 0 }
    // A read error that cut the last run short is said now, even if the
    // input could be read again: lines may be missing in between.
    if case .lines(let lines) = values, let why = lines.failure {
      throw KafkaError(.other, "reading the input failed after \(sent) line(s): \(why)")
    }
    reading: for i in 1...n {
      switch values {
      case .template(let template):
        template.render(seq: sent + Int64(i), nowMillis: nowMs, into: &valueBuffer, rng: &rng)
      case .lines(let lines):
        guard let line = lines.next() else {
          // What was read is sent; a read error is said before the next run.
          if i == 1, let why = lines.failure {
            throw KafkaError(.other, "reading the input failed after \(sent) line(s): \(why)")
          }
          n = i - 1
          break reading
        }
        valueBuffer.append(contentsOf: line)
      }
      ends.append(valueBuffer.count)
      // Large values: a run is bounded in bytes as well, as one sticky run of them was.
      if valueBuffer.count >= Self.runBytes && i >= spread {
        n = i
        break
      }
    }
    guard n > 0 else { return 0 }
    var parts: [(partition: Int32, count: Int)]
    if let p = partition {
      parts = [(p, n)]
    } else if partitioner == .sticky {
      parts = [(nextSticky(), n)]
    } else {
      let (base, extra) = (n / leaders.count, n % leaders.count)
      parts = (0..<leaders.count).map { k in (leaders[(turn + k) % leaders.count], base + (k < extra ? 1 : 0)) }
      turn = (turn + extra) % leaders.count
    }
    var first = 0
    for part in parts where part.count > 0 {
      let last = first + part.count
      let startByte = first == 0 ? 0 : ends[first - 1]
      let endByte = ends[last - 1]
      // Each part's ends, relative to its first byte.
      let partEnds = ends[first..<last].map { $0 - startByte }
      _ = try valueBuffer.withUnsafeBytes { all in
        try partEnds.withUnsafeBufferPointer { e in
          try producer.sendBatch(
            topic: topic, partition: part.partition, values: UnsafeRawBufferPointer(rebasing: all[startByte..<endByte]),
            ends: e, isInterrupted: { interruption.isPending }, giveUp: giveUp)
        }
      }
      first = last
    }
    return n
  }

  /// Sticky's next run: another partition than the last, at random.
  private mutating func nextSticky() -> Int32 {
    var i = Int(rng.next(upperBound: UInt64(leaders.count)))
    if leaders.count > 1, i == lastSticky { i = (i + 1 + Int(rng.next(upperBound: UInt64(leaders.count - 1)))) % leaders.count }
    lastSticky = i
    return leaders[i]
  }

  /// Where one message goes: --partition; a key by the partitioner chosen
  /// (nil: librdkafka's own); keyless by turns, in runs, or librdkafka's.
  private mutating func target(keyed: Bool) -> Int32? {
    if let p = partition { return p }
    if keyed { return partitioner.partition(key: keyBuffer, count: partitionCount) }
    guard !leaders.isEmpty else { return nil }
    switch partitioner {
    case .roundRobin:
      defer { turn = (turn + 1) % leaders.count }
      return leaders[turn]
    case .sticky:
      if stuck == nil || stuck!.left == 0 { stuck = (nextSticky(), Self.runLength) }
      stuck!.left -= 1
      return stuck!.partition
    case .consistentRandom, .murmur2Random:
      return nil
    }
  }

  /// One message; 0 when the input has no more lines.
  private mutating func sendOne() throws -> Int {
    let seq = sent + 1
    if clockPerMessage || rate != nil { nowMs = nowMillis() }
    valueBuffer.removeAll(keepingCapacity: true)
    switch values {
    case .lines(let lines):
      guard let line = lines.next() else {
        // A read error is not the end of the input: the summary says how many were sent before it.
        if let why = lines.failure { throw KafkaError(.other, "reading the input failed after \(sent) line(s): \(why)") }
        return 0
      }
      valueBuffer.append(contentsOf: line)
    case .template(let t):
      t.render(seq: seq, nowMillis: nowMs, into: &valueBuffer, rng: &rng)
    }
    keyBuffer.removeAll(keepingCapacity: true)
    key?.render(seq: seq, nowMillis: nowMs, into: &keyBuffer, rng: &rng)
    // Rendered messages carry the time they were rendered at, the same as
    // their {{now}} (and librdkafka reads no clock for them); lines from a
    // file or stdin are stamped by librdkafka as they are sent.
    var timestamp = nowMs
    if case .lines = values { timestamp = 0 }
    let hasKey = key != nil
    let destination = target(keyed: hasKey)
    let waited = try valueBuffer.withUnsafeBytes { v in
      try keyBuffer.withUnsafeBytes { k in
        try producer.send(
          topic: topic, partition: destination, key: hasKey ? k : nil, value: v, headers: headers,
          timestampMs: timestamp, isInterrupted: { interruption.isPending }, giveUp: giveUp)
      }
    }
    // A full queue can hold the loop for a while: read the clock again.
    if waited && !clockPerMessage { nowMs = nowMillis() }
    return 1
  }

}
