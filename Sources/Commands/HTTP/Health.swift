import ArgumentParser
import Capacity
import Clients
import Config
import Formats
import Host
import Output
import Prometheus
import ScriptLanguage
import Vocabulary

struct Health: AetherCommand, GroupedCommand, HasDisplayOptions {
  static let group = CommandGroup.http
  static let configuration = CommandConfiguration(
    commandName: "health",
    abstract: "Check a service endpoint: exit 0 only when it answers with the expected status.",
    discussion: """
      Healthy means the status equals --expect, or any 2xx without it. Unhealthy is exit 1 (the \
      status and the body's first line are shown), unreachable exit 3 — which, in a condition, \
      stops the script rather than reading as "false". With --unreachable-is-down a server \
      that cannot be reached is unhealthy (exit 1), for scripts that branch on it. Examples:
        health http://localhost:9010/healthz
        health http://localhost:9090/-/ready --expect 200
        if health http://localhost:9105/metrics --unreachable-is-down; echo sink up; end
      """)

  @Argument(help: "http:// or https:// URL.")
  var url: String

  @Option(help: "The status that means healthy (default: any 2xx).")
  var expect: Int?

  @Flag(name: .customLong("unreachable-is-down"), help: "A server that cannot be reached is unhealthy (exit 1), not exit 3.")
  var unreachableIsDown = false

  @OptionGroup var http: HTTPOptions
  @OptionGroup var display: DisplayOptions

  func validate() throws {
    if let expect, !(100...599).contains(expect) { throw ValidationError("--expect \(expect) is not an HTTP status") }
  }

  func execute(_ ctx: CommandContext) throws -> Report {
    var request = try http.request(url, ctx: ctx)
    request.maxResponseBytes = 1 << 20
    let response: HTTPResponse
    do {
      response = try ctx.send(request)
    } catch where unreachableIsDown && error.failure.status == ExitStatus.unreachable {
      let f = error.failure
      var down = CommandFailure.failed(f.message)
      let shown = redactingCredentials(in: url)
      down.report = Report(
        json: .object([("url", .string(shown)), ("healthy", .bool(false)), ("reachable", .bool(false))]),
        sections: [.fields([("url", Cell(shown)), ("healthy", Cell("no: unreachable", level: .critical))])],
        plain: "unreachable")
      throw down
    }
    let healthy = expect.map { response.status == $0 } ?? (200...299).contains(response.status)
    let detail = firstLine(of: response.text, limit: 120)
    let fields: [(String, Cell)] = [
      ("url", Cell(response.effectiveURL)),
      ("status", Cell("\(response.status)", level: healthy ? .ok : .critical)),
      ("time", Cell("\(formatNumber(response.totalTime * 1000, digits: 1)) ms")),
      ("healthy", Cell(healthy ? "yes" : "no", level: healthy ? .ok : .critical)),
    ]
    let json = JSON.object([
      ("url", .string(response.effectiveURL)), ("status", .int(Int64(response.status))),
      ("expected", .optional(expect)), ("healthy", .bool(healthy)), ("seconds", .double(response.totalTime)),
      ("body", .string(detail)),
    ])
    let report = Report(json: json, sections: [.fields(fields)], plain: healthy ? "healthy" : "unhealthy")
    guard healthy else {
      var message = "\(response.effectiveURL) answered \(response.status)"
      message += expect.map { ", expected \($0)" } ?? ", expected 2xx"
      if !detail.isEmpty { message += ": \(detail)" }
      var failure = CommandFailure.failed(message)
      failure.report = report
      throw failure
    }
    return report
  }
}
