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

struct HTTPCommand: GroupedCommand {
  static let group = CommandGroup.http
  static let configuration = CommandConfiguration(
    commandName: "http", abstract: "Call an HTTP endpoint (curl for the runbooks): get or post.",
    subcommands: [HTTPGet.self, HTTPPost.self])
}

struct HTTPGet: AetherCommand, HasDisplayOptions {
  static let configuration = CommandConfiguration(
    commandName: "get",
    abstract: "GET a URL and print the body; exit 1 on HTTP 4xx/5xx, 3 when unreachable.",
    discussion: """
      Examples:
        http get http://localhost:9010/healthz
        http get http://localhost/leads --header Host:apexflow.aetherlink.local --bearer-file ~/.aether/token
      -o json prints {"status","headers","body"}.
      """)

  @Argument(help: "http:// or https:// URL.")
  var url: String

  @Flag(name: [.customShort("i"), .customLong("include")], help: "Print the status line and headers before the body.")
  var include = false

  @OptionGroup var http: HTTPOptions
  @OptionGroup var display: DisplayOptions

  func execute(_ ctx: CommandContext) throws -> Report {
    let response = try ctx.send(try http.request(url, ctx: ctx))
    return try HTTPGet.report(response, method: "GET", include: include)
  }

  /// The body as a person or a pipe wants it; 4xx/5xx fail with the report attached.
  static func report(_ response: HTTPResponse, method: String, include: Bool) throws -> Report {
    let body = response.text
    var shown = body
    if include {
      let head = (["HTTP \(response.status)"] + response.headers.map { "\($0.name): \($0.value)" }).joined(separator: "\n")
      shown = head + "\n\n" + body
    }
    let json = JSON.object([
      ("status", .int(Int64(response.status))), ("url", .string(response.effectiveURL)),
      ("headers", .object(response.headers.map { ($0.name, .string($0.value)) })),
      ("body", .string(body)), ("seconds", .double(response.totalTime)),
    ])
    var report = Report(json: json, sections: shown.isEmpty ? [] : [.note(shown.hasSuffix("\n") ? String(shown.dropLast()) : shown)], plain: body)
    report.csv = Table(headers: ["status", "url", "seconds"], rows: [[Cell("\(response.status)"), Cell(response.effectiveURL), Cell(formatNumber(response.totalTime, digits: 3))]])
    if response.status >= 400 {
      var failure = statusFailure(response, method: method)
      failure.report = include ? report : nil
      throw failure
    }
    return report
  }
}

struct HTTPPost: AetherCommand, HasDisplayOptions {
  static let configuration = CommandConfiguration(
    commandName: "post",
    abstract: "POST a JSON body or a form and print the answer.",
    discussion: """
      Examples:
        http post http://localhost:8180/realms/aetherlink/protocol/openid-connect/token \\
          --form grant_type=password --form client_id=aetherlink-gateway --form username=dev --form password-file=~/.aether/pw
        http post http://localhost/jobs --header Host:apexflow.aetherlink.local --bearer-file ~/.aether/token \\
          --json '{"Title":"drill"}'
      --form NAME=VALUE is sent URL-encoded; --form NAME-file=PATH reads VALUE from a file (for passwords).
      """)

  @Argument(help: "http:// or https:// URL.")
  var url: String

  @Option(parsing: .unconditional, help: "JSON body (sent with Content-Type: application/json); @FILE reads it from a file.")
  var json: String?

  @Option(parsing: .unconditionalSingleValue, help: "Form field NAME=VALUE (repeatable); NAME-file=PATH reads the value from a file.")
  var form: [String] = []

  @Flag(name: [.customShort("i"), .customLong("include")], help: "Print the status line and headers before the body.")
  var include = false

  @OptionGroup var http: HTTPOptions
  @OptionGroup var display: DisplayOptions

  func validate() throws {
    if json != nil && !form.isEmpty { throw ValidationError("give --json or --form, not both") }
    for f in form where !f.contains("=") { throw ValidationError("--form '\(f.prefix(40))' is not NAME=VALUE") }
  }

  func execute(_ ctx: CommandContext) throws -> Report {
    var request = try http.request(url, method: .post, ctx: ctx)
    if var body = json {
      if body.hasPrefix("@") {
        let data: Data
        do {
          data = try FileContents.read((String(body.dropFirst()) as NSString).expandingTildeInPath, limit: 64 << 20)
        } catch {
          throw CommandFailure.usage("--json: cannot read '\(body.dropFirst())': \(error.description)")
        }
        body = String(decoding: data, as: UTF8.self)
      }
      guard (try? JSONSerialization.jsonObject(with: Data(body.utf8), options: [.fragmentsAllowed])) != nil else {
        throw CommandFailure.usage("--json: the body is not valid JSON")
      }
      request.body = Array(body.utf8)
      request.contentType = "application/json"
    } else {
      var pairs: [(String, String)] = []
      for f in form {
        let eq = f.firstIndex(of: "=")!
        var name = String(f[..<eq])
        var value = String(f[f.index(after: eq)...])
        if name.hasSuffix("-file") {
          name = String(name.dropLast(5))
          value = try readSecretFile(value, what: "--form \(name)-file")
        }
        pairs.append((name, value))
      }
      request.body = HTTPRequest.formEncode(pairs)
      request.contentType = "application/x-www-form-urlencoded"
    }
    let response = try ctx.send(request)
    return try HTTPGet.report(response, method: "POST", include: include)
  }
}
