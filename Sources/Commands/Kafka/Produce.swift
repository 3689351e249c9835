import ArgumentParser
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

struct Produce: AetherCommand, GroupedCommand, HasDisplayOptions {
  static let group = CommandGroup.kafka
  static let configuration = CommandConfiguration(
    commandName: "produce",
    abstract: "Produce messages (idempotent, acks=all); every message is accounted for.",
    discussion: """
      VALUE and --key are templates: {{seq}} (1-based), {{now}} (RFC 3339 UTC, ms), {{now_ms}}, \
      {{uuid}}, {{rand A B}}, {{pick a|b|c}}, {{env NAME}}; --raw turns templating off. --file \
      sends one message per line ('-' for stdin). Keyless messages spread evenly over the \
      partitions, one after another, as the pipeline's producer spreads its events; --key \
      places each message by its key as librdkafka does (CRC32), --partitioner chooses another \
      (murmur2_random: as Java clients and rpk; consistent_random: librdkafka's, keyless as \
      librdkafka places them; sticky: keyless in runs of 1,000 to one partition; the default is the \
      profile's `partitioner`, how the pipeline's producers place keys), and --partition pins them. \
      On a protected profile it asks first at a terminal and needs --yes in a script. \
      A summary follows: delivered, failed, \
      unknown, rate, delivery latency; the exit status is 1 if any message was not delivered, \
      3 if the cluster was unreachable. Once deliveries fail, or every broker has been down for \
      --timeout, it stops sending and waits for what is in flight (at most 3 × --timeout).
      Examples:
        produce aetherlink.events '{"Type":"JobCreated","Seq":{{seq}},"Ts":"{{now}}"}' --count 600
        produce aetherlink.events --file events.jsonl --key '{{pick a|b|c}}'
      """)

  @Argument(help: "Topic.", completion: .names(.topics))
  var topic: String

  @Argument(help: "Message value (a template).")
  var value: String?

  @Option(help: "Message key (a template).")
  var key: String?

  @Option(name: .customLong("header"), help: "Header K=V (repeatable).")
  var headers: [String] = []

  @Option(parsing: .unconditional, help: "Partition (default: by key, else spread).")
  var partition: Int32?

  @Option(help: "round_robin, consistent_random, murmur2_random or sticky (default: the profile's partitioner, else round_robin).")
  var partitioner: Partitioner?

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

  @Flag(help: "Do not ask on a protected profile.")
  var yes = false

  @OptionGroup var display: DisplayOptions

  func validate() throws {
    if value == nil && file == nil { throw ValidationError("give a VALUE or --file") }
    if crlf && file == nil { throw ValidationError("--crlf goes with --file") }
    if value != nil && file != nil { throw ValidationError("give a VALUE or --file, not both") }
    if let c = count, c < 1 { throw ValidationError("--count must be at least 1, got \(c)") }
    if file != nil && count != nil { throw ValidationError("--count does not apply to --file (one message per line)") }
    if let r = rate, !(r > 0) || !r.isFinite { throw ValidationError("--rate must be a positive number") }
    if let p = partition, p < 0 { throw ValidationError("--partition must not be negative") }
    if partition != nil && partitioner != nil {
      throw ValidationError("--partition picks the partition itself: not with --partitioner")
    }
    for h in headers where !h.contains("=") || h.hasPrefix("=") {
      throw ValidationError("--header '\(h)' is not K=V")
    }
  }

  func template(_ text: String, _ what: String, _ ctx: CommandContext) throws -> MessageTemplate {
    do {
      return try MessageTemplate(text, raw: raw, environment: ctx.environment)
    } catch {
      throw CommandFailure(error, about: "\(what) template")
    }
  }

  /// What a -X or profile override gives up of "idempotent, acks=all", said
  /// once: the summary's "delivered" then means less than it says.
  static func weakenedGuarantees(_ properties: [(key: String, value: String)]) -> [String] {
    var out: [String] = []
    var last: [String: String] = [:]
    for p in properties { last[p.key] = p.value.lowercased() }
    if let acks = last["acks"] ?? last["request.required.acks"], !["all", "-1"].contains(acks) {
      out.append(
        "acks=\(acks): the broker \(acks == "0" ? "confirms nothing" : "confirms on the leader alone"), so "
          + "'delivered' means \(acks == "0" ? "sent, not stored" : "stored on one broker, not replicated")")
    }
    if let idem = last["enable.idempotence"], ["false", "0", "no", "off"].contains(idem) {
      out.append("enable.idempotence=false: a retry after a lost answer can write a message twice")
    }
    return out
  }

  func execute(_ ctx: CommandContext) throws -> Report {
    let topic = self.topic
    let keyTemplate = try key.map { try template($0, "--key", ctx) }
    let valueTemplate = try value.map { try template($0, "value", ctx) }
    var lines: LineReader?
    if let path = file {
      do { lines = try LineReader(path: path) } catch { throw CommandFailure.failed("--file \(path): \(error)") }
      lines?.stripCR = crlf
    }
    let client = try ctx.kafka()
    try Confirmation.mutation("produce to \(topic)", yes: yes, ctx: ctx)
    // Fail fast with the right status when the topic or the cluster is not there.
    let layout: ClusterMetadata
    do throws(KafkaError) {
      layout = try client.metadata(topics: [topic])
    } catch {
      guard error.kind == .unknownTopic else { throw CommandFailure(error) }
      // Never created silently: a typo would become a topic nobody consumes.
      throw CommandFailure.failed(
        "topic \(topic) does not exist; create it first (kafka-topics.sh --create --topic \(topic) --partitions N, "
          + "or rpk topic create \(topic) -p N): produce does not create topics")
    }
    let led = layout.topics.first?.partitions.filter { $0.leader >= 0 }.map(\.id) ?? []
    // Paced or unbounded, a produce may outlive a broker's restart: its
    // messages wait up to librdkafka's bound, not three --timeouts.
    let lasting = rate != nil || file != nil
    let properties = try ctx.kafkaProperties
    let producer = try ctx.producer(lasting: lasting)
    for warning in Self.weakenedGuarantees(properties) { ctx.warn("produce: \(warning)") }
    let setBound = properties.last { $0.key == "message.timeout.ms" || $0.key == "delivery.timeout.ms" }
      .flatMap { Double($0.value) }.flatMap { $0.isFinite && $0 >= 0 ? $0 / 1000 : nil }
    // message.timeout.ms = 0 is librdkafka's "no bound".
    var messageSeconds = setBound ?? (lasting ? Double(Session.lastingMessageMs) / 1000 : ctx.deadlines.seconds)
    if messageSeconds <= 0 { messageSeconds = .infinity }
    let outage = OutageWatch(topic: topic, bound: messageSeconds, ctx: ctx)
    let total = count ?? (lines == nil ? 1 : nil)
    let values: ProduceLoop.Values
    if let lines {
      values = .lines(lines)
    } else if let valueTemplate {
      values = .template(valueTemplate)
    } else {
      throw CommandFailure.usage("give a VALUE or --file")
    }
    let deadlines = ctx.deadlines
    var loop = ProduceLoop(
      producer: producer, topic: topic, partition: partition, leaders: led,
      partitionCount: Int32(layout.topics.first?.partitions.count ?? 0),
      partitioner: partitioner ?? ctx.settings.partitioner?.value ?? .roundRobin,
      total: total, rate: rate,
      values: values, key: keyTemplate, headers: headers.map { h -> (name: String, value: [UInt8]) in
        let eq = h.firstIndex(of: "=") ?? h.endIndex
        return (String(h[..<eq]), ArgumentBytes.bytes(h[h.index(after: eq)...]))
      },
      progress: Progress(show: ctx.showsProgress ? ctx.progress : nil, total: total),
      interruption: ctx.interruption,
      giveUp: {
        if lasting { outage.check(producer) }
        return Self.stopReason(producer, topic: topic, timeoutSeconds: lasting ? messageSeconds : deadlines.seconds)
      })
    let ending = loop.run()
    // Every message ends delivered or failed within its own bound; the
    // shorter one after Ctrl-C keeps it prompt.
    var interrupted = false
    if case .interrupted = ending { interrupted = true }
    // A lasting produce that ended on its own waits for its messages up to
    // their bound; one that gave up (the bound is spent) or was interrupted
    // does not wait that again: what never left the local queue is purged.
    var ended = false
    if case .done = ending { ended = true }
    let flushMs =
      lasting && ended
      // messageSeconds is finite and ≥ 0, or +infinity (no bound): at most an hour here.
      ? max(deadlines.flushMs(interrupted: false), (Int(exactly: (min(messageSeconds, 3600) * 1000).rounded()) ?? 3_600_000) + 1000)
      : deadlines.flushMs(interrupted: interrupted)
    // Ctrl-C during a lasting wait cuts it (the queue is purged); after an
    // interrupted run, the short bound already keeps it prompt.
    producer.flush(timeoutMs: flushMs, isInterrupted: { !interrupted && ctx.isInterrupted })
    // Ctrl-C during that wait: the run ends as interrupted (what never left is purged, and counted).
    if !interrupted && ctx.isInterrupted { interrupted = true }
    loop.progress.finish()
    let stats = producer.stats
    let report = Self.report(topic: topic, stats: stats, seconds: loop.elapsedSeconds)
    switch interrupted ? .interrupted : ending {
    case .interrupted:
      var f = CommandFailure.interrupted(
        "interrupted: \(stats.delivered) delivered, \(stats.failed) failed, \(stats.unknown) unknown")
      f.report = report
      throw f
    case .stopped(let e):
      var f = CommandFailure(e)
      f.message += " (after \(stats.sent) sent: \(stats.delivered) delivered, \(stats.failed) failed, \(stats.unknown) unknown)"
      f.report = report
      throw f
    case .done where stats.failed > 0 || stats.unknown > 0:
      var f = CommandFailure.failed(
        "\(stats.failed) failed, \(stats.unknown) unknown of \(stats.sent)"
          + (stats.firstError.map { ": \($0)" } ?? "") + (producer.lastError.map { " (\($0))" } ?? ""))
      if stats.delivered == 0, producer.lastError != nil { f.status = 3 }
      f.report = report
      throw f
    case .done:
      return report
    }
  }

  /// Why enqueueing more would only pile up failures: the cluster has been
  /// gone for the whole timeout, or deliveries already fail. What was sent is
  /// still waited for, so every message ends delivered or failed.
  static func stopReason(_ producer: KafkaProducer, topic: String, timeoutSeconds: Double) -> KafkaError? {
    if let down = producer.allBrokersDownSeconds, down >= timeoutSeconds {
      return KafkaError(
        .unreachable,
        "produce to \(topic): all brokers down for \(Durations.format(down)) (\(producer.lastError ?? "no connection")); stopped sending")
    }
    let stats = producer.stats
    if stats.failed > 0 {
      // Messages that timed out while every broker was down failed for that reason: unreachable.
      let timedOut = stats.firstError?.localizedCaseInsensitiveContains("timed out") == true
      let unreachable =
        (producer.allBrokersDownSeconds != nil && timedOut) || (stats.delivered == 0 && producer.lastError != nil)
      return KafkaError(
        unreachable ? .unreachable : .other,
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
      ("rate", Cell("\(Int64(exactly: rate.rounded()).map(formatCount) ?? formatNumber(rate))/s")),
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
  /// Where the line goes (the context's progress line); nil: nowhere.
  let show: ((String) -> Void)?
  let total: Int64?
  var last: UInt64 = 0
  let start = DispatchTime.now().uptimeNanoseconds

  init(show: ((String) -> Void)?, total: Int64?) {
    self.show = show
    self.total = total
  }

  func update(sent: Int64, stats: DeliveryStats) {
    guard let show else { return }
    let now = DispatchTime.now().uptimeNanoseconds
    guard now - last > 250_000_000 else { return }
    last = now
    let seconds = Double(now - start) / 1e9
    var line = "\rproduced \(formatCount(sent))"
    if let t = total {
      let width = 24
      let filled = Int(min(Self.whole(Double(width) * Double(sent) / Double(max(t, 1))), Int64(width)))
      line = "\r[" + String(repeating: "█", count: filled) + String(repeating: "·", count: max(0, width - filled)) + "] "
        + "\(formatCount(sent))/\(formatCount(t))"
    }
    line += "  delivered \(formatCount(stats.delivered))  \(formatCount(Self.whole(Double(sent) / max(seconds, 0.001))))/s"
    show(line)
  }

  /// The whole part, saturating rather than trapping (a count over a tiny
  /// elapsed time can pass what an Int64 holds).
  static func whole(_ v: Double) -> Int64 { v > 0 ? Int64(exactly: v.rounded(.down)) ?? .max : 0 }

  func finish() {
    guard let show, last != 0 else { return }
    show("\r\u{1B}[K")
  }
}

extension Partitioner: ExpressibleByArgument {
  public static var allValueStrings: [String] { allCases.map(\.rawValue) }
}

/// A lasting produce through an outage: says once that every broker is
/// down and that it keeps sending, and again when they are back, so a
/// drill's operator knows why the progress stalled and that nothing was dropped.
final class OutageWatch {
  let topic: String
  let bound: Double
  let ctx: CommandContext
  private var since: Double?

  init(topic: String, bound: Double, ctx: CommandContext) {
    (self.topic, self.bound, self.ctx) = (topic, bound, ctx)
  }

  func check(_ producer: KafkaProducer) {
    if let down = producer.allBrokersDownSeconds {
      guard since == nil, down >= 1 else { return }
      since = ctx.monotonicSeconds() - down
      ctx.warn(
        "produce to \(topic): all brokers down (\(producer.lastError ?? "no connection")); still sending: "
          + (bound.isFinite ? "messages wait up to \(Durations.format(bound)) for them" : "messages wait for them (no bound set)"))
    } else if let start = since {
      since = nil
      ctx.warn("produce to \(topic): brokers back after \(Durations.format(ctx.monotonicSeconds() - start)); sending")
    }
  }
}
