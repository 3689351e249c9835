import ArgumentParser
import Clients
import Config
import Foundation
import Host
import Output
import Pipeline
import Vocabulary

/// Drives a pipeline sandbox: this session's, or one `sandbox serve
/// --pipeline` runs (found by AETHER_SANDBOX_CONTROL, which it gives the
/// programs it starts, else by the file it writes in the state directory).
struct SandboxControl: AetherCommand, TrailingWords, HasDisplayOptions {
  static let configuration = CommandConfiguration(
    commandName: "control",
    abstract: "Drive a pipeline sandbox's drill: stop the consumer, take the service down, scale, and back.",
    discussion: """
      consumer stop|start    leave (join) group crm-events-sse; /healthz answers
      consumer rate N        events/s per replica (0: in the group, consuming none)
      consumer replicas N    members in the group
      service down|up        as docker stop|start aether-crm-events: port refuses
      sink stop|start        the same for crm-events-sink
      container NAME ACTION  stop, start, restart, scale N or logs [N], by the stack's names
                             (logs: the part's last N lines, default 50, with timestamps)
      status                 every part's state
      Each prints one line (logs: its lines); a served sandbox answers over its control address.
      """)

  @Argument(help: "What to do (see above).")
  var words: [String] = []
  static let trailingParsing = TrailingParsing.remaining
  mutating func append(trailing more: [String]) { words += more }

  @Option(help: "A served pipeline's control address (default: $AETHER_SANDBOX_CONTROL, else the one serving now).")
  var url: String?

  @OptionGroup var display: DisplayOptions

  func validateWords() throws {
    if case .failure(let e) = ControlAction.parse(words) { throw ValidationError(e.description) }
  }

  func execute(_ ctx: CommandContext) throws -> Report {
    let action = try ControlAction.parse(words).get()
    if action == .status { return try status(ctx) }
    let answer: String
    if url == nil, let p = ctx.pipeline {
      switch p.control(action) {
      case .success(let text): answer = text
      case .failure(let e): throw CommandFailure.failed(e.description)
      }
    } else {
      answer = try remote(action, ctx)
    }
    return Report(
      json: .object([("action", .string(words.joined(separator: " "))), ("answer", .string(answer))]),
      sections: [.note(answer)], plain: answer)
  }

  /// `status`: the parts as `sandbox` shows them, a table (its one line
  /// for -o plain, as before), from this session's pipeline or a served one.
  private func status(_ ctx: CommandContext) throws -> Report {
    let parts: [SandboxParts.Row]
    if url == nil, let p = ctx.pipeline {
      parts = SandboxParts.rows(p.parts)
    } else {
      // A served pipeline says its parts at its root, as JSON.
      let summary = try remote(nil, ctx)
      guard case .array(let listed)? = (try? JSONParser.parse(Array(summary.utf8)))?["parts"] else {
        throw CommandFailure.failed("the served sandbox did not list its parts")
      }
      parts = listed.compactMap { p in
        guard case .string(let name)? = p["name"], case .string(let state)? = p["state"] else { return nil }
        if case .string(let u)? = p["url"] { return (name, u, state) }
        return (name, nil, state)
      }
    }
    let line = parts.map { "\($0.name) \($0.state)" }.joined(separator: "; ")
    let table = SandboxParts.table(parts)
    return Report(
      json: .object([
        ("action", .string("status")), ("answer", .string(line)),
        ("parts", SandboxParts.json(parts)),
      ]),
      sections: [.table(table)], plain: line, csv: table)
  }

  /// The control answer for `action`, or the served pipeline's summary (JSON) for nil.
  private func remote(_ action: ControlAction?, _ ctx: CommandContext) throws -> String {
    var served: (url: String, note: String?)?
    if url == nil && ctx.environmentVariable(SandboxServe.controlVariable) == nil { served = SandboxServe.servedControl(ctx) }
    if let note = served?.note { ctx.warn("sandbox control: \(note)") }
    guard let base = url ?? ctx.environmentVariable(SandboxServe.controlVariable) ?? served?.url else {
      throw CommandFailure.failed(
        "no pipeline sandbox: none in this session (--sandbox=pipeline) and none served "
          + "(run 'aetherctl sandbox serve --pipeline', or give --url)")
    }
    let path = words.map { $0.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(["/"])) ?? $0 }
    let request = HTTPRequest(
      url: action == nil ? base + "/" : base + "/control/" + path.joined(separator: "/"), connectTimeout: ctx.deadlines.seconds,
      // A restart of Prometheus waits for its first scrapes: minutes at drill speed 1.
      totalTimeout: max(ctx.deadlines.seconds, 300))
    let response = try ctx.send(request)
    let text = String(decoding: response.body, as: UTF8.self).trimmingBlanks()
    guard response.status == 200 else { throw CommandFailure.failed(text.isEmpty ? "status \(response.status)" : text) }
    return text
  }
}
