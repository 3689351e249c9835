import Formats
import ArgumentParser
import Config
import Foundation
import Host
import Output
import Prometheus
import ScriptLanguage
import Vocabulary

struct AMSilenceCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "silence", abstract: "Silences: add, list, expire, extend.",
    subcommands: [AMSilenceAdd.self, AMSilenceList.self, AMSilenceExpire.self, AMSilenceExtend.self])
}

/// A silence's rows as `am silence list` and the confirmations show them.
func silenceTable(_ silences: [AMSilence]) -> Table {
  Table(
    headers: ["ID", "MATCHERS", "STATE", "ENDS", "CREATED BY", "COMMENT"],
    rows: silences.map { s in
      [
        Cell(s.id), Cell(s.matchers.map(\.description).joined(separator: " ")),
        Cell(s.state, level: s.state == "active" ? .warn : nil), Cell(relative(s.endsAt)), Cell(s.createdBy),
        Cell(firstLine(of: s.comment, limit: 60)),
      ]
    })
}

/// Expire and extend change what pages people: shown first, then asked (or
/// `--yes`), a protected profile's name typed back, as remedies are.
func confirmSilenceChange(_ ctx: CommandContext, _ plan: String, yes: Bool, what: String) throws {
  ctx.out.write(plan)
  switch Confirmation.decide(ctx, assumeYes: yes || (ctx.runbookState?.assumeYes ?? false), what: what) {
  case .approved: return
  case .declined: throw CommandFailure.failed("not confirmed; nothing changed")
  case .interrupted: throw CommandFailure.interrupted("interrupted; nothing changed")
  case .needsYes: throw CommandFailure.failed("to \(what) without a terminal to ask, add --yes")
  }
}

struct AMSilenceAdd: AetherCommand, HasDisplayOptions {
  static let configuration = CommandConfiguration(
    commandName: "add", abstract: "Silence the alerts the matchers select, for a duration or until a time.",
    discussion: """
      Prints the new silence's id and the alerts it mutes now. A silence needs at least one \
      matcher, and one that would mute every alert there can be (only matchers such as \
      alertname=~".*") is refused. The author is --author, else the profile's `author`, else $USER.
      """)

  @OptionGroup var filter: MatcherArguments

  @Option(help: "How long (e.g. 30m, 2h).", transform: ArgumentParsing.duration)
  var duration: Double?

  @Option(help: "Until when: RFC 3339, epoch milliseconds, or +DURATION from now (+2h).")
  var until: String?

  @Option(help: "Why (required: it is what the on-call reads).")
  var comment: String

  @Option(help: "Who silences (default: the profile's author, else $USER).")
  var author: String?

  @Flag(name: .customLong("dry-run"), help: "Show the silence and what it would mute; create nothing.")
  var dryRun = false

  @Flag(help: "Do not ask on a protected profile.")
  var yes = false

  @OptionGroup var display: DisplayOptions

  func validate() throws {
    if filter.matchers.isEmpty { throw ValidationError("a silence needs at least one matcher (e.g. alertname=X)") }
    if (duration == nil) == (until == nil) { throw ValidationError("give --duration or --until") }
    if let d = duration, d <= 0 { throw ValidationError("--duration must be more than 0") }
    if comment.trimmingBlanks().isEmpty { throw ValidationError("--comment must say why") }
    if Matcher.mutesEverything(filter.matchers) {
      throw ValidationError("these matchers would mute every alert; name what to silence (alertname=…)")
    }
    if Matcher.allMatchEmpty(filter.matchers) {
      throw ValidationError(
        "every matcher matches an empty label, and Alertmanager refuses such a silence: give one that needs a value (alertname=X)")
    }
  }

  func execute(_ ctx: CommandContext) throws -> Report {
    let matchers = filter.matchers
    let now = Date().timeIntervalSince1970
    let end: Double
    if let duration {
      end = now + duration
    } else {
      let text = until ?? ""
      if text.hasPrefix("+"), let d = try? Durations.parse(String(text.dropFirst())) {
        end = now + d
      } else {
        do { end = try PromTime.parse(text) } catch { throw CommandFailure.usage("--until: \(error)") }
      }
    }
    let who = author ?? ctx.settings.author?.value ?? ctx.userName ?? "aetherctl"
    let api = AMAPI(ctx: ctx)
    let (muted, rawMuted) = try api.alerts(filter: matchers, receiver: nil)
    var id = ""
    if !dryRun {
      let what = "silence \(matchers.map(\.description).joined(separator: " ")) until \(rfc3339(end))"
      try Confirmation.mutation(what, yes: yes || (ctx.runbookState?.assumeYes ?? false), ctx: ctx)
      id = try api.post(matchers: matchers, startsAt: now, endsAt: end, createdBy: who, comment: comment)
    }
    var fields: [(String, Cell)] = [
      ("silence", Cell(dryRun ? "(dry run: not created)" : id)),
      ("matchers", Cell(matchers.map(\.description).joined(separator: " "))),
      ("until", Cell("\(rfc3339(end)) (\(relative(end)))")), ("created by", Cell(who)),
      ("mutes now", Cell(muted.isEmpty ? "no alert yet" : muted.map(\.name).joined(separator: ", "))),
    ]
    if dryRun { fields.append(("", Cell("nothing changed; run without --dry-run to create it"))) }
    let json = JSON.object([
      ("silenceID", dryRun ? .null : .string(id)), ("matchers", .array(matchers.map(\.json))),
      ("startsAt", .string(rfc3339(now))), ("endsAt", .string(rfc3339(end))), ("createdBy", .string(who)),
      ("comment", .string(comment)), ("mutes", .array(rawMuted)),
    ])
    return Report(json: json, sections: [.fields(fields)], plain: dryRun ? "" : id)
  }
}

struct AMSilenceList: AetherCommand, HasDisplayOptions {
  static let configuration = CommandConfiguration(
    commandName: "list", abstract: "Silences in effect (active and pending), or with --expired the expired ones.")

  @Flag(help: "Expired silences instead.")
  var expired = false

  @OptionGroup var filter: MatcherArguments

  @OptionGroup var display: DisplayOptions

  func execute(_ ctx: CommandContext) throws -> Report {
    let (all, raw) = try AMAPI(ctx: ctx).silences(filter: filter.matchers)
    let picked = all.indices.filter { (all[$0].state == "expired") == expired }
      .sorted { (all[$0].endsAt ?? 0, all[$0].id) < (all[$1].endsAt ?? 0, all[$1].id) }
    let silences = picked.map { all[$0] }
    let table = silenceTable(silences)
    let none = expired ? "no expired silences" : "no silences in effect"
    return Report(
      json: .array(picked.map { raw[$0] }),
      sections: silences.isEmpty ? [.note(none)] : [.table(table)],
      plain: silences.map(\.id).joined(separator: "\n"), csv: table)
  }
}

struct AMSilenceExpire: AetherCommand, TrailingWords, HasDisplayOptions {
  static let configuration = CommandConfiguration(
    commandName: "expire",
    abstract: "End silences now: by id, or every silence in effect that the matchers select.")

  @Argument(help: "Silence ids, or matchers (name=value, or an alert name).", completion: .names(.silenceTargets))
  var targets: [String] = []
  static let trailingParsing = TrailingParsing.remaining
  mutating func append(trailing more: [String]) { targets += more }

  @Flag(help: "Expire without asking.")
  var yes = false

  @OptionGroup var display: DisplayOptions

  static func isID(_ w: String) -> Bool { UUID(uuidString: w) != nil }

  func validateWords() throws {
    if targets.isEmpty { throw ValidationError("give silence ids or matchers") }
    for (i, w) in targets.enumerated() where !Self.isID(w) {
      do { _ = try Matcher.parse(w) } catch { throw ValidationError("matcher \(i + 1) '\(w)': \(error)") }
    }
  }

  func execute(_ ctx: CommandContext) throws -> Report {
    let api = AMAPI(ctx: ctx)
    let ids = targets.filter(Self.isID)
    let matchers = targets.filter { !Self.isID($0) }.compactMap { try? Matcher.parse($0) }
    var chosen: [AMSilence] = []
    for id in ids { chosen.append(try api.silence(id: id).silence) }
    if !matchers.isEmpty {
      chosen += try api.silences(filter: matchers).silences.filter { $0.state != "expired" && !ids.contains($0.id) }
    }
    let live = chosen.filter { $0.state != "expired" }
    guard !live.isEmpty else {
      throw CommandFailure.failed(chosen.isEmpty ? "no silence in effect matches" : "already expired: \(chosen.map(\.id).joined(separator: ", "))")
    }
    let plan = "These silences end now; their alerts notify again:\n"
      + Renderer(format: .table, color: false, prettyJSON: false).render(Report(json: .null, sections: [.table(silenceTable(live))], plain: ""))
    try confirmSilenceChange(ctx, plan, yes: yes, what: "expire \(live.count) silence(s)")
    for s in live { try api.expire(id: s.id) }
    return Report(
      json: .object([("expired", .array(live.map { .string($0.id) }))]),
      sections: [.note("expired \(live.count) silence(s)")], plain: live.map(\.id).joined(separator: "\n"))
  }
}

struct AMSilenceExtend: AetherCommand, HasDisplayOptions {
  static let configuration = CommandConfiguration(
    commandName: "extend", abstract: "Move a silence's end later by a duration.")

  @Argument(help: "Silence id.", completion: .names(.silenceIDs))
  var id: String

  @Option(help: "How much later it ends (e.g. 30m).", transform: ArgumentParsing.duration)
  var duration: Double

  @Flag(help: "Extend without asking.")
  var yes = false

  @OptionGroup var display: DisplayOptions

  func validate() throws {
    if UUID(uuidString: id) == nil { throw ValidationError("'\(id)' is not a silence id (see 'am silence list')") }
    if duration <= 0 { throw ValidationError("--duration must be more than 0") }
  }

  func execute(_ ctx: CommandContext) throws -> Report {
    let api = AMAPI(ctx: ctx)
    let s = try api.silence(id: id).silence
    guard s.state != "expired" else { throw CommandFailure.failed("silence \(id) has expired; add a new one") }
    let now = Date().timeIntervalSince1970
    let end = max(s.endsAt ?? now, now) + duration
    let plan = "silence \(id) (\(s.matchers.map(\.description).joined(separator: " "))): ends \(rfc3339(s.endsAt ?? now)) → \(rfc3339(end))\n"
    try confirmSilenceChange(ctx, plan, yes: yes, what: "extend silence \(id.prefix(8))")
    let newID = try api.post(
      id: id, matchers: s.matchers, startsAt: s.startsAt ?? now, endsAt: end, createdBy: s.createdBy, comment: s.comment)
    return Report(
      json: .object([("silenceID", .string(newID)), ("endsAt", .string(rfc3339(end)))]),
      sections: [.fields([("silence", Cell(newID)), ("until", Cell("\(rfc3339(end)) (\(relative(end)))"))])],
      plain: newID)
  }
}
