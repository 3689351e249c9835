import Capacity
import Config
import Formats
import Foundation
import Host
import Output
import Prometheus
import ScriptLanguage
import Vocabulary

/// A runbook: an .actl script whose leading comments say what it is for.
///
///     # runbook: CrmEventsConsumerLagHigh
///     # severity: warning
///     # summary: Lag of crm-events-sse over 500 for 5m …
///     # alert: kafka:group_lag_sum{consumergroup="crm-events-sse"} > 500 for 5m
///     # var group = setting group | the consumer group to triage
package struct Runbook: Equatable {
  enum Origin: Equatable {
    case builtIn
    case user(path: String)
  }

  package var name: String
  var severity: String
  var summary: String
  var alert: String
  /// In the order declared; the runner sets each before the first line.
  var variables: [RunbookVariable] = []
  var source: String
  var origin: Origin

  /// Reads the header: `# key: value` lines before the first line that is not a comment.
  init(name: String, source: String, origin: Origin) {
    self.name = name
    self.source = source
    self.origin = origin
    var fields: [String: String] = [:]
    // Line by line up to the header's end only: every command line's parse
    // builds `runbook run --help`, which reads all the built-in headers, so
    // splitting whole files here was most of `-c 'echo hi'`'s start-up.
    var rest = source[...]
    while !rest.isEmpty {
      let end = rest.utf8.firstIndex(of: UInt8(ascii: "\n")) ?? rest.endIndex
      let line = rest[..<end]
      rest = end == rest.endIndex ? rest[end...] : rest[rest.utf8.index(after: end)...]
      let t = line.trimmingBlanks()
      guard t.hasPrefix("#") else { break }
      let body = t.dropFirst().trimmingBlanks()
      if body.hasPrefix("var "), let v = RunbookVariable(declaration: body.dropFirst(4)) {
        if !variables.contains(where: { $0.name == v.name }) { variables.append(v) }
        continue
      }
      guard let colon = body.firstIndex(of: ":") else { continue }
      let key = body[..<colon].trimmingBlanks().lowercased()
      guard fields[key] == nil, !key.contains(" ") else { continue }
      fields[key] = body[body.index(after: colon)...].trimmingBlanks()
    }
    severity = fields["severity"] ?? "-"
    summary = fields["summary"] ?? ""
    alert = fields["alert"] ?? ""
  }
}

/// Built-in runbooks (compiled into the binary) and the operator's own from
/// `$XDG_CONFIG_HOME/aetherctl/runbooks/*.actl`; a user file with a built-in's
/// name replaces it.
package enum RunbookCatalog {
  static func userDirectory(_ ctx: CommandContext) -> String? {
    ctx.appDirectory(.config).map { $0 + "/runbooks" }
  }

  package static func all(_ ctx: CommandContext) -> [Runbook] {
    var byName: [String: Runbook] = [:]
    for (name, bytes) in BuiltinRunbooks.all {
      byName[name] = Runbook(name: name, source: String(decoding: bytes, as: UTF8.self), origin: .builtIn)
    }
    if let dir = userDirectory(ctx), let entries = try? FileManager.default.contentsOfDirectory(atPath: dir) {
      for file in entries where file.hasSuffix(".actl") {
        let path = dir + "/" + file
        let text: String
        do {
          text = try ScriptSource.read(path: path, displayName: path)
        } catch {
          ctx.warn("runbook: skipped: \(error)")
          continue
        }
        let name = String(file.dropLast(5))
        byName[name] = Runbook(name: name, source: text, origin: .user(path: path))
      }
    }
    return byName.values.sorted { $0.name < $1.name }
  }

  static func find(_ name: String, _ ctx: CommandContext) throws -> Runbook {
    let books = all(ctx)
    if let b = books.first(where: { $0.name == name }) { return b }
    // Case-insensitive, and the alert name without the "CrmEvents" prefix, as operators type it.
    if let b = books.first(where: { $0.name.lowercased() == name.lowercased() }) { return b }
    var message = "no runbook named '\(name)'"
    if let s = closestMatch(name, in: books.map(\.name)) ?? Self.containing(name, in: books.map(\.name)) {
      message += "; did you mean '\(s)'?"
    }
    throw CommandFailure.usage(message + " (runbook list)")
  }

  /// The one name holding every word of `typed` in order (`CrmEventsLagHigh`
  /// in `CrmEventsConsumerLagHigh`, `lag-high` too): alert names are long,
  /// and a word left out is more than a typo's distance.
  static func containing(_ typed: String, in names: [String]) -> String? {
    var words: [String] = []
    for c in typed {
      if c.isUppercase || words.isEmpty { words.append("") }
      if c.isLetter || c.isNumber { words[words.count - 1].append(Character(c.lowercased())) }
    }
    words = words.filter { !$0.isEmpty }
    guard !words.isEmpty else { return nil }
    let found = names.filter { name in
      var rest = Substring(name.lowercased())
      for w in words {
        guard let r = rest.range(of: w) else { return false }
        rest = rest[r.upperBound...]
      }
      return true
    }
    return found.count == 1 ? found[0] : nil
  }
}
