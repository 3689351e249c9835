import Capacity
import Clients
import Config
import Formats
import Foundation
import Output
import Prometheus
import ScriptLanguage
import Vocabulary

/// Credentials and transport choices for one call; secrets stay in memory only.
public struct HTTPAuth {
  public var bearer: String?
  public var basic: (user: String, password: String)?
}

extension Session {
  /// Sends one request, Ctrl-C cancelling it. Status codes are the caller's to judge.
  func send(_ request: HTTPRequest, onChunk: (([UInt8]) -> Void)? = nil, stop: (() -> Bool)? = nil) throws
    -> HTTPResponse
  {
    // An ordinary request gets what is left of the command's --timeout; a
    // stream given a longer bound of its own (sse --duration) keeps it.
    var request = request
    if request.totalTimeout <= deadlines.seconds {
      let left = Double(runDeadline.cap(deadlines.requestMs)) / 1000
      request.totalTimeout = min(request.totalTimeout, left)
      request.connectTimeout = min(request.connectTimeout, left)
    }
    // Under -v: what each call cost, as the Kafka requests say it.
    let started = settings.verbose.value > 0 ? monotonicSeconds() : nil
    let took = { (started: Double) in Int(exactly: ((self.monotonicSeconds() - started) * 1000).rounded()) ?? -1 }
    do {
      let response = try clients.http.send(
        request, isCancelled: { Interrupts.isPending || (stop?() ?? false) }, onChunk: onChunk)
      if let started { diagnostic("debug: http: \(request): \(response.status) in \(took(started)) ms") }
      return response
    } catch {
      if let started { diagnostic("debug: http: \(request): failed after \(took(started)) ms") }
      throw error
    }
  }

  /// Credentials for one of the HTTP services the settings name: a bearer
  /// token from the environment or the profile, else from its file (read at
  /// each use, so rotation is picked up), else basic auth.
  public struct Credentials: Sendable {
    let token: OptionalSettingRow<String>
    let tokenFile: OptionalSettingRow<String>
    let user: OptionalSettingRow<String>
    let password: OptionalSettingRow<String>

    public static let prometheus = Credentials(
      token: SettingsTable.prometheusToken, tokenFile: SettingsTable.prometheusTokenFile,
      user: SettingsTable.prometheusUser, password: SettingsTable.prometheusPassword)
    public static let alertmanager = Credentials(
      token: SettingsTable.alertmanagerToken, tokenFile: SettingsTable.alertmanagerTokenFile,
      user: SettingsTable.alertmanagerUser, password: SettingsTable.alertmanagerPassword)
  }

  func auth(_ c: Credentials) throws -> HTTPAuth {
    var auth = HTTPAuth()
    if let t = settings[c.token] {
      auth.bearer = t.value
    } else if let file = settings[c.tokenFile] {
      auth.bearer = try readSecretFile(file.value, what: c.tokenFile.writtenName(from: file.source))
    }
    if auth.bearer == nil, let user = settings[c.user] {
      auth.basic = (user.value, settings[c.password]?.value ?? "")
      // As the Authorization header carries it: a server echoing headers back shows it base64'd.
      Secrets.remember(user: user.value, password: settings[c.password]?.value ?? "")
    }
    return auth
  }

  func prometheusAuth() throws -> HTTPAuth { try auth(.prometheus) }
}

/// A secret kept in a file (`--bearer-file`, `prometheus_token_file`): the first
/// line, surrounding blanks dropped. The message names the file, never its content.
public func readSecretFile(_ path: String, what: String) throws -> String {
  let expanded = (path as NSString).expandingTildeInPath
  let data: Data
  do {
    data = try FileContents.read(expanded, limit: 1 << 20)
  } catch {
    throw CommandFailure.usage("\(what): cannot read '\(path)': \(error.description)")
  }
  let text = String(decoding: data.prefix(64 << 10), as: UTF8.self)
  let line = text.split(whereSeparator: { $0 == "\n" || $0 == "\r" }).first.map(String.init) ?? ""
  let token = line.trimmingBlanks()
  guard !token.isEmpty else { throw CommandFailure.usage("\(what): '\(path)' is empty") }
  Secrets.remember(token)
  return token
}

/// An HTTP status that is an error: `HTTP 500 from GET URL: first line of the body`.
public func statusFailure(_ response: HTTPResponse, method: String) -> CommandFailure {
  let line = firstLine(of: response.text, limit: 160)
  var message = "HTTP \(response.status) from \(method) \(response.effectiveURL)"
  if !line.isEmpty { message += ": \(line)" }
  return .failed(message)
}
