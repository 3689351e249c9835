import ArgumentParser
import Clients
import Formats
import Config
import Foundation
import Host
import Output
import Prometheus
import ScriptLanguage
import Vocabulary

/// Alertmanager's API v2 as the session reaches it: the profile's URL and
/// credentials, the session's HTTP client and timeout. A refused or silent
/// server is exit 3 naming the URL; Alertmanager's own refusals (a 400 for a
/// bad matcher or an end before the start) are exit 1 with its message.
struct AMAPI {
  let ctx: CommandContext

  var base: String { serviceURL(ctx.settings.alertmanager.value, "") }

  /// A request to the session's Alertmanager with its credentials, bounded by `timeout`.
  static func request(
    _ method: HTTPRequest.Method, _ path: String, query: [(String, String)] = [], body: Data? = nil,
    ctx: CommandContext, timeout: Double
  ) throws -> HTTPRequest {
    let auth = try ctx.alertmanagerAuth()
    var url = serviceURL(ctx.settings.alertmanager.value, "/api/v2" + path)
    if !query.isEmpty { url += "?" + String(decoding: HTTPRequest.formEncode(query), as: UTF8.self) }
    var request = HTTPRequest(
      url: url, method: method, bearerToken: auth.bearer, basicAuth: auth.basic, connectTimeout: timeout,
      totalTimeout: timeout, maxResponseBytes: 64 << 20)
    request.headers = [("Accept", "application/json")]
    if let body {
      request.body = Array(body)
      request.contentType = "application/json"
    }
    return request
  }

  /// Bounded by the session's timeout, or `timeout` when asked for less
  /// (a look at silences that another command only adds to its answer).
  var timeout: Double?

  func call(_ method: HTTPRequest.Method, _ path: String, query: [(String, String)] = [], body: Data? = nil) throws
    -> Data
  {
    let request = try Self.request(
      method, path, query: query, body: body, ctx: ctx, timeout: min(timeout ?? .infinity, ctx.deadlines.seconds))
    let response = try ctx.send(request)
    guard (200..<300).contains(response.status) else {
      throw statusFailure(response, method: method.rawValue)
    }
    return Data(response.body)
  }

  private func decode<T>(_ body: () throws(PromDecodeError) -> T) throws -> T {
    do { return try body() } catch { throw CommandFailure.failed("\(base): \(error.message)") }
  }

  /// Alerts by state and matchers, as `amtool alert query` asks for them.
  func alerts(filter: [Matcher], receiver: String?, states: Set<String>? = nil) throws -> (alerts: [AMAlert], raw: [JSON]) {
    var query: [(String, String)] = filter.map { ("filter", $0.description) }
    if let receiver { query.append(("receiver", receiver)) }
    if let states {
      for s in ["active", "silenced", "inhibited", "unprocessed"] { query.append((s, states.contains(s) ? "true" : "false")) }
    }
    let body = try call(.get, "/alerts", query: query)
    return try decode { () throws(PromDecodeError) in try AMAlert.decodeList(body) }
  }

  func silences(filter: [Matcher] = []) throws -> (silences: [AMSilence], raw: [JSON]) {
    let body = try call(.get, "/silences", query: filter.map { ("filter", $0.description) })
    return try decode { () throws(PromDecodeError) in try AMSilence.decodeList(body) }
  }

  func silence(id: String) throws -> (silence: AMSilence, raw: JSON) {
    let body = try call(.get, "/silence/" + id)
    return try decode { () throws(PromDecodeError) in try AMSilence.decode(body) }
  }

  /// Creates a silence, or with `id` moves the end of that one; returns its id.
  func post(
    id: String? = nil, matchers: [Matcher], startsAt: Double, endsAt: Double, createdBy: String, comment: String
  ) throws -> String {
    let body = AMSilence.postBody(
      id: id, matchers: matchers, startsAt: rfc3339(startsAt), endsAt: rfc3339(endsAt), createdBy: createdBy,
      comment: comment)
    let answer = try call(.post, "/silences", body: body)
    return try decode { () throws(PromDecodeError) in try AMSilence.decodeCreated(answer) }
  }

  func expire(id: String) throws { _ = try call(.delete, "/silence/" + id) }

  func status() throws -> (status: AMStatus, raw: JSON) {
    let body = try call(.get, "/status")
    return try decode { () throws(PromDecodeError) in try AMStatus.decode(body) }
  }
}

/// Seconds since the epoch as Alertmanager takes times: RFC 3339, UTC, milliseconds.
func rfc3339(_ seconds: Double) -> String {
  guard seconds.isFinite, let ms = Int64(exactly: (seconds * 1000).rounded()) else { return "-" }
  return formatTimestamp(ms)
}

/// Matchers as written on the command line; a bad one is a usage error
/// naming it and the column of the problem, before any request.
func parseMatchers(_ words: [String]) throws -> [Matcher] {
  try words.enumerated().map { (i, w) in
    do { return try Matcher.parse(w) } catch {
      throw CommandFailure(error, about: "matcher \(i + 1) '\(w)'")
    }
  }
}
