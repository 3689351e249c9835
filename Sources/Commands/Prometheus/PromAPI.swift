import Capacity
import Clients
import Config
import Formats
import Foundation
import Host
import Output
import Prometheus
import ScriptLanguage

/// Prometheus's HTTP API as the session reaches it: the profile's URL and
/// credentials, the session's HTTP client and timeout. Queries go as POST
/// forms (long PromQL does not fit in a URL); the read-only listings as GET.
package struct PromAPI {
  let ctx: CommandContext
  let warn: (String) -> Void

  init(_ ctx: CommandContext) {
    self.ctx = ctx
    warn = { ctx.warn($0) }
  }

  func query(_ expr: String, time: Double?) throws -> (envelope: PromEnvelope, result: QueryResult) {
    var form = [("query", expr)]
    if let time { form.append(("time", Self.timeParameter(time))) }
    let envelope = try call("/api/v1/query", form: form)
    return (envelope, try decode { () throws(PromDecodeError) in try QueryResult.decode(envelope.data) })
  }

  func range(_ expr: String, start: Double, end: Double, step: Double) throws
    -> (envelope: PromEnvelope, result: QueryResult)
  {
    let envelope = try call(
      "/api/v1/query_range",
      form: [
        ("query", expr), ("start", Self.timeParameter(start)), ("end", Self.timeParameter(end)),
        ("step", Self.timeParameter(step)),
      ])
    return (envelope, try decode { () throws(PromDecodeError) in try QueryResult.decode(envelope.data) })
  }

  func alerts() throws -> [PromAlert] {
    let envelope = try call("/api/v1/alerts")
    return try decode { () throws(PromDecodeError) in try PromAlert.decodeList(envelope.data) }
  }

  func rules(type: String?) throws -> [PromRuleGroup] {
    let envelope = try call("/api/v1/rules" + (type.map { "?type=\($0)" } ?? ""))
    return try decode { () throws(PromDecodeError) in try PromRuleGroup.decodeList(envelope.data) }
  }

  func targets() throws -> PromTargetList {
    let envelope = try call("/api/v1/targets?state=active")
    return try decode { () throws(PromDecodeError) in try PromTargetList.decode(envelope.data) }
  }

  func series(_ matchers: [String], since: Double?) throws -> [[String: String]] {
    var form = matchers.map { ("match[]", $0) }
    if let since { form.append(("start", Self.timeParameter(Date().timeIntervalSince1970 - since))) }
    let envelope = try call("/api/v1/series", form: form)
    return try decode { () throws(PromDecodeError) in try decodeSeriesList(envelope.data) }
  }

  func labels() throws -> [String] {
    let envelope = try call("/api/v1/labels", form: [])
    return try decode { () throws(PromDecodeError) in try decodeStringList(envelope.data) }
  }

  func labelValues(_ name: String) throws -> [String] {
    let escaped = name.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? name
    let envelope = try call("/api/v1/label/\(escaped)/values")
    return try decode { () throws(PromDecodeError) in try decodeStringList(envelope.data) }
  }

  /// One API call: transport errors are exit 3, Prometheus's own errors (a
  /// PromQL syntax error is a 400 with a JSON body) exit 1 with `errorType: error`.
  func call(_ path: String, form: [(String, String)]? = nil) throws -> PromEnvelope {
    let request = try Self.request(path, form: form, ctx: ctx, timeout: ctx.deadlines.seconds)
    return try Self.envelope(of: try ctx.send(request), to: request, warn: warn)
  }

  /// Prometheus's answer read as every caller reads it (commands through the
  /// session, the dashboard's thread through its own client).
  static func envelope(of response: HTTPResponse, to request: HTTPRequest, warn: (String) -> Void) throws
    -> PromEnvelope
  {
    let url = request.url
    let envelope: PromEnvelope
    do {
      envelope = try PromEnvelope.decode(Data(response.body))
    } catch {
      if response.status >= 400 { throw statusFailure(response, method: request.method.rawValue) }
      throw CommandFailure.failed("\(url): \(error.message)")
    }
    if let problem = envelope.errorSummary {
      throw CommandFailure.failed("Prometheus: \(problem)")
    }
    if response.status >= 400 { throw statusFailure(response, method: request.method.rawValue) }
    for w in envelope.warnings { warn("Prometheus warning: \(w)") }
    for i in envelope.infos { warn("Prometheus info: \(i)") }
    return envelope
  }

  /// A request to the session's Prometheus with its credentials: GET, or a
  /// POSTed form when `form` is given.
  package static func request(
    _ path: String, form: [(String, String)]? = nil, ctx: CommandContext, timeout: Double,
    maxResponseBytes: Int = 64 << 20
  ) throws -> HTTPRequest {
    let base = ctx.settings.prometheus.value
    let auth = try ctx.prometheusAuth()
    var request = HTTPRequest(
      url: serviceURL(base, path), method: form == nil ? .get : .post,
      bearerToken: auth.bearer, basicAuth: auth.basic, connectTimeout: timeout, totalTimeout: timeout,
      maxResponseBytes: maxResponseBytes)
    request.headers = [("Accept", "application/json")]
    if let form {
      request.body = HTTPRequest.formEncode(form)
      request.contentType = "application/x-www-form-urlencoded"
    }
    return request
  }

  private func decode<T>(_ body: () throws(PromDecodeError) -> T) throws -> T { try Self.decode(body) }

  static func decode<T>(_ body: () throws(PromDecodeError) -> T) throws -> T {
    do { return try body() } catch { throw CommandFailure.failed(error.message) }
  }

  /// Unix seconds with milliseconds, the form every Prometheus version accepts.
  static func timeParameter(_ t: Double) -> String {
    String(format: "%.3f", t)
  }
}
