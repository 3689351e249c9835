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

struct SSE: AetherCommand, GroupedCommand, HasDisplayOptions {
  static let group = CommandGroup.http
  static let configuration = CommandConfiguration(
    commandName: "sse",
    abstract: "Print server-sent events as they arrive (id, event, data), to a limit or Ctrl-C.",
    discussion: """
      No reconnect: a stream the server ends before --limit or --duration is reached (or at \
      all, without them) is exit 1 with what arrived. An event larger than 8 MiB is dropped \
      and reported, never shown cut short. -o json prints one {"id","event","data"} object per line. Examples:
        sse http://localhost:9010/crm-events --limit 5
        sse http://localhost:9010/crm-events --duration 30s -o json
      """)

  @Argument(help: "http:// or https:// URL of the event stream.")
  var url: String

  @Option(name: [.customShort("n"), .customLong("limit")], help: "Stop after this many events.")
  var limit: Int?

  @Option(help: "Stop after this long.", transform: ArgumentParsing.duration)
  var duration: Double?

  @Option(
    help: "How long the stream may go without a byte, the answer included (default: the --timeout, at least 60s; 0 waits as long as it takes).",
    transform: ArgumentParsing.duration)
  var idle: Double?

  @OptionGroup var http: HTTPOptions
  @OptionGroup var display: DisplayOptions

  func validate() throws {
    if let limit, limit < 1 { throw ValidationError("--limit must be at least 1") }
    if let duration, duration <= 0 { throw ValidationError("--duration must be positive") }
  }

  func execute(_ ctx: CommandContext) throws -> Report {
    var request = try http.request(url, ctx: ctx)
    // The connection gets the usual bound; the stream itself runs until we
    // stop it, but never silent for longer than --idle: a server that accepts
    // and never answers, or a stream that went quiet, is said, not waited on.
    request.totalTimeout = 0
    // By default at least a minute: event streams send keep-alives every 15–30 s
    // (the pipeline's own every 15 s), and libcurl averages its speed over seconds.
    let idleBound = idle ?? max(http.timeout ?? ctx.deadlines.seconds, 60)
    request.idleTimeout = idleBound > 0 ? idleBound : nil
    request.headers.append(("Accept", "text/event-stream"))
    request.headers.append(("Cache-Control", "no-cache"))
    let started = Date()
    var parser = SSEParser()
    var count = 0
    var dropped = 0
    var errorBody: [UInt8] = []
    var status: Int?
    let stop = {
      (limit.map { count >= $0 } ?? false) || (duration.map { Date().timeIntervalSince(started) >= $0 } ?? false)
    }
    let response: HTTPResponse
    do {
      response = try ctx.send(
        request,
        onChunk: { bytes in
          if status == nil { status = 0 }
          if stop() { return }
          for event in parser.feed(bytes) {
            guard !stop() else { break }
            count += 1
            // On a terminal a server's control characters are shown, never sent; JSON escapes them itself.
            let line = SSE.line(event, format: ctx.format)
            ctx.out.write(ctx.stdoutIsTerminal && !ctx.isCaptured && ctx.format != .json ? visibleControls(line) : line)
          }
          if parser.droppedEvents > dropped {
            dropped = parser.droppedEvents
            ctx.warn("sse: an event over \(parser.maximumLineBytes >> 20) MiB was dropped (\(dropped) so far)")
          }
          if errorBody.count < 4096 { errorBody.append(contentsOf: bytes.prefix(4096 - errorBody.count)) }
          ctx.out.flush()
        }, stop: stop)
    } catch where error.failure.status == ExitStatus.interrupted && !ctx.isInterrupted {
      // Our own stop (limit or duration) ends the transfer the same way Ctrl-C does;
      // but a server that sent nothing at all in the whole --duration is not a quiet success.
      guard status != nil else {
        var failure = CommandFailure.failed(
          "\(url): nothing arrived within --duration \(Durations.format(duration ?? 0)) (no answer, no event, no keep-alive)")
        failure.report = summary(count: count, seconds: Date().timeIntervalSince(started))
        throw failure
      }
      return summary(count: count, seconds: Date().timeIntervalSince(started))
    } catch where error.failure.status == ExitStatus.unreachable && error.failure.message.contains("Operation too slow") {
      var failure = CommandFailure.unreachable(
        status == nil
          ? "\(url): nothing within \(Durations.format(idleBound)) (no answer, or an answer with no event nor keep-alive)"
          : "\(url): the stream went silent for \(Durations.format(idleBound)) after \(count) event(s) (--idle 0 waits as long as it takes)")
      failure.report = summary(count: count, seconds: Date().timeIntervalSince(started))
      throw failure
    }
    if response.status >= 400 {
      var shown = response
      shown.body = errorBody
      throw statusFailure(shown, method: "GET")
    }
    if let type = response.header("content-type"), !type.lowercased().hasPrefix("text/event-stream") {
      ctx.warn("\(url): Content-Type is '\(type)', not text/event-stream")
    }
    let seconds = Date().timeIntervalSince(started)
    if stop() { return summary(count: count, seconds: seconds) }
    // The server ended the stream before what was asked for: not a success.
    var message = "stream closed by the server after \(formatNumber(seconds, digits: 1))s, \(count) event\(count == 1 ? "" : "s")"
    if parser.isInsideEvent {
      let size = parser.isOversized ? "over \(parser.maximumLineBytes >> 20) MiB" : "\(parser.pendingBytes) bytes"
      message += "; it ended inside an unfinished event (\(size), not shown)"
    }
    if dropped > 0 { message += "; \(dropped) event(s) over the size bound dropped" }
    var f = CommandFailure.failed(message)
    f.report = summary(count: count, seconds: seconds)
    throw f
  }

  private func summary(count: Int, seconds: Double) -> Report {
    var r = Report.empty
    r.json = .object([("events", .int(Int64(count))), ("seconds", .double(seconds))])
    return r
  }

  /// `[JobCreated] id=1 {"Seq":1}`; several data lines stay on their own lines, indented.
  static func line(_ e: SSEEvent, format: OutputFormat) -> String {
    if format == .json {
      return JSON.object([("id", .optional(e.id)), ("event", .string(e.event)), ("data", .string(e.data))])
        .serialized() + "\n"
    }
    var head = e.event == "message" ? "" : "[\(e.event)] "
    if let id = e.id, format != .plain { head += "id=\(id) " }
    return head + e.data.replacingOccurrences(of: "\n", with: "\n    ") + "\n"
  }
}
