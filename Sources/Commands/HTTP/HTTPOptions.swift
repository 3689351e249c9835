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

/// What every command that calls a URL accepts. Declared once so `http`,
/// `health`, `metrics` and `sse` parse, complete and document them alike.
struct HTTPOptions: ParsableArguments {
  @Option(name: .customLong("header"), parsing: .unconditionalSingleValue, help: "Extra header NAME:VALUE (repeatable).")
  var headers: [String] = []

  @Option(parsing: .unconditional, help: "Bearer token (prefer --bearer-file: a token on the command line is visible in ps).")
  var bearer: String?

  @Option(name: .customLong("bearer-file"), help: "Read the bearer token from the first line of this file.")
  var bearerFile: String?

  @Option(name: .customLong("user"), help: "Basic auth USER:PASSWORD.")
  var user: String?

  @Option(help: "Seconds (or a duration) for the whole call (default: --timeout of the session).", transform: ArgumentParsing.timeout)
  var timeout: Double?

  @Flag(help: "Do not verify the server's TLS certificate (self-signed test endpoints only).")
  var insecure = false

  @Option(help: "Trust the CA certificates in this PEM file (an internal CA); verification stays on.", completion: .file())
  var cacert: String?

  func validate() throws {
    for h in headers where !h.contains(":") {
      throw ValidationError("--header '\(h.prefix(40))' is not NAME:VALUE")
    }
    if bearer != nil && bearerFile != nil { throw ValidationError("give --bearer or --bearer-file, not both") }
    if let user, !user.contains(":") { throw ValidationError("--user is USER:PASSWORD") }
    if insecure && cacert != nil { throw ValidationError("give --insecure or --cacert, not both") }
  }

  /// A request with these options applied; the session's timeout unless --timeout.
  func request(_ url: String, method: HTTPRequest.Method = .get, ctx: CommandContext) throws -> HTTPRequest {
    guard url.hasPrefix("http://") || url.hasPrefix("https://") else {
      throw CommandFailure.usage("'\(url.prefix(80))' is not an http:// or https:// URL")
    }
    let seconds = timeout ?? ctx.deadlines.seconds
    var r = HTTPRequest(url: url, method: method, connectTimeout: seconds, totalTimeout: seconds, insecure: insecure)
    r.headers = headers.map { h in
      let colon = h.firstIndex(of: ":")!
      let header = (withoutSurroundingBlanks(h[..<colon]), withoutSurroundingBlanks(h[h.index(after: colon)...]))
      // A credential given as a raw header is as secret as --bearer.
      Secrets.rememberHeader(name: header.0, value: header.1)
      return header
    }
    if let cacert {
      let path = (cacert as NSString).expandingTildeInPath
      guard FileManager.default.isReadableFile(atPath: path) else { throw CommandFailure.usage("--cacert: cannot read '\(cacert)'") }
      r.caFile = path
    }
    if let bearer {
      Secrets.remember(bearer)
      r.bearerToken = bearer
    }
    if let bearerFile { r.bearerToken = try readSecretFile(bearerFile, what: "--bearer-file") }
    if let user, let colon = user.firstIndex(of: ":") {
      r.basicAuth = (String(user[..<colon]), String(user[user.index(after: colon)...]))
      Secrets.remember(user: String(user[..<colon]), password: String(user[user.index(after: colon)...]))
    }
    return r
  }
}
