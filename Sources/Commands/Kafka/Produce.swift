import ArgumentParser
import Capacity
import Clients
import Config
import Formats
import Foundation
import Host
import Output
import Prometheus
import ShellLanguage

struct Produce: ShellCommand, GroupedCommand, HasDisplayOptions {
  static let group = CommandGroup.kafka
  static let configuration = CommandConfiguration(
    commandName: "produce",
    abstract: "Produce messages (idempotent, acks=all); every message is accounted for.",
    discussion: """
      VALUE and --key are templates: {{seq}} (1-based), {{now}} (RFC 3339 UTC, ms), {{now_ms}}, \
      {{uuid}}, {{rand A B}}, {{pick a|b|c}}, {{env NAME}}; --raw turns templating off. --file \
      sends one message per line ('-' for stdin). Keyless messages from a template go to the \
      partitions in runs of 1,000, one partition per run (with --rate, --header or --file, \
      librdkafka places each one); --key hashes each message to its partition and --partition \
      pins them. A summary follows: delivered, failed, \
      unknown, rate, delivery latency; the exit status is 1 if any message was not delivered, \
      3 if the cluster was unreachable. Once deliveries fail, or every broker has been down for \
      --timeout, it stops sending and waits for what is in flight (at most 3 × --timeout).
      Examples:
        produce aetherlink.events '{"Type":"JobCreated","Seq":{{seq}},"Ts":"{{now}}"}' --count 600
        produce aetherlink.events --file events.jsonl --key '{{pick a|b|c}}'
      """)

  @Argument(help: "Topic.", completion: DynamicNames.topicsCompletion)
  var topic: String

  @Argument(help: "Message value (a template).")
  var value: String?

  @Option(help: "Message key (a template).")
  var key: String?

  @Option(name: .customLong("header"), help: "Header K=V (repeatable).")
  var headers: [String] = []

  @Option(parsing: .unconditional, help: "Partition (default: by key, else spread).")
  var partition: Int32?

  @Option(parsing: .unconditional, help: "How many messages (default 1).")
  var count: Int64?

  @Option(parsing: .unconditional, help: "Messages per second (default: as fast as possible).")
  var rate: Double?

  @Option(help: "Send one message per line of PATH ('-' for stdin).", completion: .file())
  var file: String?

  @Flag(help: "No templating: send VALUE and --key as written.")
  var raw = false

  @Flag(help: "With --file: lines end in CRLF; drop the CR (default: keep every byte, as kcat does).")
  var crlf = false

  @OptionGroup var display: DisplayOptions

  func validate() throws {
    if value == nil && file == nil { throw ValidationError("give a VALUE or --file") }
    if crlf && file == nil { throw ValidationError("--crlf goes with --file") }
    if value != nil && file != nil { throw ValidationError("give a VALUE or --file, not both") }
    if let c = count, c < 1 { throw ValidationError("--count must be at least 1, got \(c)") }
    if file != nil && count != nil { throw ValidationError("--count does not apply to --file (one message per line)") }
    if let r = rate, !(r > 0) || !r.isFinite { throw ValidationError("--rate must be a positive number") }
    if let p = partition, p < 0 { throw ValidationError("--partition must not be negative") }
    for h in headers where !h.contains("=") || h.hasPrefix("=") {
      throw ValidationError("--header '\(h)' is not K=V")
    }
  }

  func template(_ text: String, _ what: String, _ ctx: CommandContext) throws -> MessageTemplate {
    do {
      return try MessageTemplate(text, raw: raw, environment: ProcessInfo.processInfo.environment)
    } catch {
      throw CommandFailure.usage("\(what) template: \(error)")
    }
  }

  /// Keyless rendered messages per partition run (see execute).
  static let batchSize = 1000

  func execute(_ ctx: CommandContext) throws -> Report {
    // ArgumentParser's property wrappers look up generic metadata on every
    // read; the per-message loop reads plain locals instead (profiled: ~6%).
    let topic = self.topic
    let partition = self.partition
    let rate = self.rate
    let keyTemplate = try key.map { try template($0, "--key", ctx) }
    let valueTemplate = try value.map { try template($0, "value", ctx) }
    let headerPairs = headers.map { h -> (name: String, value: [UInt8]) in
      let eq = h.firstIndex(of: "=") ?? h.endIndex
      return (String(h[..<eq]), Array(h[h.index(after: eq)...].utf8))
    }
    var lines: LineReader?
    if let path = file {
      do { lines = try LineReader(path: path) } catch { throw CommandFailure.failed("--file \(path): \(error)") }
      lines?.stripCR = crlf
    }
    let client = try ctx.kafka()
    // Fail fast with the right status when the topic or the cluster is not there.
    let layout = try kafkaCall { () throws(KafkaError) in try client.metadata(topics: [topic]) }
    let led = layout.topics.first?.partitions.filter { $0.leader >= 0 }.map(\.id) ?? []
    let producer = try ctx.producer()
    let total = count ?? (lines == nil ? 1 : nil)
    let progress = Progress(enabled: isatty(STDERR_FILENO) == 1 && !ctx.isCaptured, total: total)

    var rng = TemplateRandom(seed: UInt64(truncatingIfNeeded: DispatchTime.now().uptimeNanoseconds))
    var valueBuffer: [UInt8] = []
    var keyBuffer: [UInt8] = []
    valueBuffer.reserveCapacity(256)
    let start = DispatchTime.now().uptimeNanoseconds
    var seq: Int64 = 0
    var interrupted = false
    var sendError: KafkaError?
    let now = { Int64((Date().timeIntervalSince1970 * 1000).rounded()) }
    var nowMs = now()
    let giveUp = { stopReason(producer, timeoutSeconds: ctx.deadlines.seconds) }

    // Keyless rendered messages go in runs of `batchSize` to one partition each
    // (sticky partitioning, as Kafka's own clients do for keyless records),
    // enqueued with one call per run, which librdkafka stamps as a whole. Keys,
    // headers, --rate, --file and {{now}} take the message-at-a-time path
    // below, where each message's timestamp is the instant its {{now}} read.
    // A failed send ends either loop: Ctrl-C, or the reason to report.
    func stop(after error: Error) {
      if Interrupts.isPending {
        interrupted = true
      } else {
        sendError = (error as? KafkaError) ?? KafkaError(.other, "\(error)")
      }
    }

    // Without any partition leader known, librdkafka places each message.
    let clockPerMessage = (valueTemplate?.readsTheClock ?? false) || (keyTemplate?.readsTheClock ?? false)
    if let t = total, let valueTemplate, lines == nil, keyTemplate == nil, headerPairs.isEmpty, rate == nil,
      !clockPerMessage, partition != nil || !led.isEmpty
    {
      var values: [UInt8] = []
      var ends: [Int] = []
      values.reserveCapacity(Self.batchSize * 128)
      ends.reserveCapacity(Self.batchSize)
      while seq < t {
        if ctx.isInterrupted {
          interrupted = true
          break
        }
        if seq > 0, let reason = giveUp() {
          sendError = reason
          break
        }
        nowMs = now()
        values.removeAll(keepingCapacity: true)
        ends.removeAll(keepingCapacity: true)
        let n = Int(min(Int64(Self.batchSize), t - seq))
        for i in 1...n {
          valueTemplate.render(seq: seq + Int64(i), nowMillis: nowMs, into: &values, rng: &rng)
          ends.append(values.count)
        }
        let target = partition ?? led[Int(rng.next(upperBound: UInt64(led.count)))]
        do {
          try values.withUnsafeBytes { v in
            try ends.withUnsafeBufferPointer { e in
              try producer.sendBatch(
                topic: topic, partition: target, values: v, ends: e, isInterrupted: { Interrupts.isPending },
                giveUp: giveUp)
            }
          }
        } catch {
          stop(after: error)
          break
        }
        seq += Int64(n)
        producer.poll()
        progress.update(sent: seq, stats: producer.stats)
      }
    }

    while sendError == nil && !interrupted {
      if let t = total, seq >= t { break }
      if ctx.isInterrupted {
        interrupted = true
        break
      }
      if seq & 1023 == 0, seq > 0, let reason = giveUp() {
        sendError = reason
        break
      }
      seq += 1
      if seq & 1023 == 0 {
        nowMs = now()
        producer.poll()
        progress.update(sent: seq, stats: producer.stats)
      }
      // The rate's wait comes before rendering: a message's {{now}} is the
      // instant it is sent, not the end of the previous message's wait.
      if let r = rate {
        let due = start + UInt64(Double(seq - 1) / r * 1e9)
        let current = DispatchTime.now().uptimeNanoseconds
        if due > current {
          producer.poll()
          if let reason = giveUp() {
            sendError = reason
            seq -= 1
            break
          }
          if !Interrupts.sleep(seconds: Double(due - current) / 1e9) {
            interrupted = true
            seq -= 1
            break
          }
        }
      }
      if clockPerMessage || rate != nil { nowMs = now() }
      valueBuffer.removeAll(keepingCapacity: true)
      if let lines {
        guard let line = lines.next() else {
          seq -= 1
          break
        }
        valueBuffer.append(contentsOf: line)
      } else {
        valueTemplate?.render(seq: seq, nowMillis: nowMs, into: &valueBuffer, rng: &rng)
      }
      keyBuffer.removeAll(keepingCapacity: true)
      keyTemplate?.render(seq: seq, nowMillis: nowMs, into: &keyBuffer, rng: &rng)
      // Rendered messages carry the time they were rendered at, the same as
      // their {{now}} (and librdkafka reads no clock for them); lines from a
      // file or stdin are stamped by librdkafka as they are sent.
      let timestamp = lines == nil ? nowMs : 0
      do {
        let waited = try valueBuffer.withUnsafeBytes { v in
          if keyTemplate != nil {
            try keyBuffer.withUnsafeBytes { k in
              try producer.send(
                topic: topic, partition: partition, key: k, value: v, headers: headerPairs, timestampMs: timestamp,
                isInterrupted: { Interrupts.isPending }, giveUp: giveUp)
            }
          } else {
            try producer.send(
              topic: topic, partition: partition, key: nil, value: v, headers: headerPairs, timestampMs: timestamp,
              isInterrupted: { Interrupts.isPending }, giveUp: giveUp)
          }
        }
        // A full queue can hold the loop for a while: read the clock again.
        if waited && !clockPerMessage { nowMs = now() }
      } catch {
        stop(after: error)
        seq -= 1
        break
      }
    }
    // Every message ends delivered or failed within its own bound; the
    // shorter one after Ctrl-C keeps it prompt.
    producer.flush(timeoutMs: ctx.deadlines.flushMs(interrupted: interrupted))
    progress.finish()
    let stats = producer.stats
    let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    let report = Self.report(topic: topic, stats: stats, seconds: seconds)
    if interrupted {
      var f = CommandFailure(
        status: 130,
        "interrupted: \(stats.delivered) delivered, \(stats.failed) failed, \(stats.unknown) unknown")
      f.report = report
      throw f
    }
    if let e = sendError {
      var f = CommandFailure(e)
      f.message += " (after \(stats.sent) sent: \(stats.delivered) delivered, \(stats.failed) failed, \(stats.unknown) unknown)"
      f.report = report
      throw f
    }
    if stats.failed > 0 || stats.unknown > 0 {
      var f = CommandFailure.failed(
        "\(stats.failed) failed, \(stats.unknown) unknown of \(stats.sent)"
          + (stats.firstError.map { ": \($0)" } ?? "") + (producer.lastError.map { " (\($0))" } ?? ""))
      if stats.delivered == 0, producer.lastError != nil { f.status = 3 }
      f.report = report
      throw f
    }
    return report
  }

  /// Why enqueueing more would only pile up failures: the cluster has been
  /// gone for the whole timeout, or deliveries already fail. What was sent is
  /// still waited for, so every message ends delivered or failed.
  private func stopReason(_ producer: KafkaProducer, timeoutSeconds: Double) -> KafkaError? {
    if let down = producer.allBrokersDownSeconds, down >= timeoutSeconds {
      return KafkaError(
        .unreachable,
        "produce to \(topic): all brokers down for \(Durations.format(down)) (\(producer.lastError ?? "no connection")); stopped sending")
    }
    let stats = producer.stats
    if stats.failed > 0 {
      return KafkaError(
        stats.delivered == 0 && producer.lastError != nil ? .unreachable : .other,
        "produce to \(topic): deliveries failing (\(stats.firstError ?? "unknown error")); stopped sending")
    }
    return nil
  }

  static func report(topic: String, stats: DeliveryStats, seconds: Double) -> Report {
    let rate = seconds > 0 ? Double(stats.delivered) / seconds : 0
    let latency = { (s: Double?) in s.map { Durations.format($0) } ?? "—" }
    var fields: [(String, Cell)] = [
      ("topic", Cell(topic)),
      ("delivered", Cell(formatCount(stats.delivered), level: stats.delivered == stats.sent ? .ok : nil)),
      ("failed", Cell(formatCount(stats.failed), level: stats.failed > 0 ? .critical : nil)),
    ]
    if stats.unknown > 0 { fields.append(("unknown", Cell(formatCount(stats.unknown), level: .critical))) }
    fields += [
      ("time", Cell(Durations.format(seconds))),
      ("rate", Cell("\(formatCount(Int64(rate.rounded())))/s")),
      ("latency", Cell("p50 \(latency(stats.latencyP50)), p99 \(latency(stats.latencyP99))")),
    ]
    if let e = stats.firstError { fields.append(("first error", Cell(e, level: .critical))) }
    return Report(
      json: .object([
        ("topic", .string(topic)), ("delivered", .int(stats.delivered)), ("failed", .int(stats.failed)),
        ("unknown", .int(stats.unknown)), ("seconds", .double(seconds)), ("rate", .double(rate)),
        ("latencyP50", .optional(stats.latencyP50)), ("latencyP99", .optional(stats.latencyP99)),
      ]),
      sections: [.fields(fields)], plain: String(stats.delivered))
  }
}

/// A progress line on stderr for people; nothing when stderr is not a terminal.
final class Progress {
  let enabled: Bool
  let total: Int64?
  var last: UInt64 = 0
  let start = DispatchTime.now().uptimeNanoseconds

  init(enabled: Bool, total: Int64?) {
    self.enabled = enabled
    self.total = total
  }

  func update(sent: Int64, stats: DeliveryStats) {
    guard enabled else { return }
    let now = DispatchTime.now().uptimeNanoseconds
    guard now - last > 250_000_000 else { return }
    last = now
    let seconds = Double(now - start) / 1e9
    var line = "\rproduced \(formatCount(sent))"
    if let t = total {
      let width = 24
      let filled = Int(Double(width) * Double(sent) / Double(max(t, 1)))
      line = "\r[" + String(repeating: "█", count: filled) + String(repeating: "·", count: max(0, width - filled)) + "] "
        + "\(formatCount(sent))/\(formatCount(t))"
    }
    line += "  delivered \(formatCount(stats.delivered))  \(formatCount(Int64(Double(sent) / max(seconds, 0.001))))/s"
    FileHandle.standardError.write(Data(line.utf8))
  }

  func finish() {
    guard enabled, last != 0 else { return }
    FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
  }
}

/// Lines of a file or stdin, as bytes, without loading the file into memory.
final class LineReader {
  let file: UnsafeMutablePointer<FILE>
  let owned: Bool
  var buffer: UnsafeMutablePointer<CChar>?
  var capacity = 0

  struct OpenError: Error, CustomStringConvertible { var description: String }

  init(path: String) throws {
    if path == "-" {
      file = stdin
      owned = false
    } else {
      guard let f = fopen(path, "r") else { throw OpenError(description: String(cString: strerror(errno))) }
      file = f
      owned = true
    }
  }

  deinit {
    free(buffer)
    if owned { fclose(file) }
  }

  /// `--crlf`: a line's trailing CR is part of the line ending, not of the
  /// message. Without it the bytes are kept, as kcat keeps them.
  var stripCR = false

  /// The next line without its newline; nil at the end.
  func next() -> UnsafeRawBufferPointer? {
    let n = getline(&buffer, &capacity, file)
    guard n >= 0, let b = buffer else { return nil }
    var length = n
    if length > 0 && b[length - 1] == 10 { length -= 1 }
    if stripCR && length > 0 && b[length - 1] == 13 { length -= 1 }
    return UnsafeRawBufferPointer(start: b, count: length)
  }
}
