import ArgumentParser
import Clients
import Config
import Foundation
import Host

/// The names the bash/zsh/fish scripts' callbacks complete. They must answer
/// in a blink and never fail loudly: topics, groups, metric names and
/// Alertmanager's names come from a small file the interactive shell keeps
/// fresh (`NamesFile`); topics, groups and Alertmanager's names, when it is
/// old, from one call with the completion bound (metric names only from the
/// file: the list can be megabytes); runbooks, fixes and profiles are local.
package final class CachedNames: NameSource, Sendable {
  package static let file = CachedNames()

  package func names(_ kind: NameKind, words: [String]) -> [String] {
    // One session for the whole answer (its settings name the places the
    // names come from); without one, what needs none is still offered.
    guard let ctx = try? Self.quietContext() else {
      switch kind {
      case .runbooks: return BuiltinRunbooks.all.map(\.name)
      case .fixes: return ["list"] + FixCatalog.builtIn.map(\.name)
      default: return []
      }
    }
    return names(kind, words: words, ctx)
  }

  private func names(_ kind: NameKind, words: [String], _ ctx: CommandContext) -> [String] {
    switch kind {
    case .topics: return kafkaNames(ctx).topics
    case .groups:
      // The profile's group too, as the interactive shell offers it.
      let groups = kafkaNames(ctx).groups
      let own = ctx.settings.group.value
      return groups.contains(own) ? groups : groups + [own]
    case .metrics: return NamesFile.read(NamesFile.Places(ctx.settings), environment: ctx.environment).metrics
    case .alertMatchers: return amNames(ctx).matchers
    case .silenceIDs: return amNames(ctx).silenceIDs
    case .silenceTargets:
      let n = amNames(ctx)
      return n.silenceIDs + n.matchers
    case .profiles: return ctx.config.profileOrder
    case .runbooks: return RunbookCatalog.all(ctx).map(\.name)
    case .fixes: return ["list"] + FixCatalog.all(ctx).map(\.name)
    case .fixArguments: return FixCatalog.argumentCandidates(words: words, ctx) { self.names($0, words: words, ctx) }
    }
  }

  package func descriptions(_ kind: NameKind, words: [String]) -> [String: String] {
    switch kind {
    case .fixes, .fixArguments, .runbooks:
      guard let ctx = try? Self.quietContext() else { return [:] }
      return Self.descriptions(kind, words: words, ctx)
    default: return [:]
    }
  }

  /// Local descriptions only: nothing here may wait on a server.
  package static func descriptions(_ kind: NameKind, words: [String], _ ctx: CommandContext) -> [String: String] {
    switch kind {
    case .fixes:
      var about = Dictionary(FixCatalog.all(ctx).filter { !$0.summary.isEmpty }.map { ($0.name, $0.summary) }, uniquingKeysWith: { a, _ in a })
      about["list"] = "the quick fixes and what each runs"
      return about
    case .runbooks:
      return Dictionary(RunbookCatalog.all(ctx).filter { !$0.summary.isEmpty }.map { ($0.name, $0.summary) }, uniquingKeysWith: { a, _ in a })
    case .fixArguments:
      guard let name = NameKind.fixName(in: words) else { return [:] }
      return FixArgumentNames.descriptions(fix: name)
    default: return [:]
    }
  }

  static func quietContext() throws -> CommandContext { try Session.quiet(commands: CommandRegistry()).context() }

  /// Topics and groups: the file's while it is under 5 minutes old, else
  /// one metadata call with the completion bound on the default profile's
  /// brokers (written back for the next TAB), else the file's however old.
  private func kafkaNames(_ ctx: CommandContext) -> (topics: [String], groups: [String]) {
    let places = NamesFile.Places(ctx.settings)
    let cached = NamesFile.read(places, environment: ctx.environment)
    if cached.kafkaAge < 300 { return (cached.topics, cached.groups) }
    if let live = try? ctx.backgroundClients().kafka(deadlines: .completion),
      let found = Self.clusterNames(live, fallbackGroup: ctx.settings.group.value)
    {
      NamesFile.writeKafka(places, topics: found.topics, groups: found.groups, environment: ctx.environment)
      return found
    }
    return (cached.topics, cached.groups)
  }

  /// Alertmanager's names: alerts and silences change during a drill, so
  /// the file's for a minute at most, else asked for with the completion
  /// bound (a dead Alertmanager answers at once, refused, or within half a
  /// second).
  private func amNames(_ ctx: CommandContext) -> AMNames {
    let places = NamesFile.Places(ctx.settings)
    let cached = NamesFile.read(places, environment: ctx.environment)
    if cached.alertmanagerAge < 60 { return cached.alertmanager }
    guard let live = AMNames.fetch(ctx, timeout: Deadlines.completion.seconds) else { return cached.alertmanager }
    NamesFile.writeAlertmanager(places, live, environment: ctx.environment)
    return live
  }

  /// Topics (internal ones left out) and groups, sorted; nil when the cluster
  /// does not answer. A broker without ListGroups (the sandbox) gives the profile's group.
  package static func clusterNames(_ client: KafkaClient, fallbackGroup: String) -> (topics: [String], groups: [String])? {
    guard let topics = try? client.metadata().topics.filter({ !$0.isInternal }).map(\.name) else { return nil }
    let groups = (try? client.listGroups().map(\.id)) ?? [fallbackGroup]
    return (topics.sorted(), groups.sorted())
  }
}

/// The names file, `$XDG_CACHE_HOME/aetherctl/names`: names kept per
/// place they came from (a cluster's bootstrap servers, a Prometheus or an
/// Alertmanager URL, credentials left out), each with when it was read, so
/// TAB offers what exists where the command will run, never a sandbox's that
/// has long ended. A place not read for a day is dropped at the next write.
/// Lines are `KIND<TAB>PLACE<TAB>NAME`, and `at<TAB>PLACE<TAB>EPOCH`.
package enum NamesFile {
  /// Where the names of a session come from.
  package struct Places: Sendable, Equatable {
    package var kafka: String
    package var prometheus: String
    package var alertmanager: String

    package init(kafka: String, prometheus: String, alertmanager: String) {
      self.kafka = "kafka " + kafka
      self.prometheus = "prometheus " + redactingCredentials(in: prometheus)
      self.alertmanager = "alertmanager " + redactingCredentials(in: alertmanager)
    }

    package init(_ settings: Settings) {
      self.init(kafka: settings.brokers.value, prometheus: settings.prometheus.value, alertmanager: settings.alertmanager.value)
    }
  }

  package struct Contents: Sendable {
    package var topics: [String] = []
    package var groups: [String] = []
    package var metrics: [String] = []
    package var alertmanager = AMNames()
    /// Seconds since each place's names were read; infinity when never.
    package var kafkaAge: Double = .infinity
    package var prometheusAge: Double = .infinity
    package var alertmanagerAge: Double = .infinity
  }

  /// Names older than this are not kept.
  static let maximumAge = 86_400.0

  static func path(_ environment: [String: String]) -> String? {
    AppDirectory.cache.path(environment: environment).map { $0 + "/names" }
  }

  /// The file's lines as fields, split on the bytes (Swift reads "\r\n" as
  /// one character: a name ending in "\r" would swallow the next line).
  private static func lines(_ environment: [String: String]) -> [[Substring]] {
    guard let path = path(environment), let data = FileManager.default.contents(atPath: path) else { return [] }
    return data.split(separator: UInt8(ascii: "\n")).map { line in
      String(decoding: line, as: UTF8.self).split(separator: "\t", maxSplits: 2, omittingEmptySubsequences: false)
    }.filter { $0.count == 3 }
  }

  /// A name a line can hold: no line breaks, no tabs.
  static func storable(_ name: String) -> Bool {
    !name.unicodeScalars.contains { $0 == "\n" || $0 == "\r" || $0 == "\t" }
  }

  /// The names read at `places`.
  package static func read(
    _ places: Places, environment: [String: String] = ProcessInfo.processInfo.environment
  ) -> Contents {
    var names = Contents()
    let now = Date().timeIntervalSince1970
    for l in lines(environment) {
      let (kind, place, value) = (l[0], String(l[1]), String(l[2]))
      if kind == "at", let t = Double(value) {
        // Written in the future (the clock stepped back): of unknown age, not fresh.
        let age = t > now + 60 ? .infinity : max(0, now - t)
        if place == places.kafka { names.kafkaAge = age }
        if place == places.prometheus { names.prometheusAge = age }
        if place == places.alertmanager { names.alertmanagerAge = age }
        continue
      }
      switch (kind, place) {
      case ("topic", places.kafka): names.topics.append(value)
      case ("group", places.kafka): names.groups.append(value)
      case ("metric", places.prometheus): names.metrics.append(value)
      case ("alert", places.alertmanager): names.alertmanager.matchers.append(value)
      case ("silence", places.alertmanager): names.alertmanager.silenceIDs.append(value)
      default: break
      }
    }
    // Too old to offer: what existed a day ago may not exist now.
    if names.kafkaAge > maximumAge { (names.topics, names.groups) = ([], []) }
    if names.prometheusAge > maximumAge { names.metrics = [] }
    if names.alertmanagerAge > maximumAge { names.alertmanager = AMNames() }
    return names
  }

  /// Writers update their part of one file: refreshers run on several threads.
  private static let writing = NSLock()

  /// Replaces the names read at `place` (`Places.kafka`, …) with `entries`
  /// (`topic`, `group`, `metric`, `alert`, `silence` and the name), marks
  /// them read now, and drops every place not read for a day. Written
  /// atomically (rename), 0600 in a 0700 directory: group names can be telling.
  package static func write(
    _ place: String, _ entries: [(kind: String, name: String)],
    environment: [String: String] = ProcessInfo.processInfo.environment
  ) {
    guard let path = path(environment) else { return }
    writing.lock()
    defer { writing.unlock() }
    let now = Date().timeIntervalSince1970
    let old = lines(environment)
    var fresh: Set<Substring> = []
    for l in old where l[0] == "at" && String(l[1]) != place {
      if let t = Double(l[2]), t <= now + 60, now - t <= maximumAge { fresh.insert(l[1]) }
    }
    var text = ""
    for l in old where fresh.contains(l[1]) && storable(String(l[2])) { text += l.joined(separator: "\t") + "\n" }
    text += "at\t\(place)\t\(Int64(exactly: now.rounded(.down)) ?? 0)\n"
    for e in entries where storable(e.name) { text += "\(e.kind)\t\(place)\t\(e.name)\n" }
    let dir = (path as NSString).deletingLastPathComponent
    try? FileManager.default.createDirectory(
      atPath: dir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
    let tmp = path + ".\(getpid())"
    guard FileManager.default.createFile(atPath: tmp, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600])
    else { return }
    if rename(tmp, path) != 0 { unlink(tmp) }
  }

  package static func writeKafka(_ places: Places, topics: [String], groups: [String], environment: [String: String] = ProcessInfo.processInfo.environment) {
    write(places.kafka, topics.map { ("topic", $0) } + groups.map { ("group", $0) }, environment: environment)
  }

  package static func writeMetrics(_ places: Places, _ metrics: [String], environment: [String: String] = ProcessInfo.processInfo.environment) {
    write(places.prometheus, metrics.map { ("metric", $0) }, environment: environment)
  }

  package static func writeAlertmanager(_ places: Places, _ names: AMNames, environment: [String: String] = ProcessInfo.processInfo.environment) {
    write(places.alertmanager, names.matchers.map { ("alert", $0) } + names.silenceIDs.map { ("silence", $0) }, environment: environment)
  }
}
