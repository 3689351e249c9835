import ArgumentParser
import Clients
import Config
import Foundation
import Host

/// The names the bash/zsh/fish scripts' callbacks complete. They must answer
/// in a blink and never fail loudly: topics, groups, metric names and
/// Alertmanager's names come from a small file the interactive shell keeps
/// fresh (`NamesFile`), or, when it is old, from one call with the
/// completion bound; runbooks, fixes and profiles are local.
package final class CachedNames: NameSource, Sendable {
  package static let file = CachedNames()

  package func names(_ kind: NameKind, words: [String]) -> [String] {
    switch kind {
    case .topics: return kafkaNames().topics
    case .groups: return kafkaNames().groups
    case .metrics: return NamesFile.read()?.metrics ?? []
    case .alertMatchers: return amNames().matchers
    case .silenceIDs: return amNames().silenceIDs
    case .silenceTargets:
      let n = amNames()
      return n.silenceIDs + n.matchers
    case .profiles: return (try? Self.quietContext().config.profileOrder) ?? []
    case .runbooks:
      guard let ctx = try? Self.quietContext() else { return BuiltinRunbooks.all.map(\.name) }
      return RunbookCatalog.all(ctx).map(\.name)
    case .fixes:
      guard let ctx = try? Self.quietContext() else { return ["list"] + FixCatalog.builtIn.map(\.name) }
      return ["list"] + FixCatalog.all(ctx).map(\.name)
    case .fixArguments:
      guard let name = NameKind.fixName(in: words), let ctx = try? Self.quietContext() else { return [] }
      return FixCatalog.arguments(of: name, ctx)
    }
  }

  static func quietContext() throws -> CommandContext { try Session.quiet(commands: CommandRegistry()).context() }

  /// Topics and groups: the file's while it is under 5 minutes old, else
  /// one metadata call with the completion bound on the default profile's
  /// brokers (written back for the next TAB), else the file's however old.
  private func kafkaNames() -> (topics: [String], groups: [String]) {
    if let cached = NamesFile.read(), cached.age < 300 { return (cached.topics, cached.groups) }
    if let ctx = try? Self.quietContext(), let live = try? ctx.backgroundClients().kafka(deadlines: .completion),
      let found = Self.clusterNames(live, fallbackGroup: ctx.settings.group.value)
    {
      NamesFile.write {
        $0.topics = found.topics
        $0.groups = found.groups
      }
      return found
    }
    return NamesFile.read().map { ($0.topics, $0.groups) } ?? ([], [])
  }

  /// Alertmanager's names: alerts and silences change during a drill, so
  /// the file's for a minute at most, else asked for with the completion
  /// bound (a dead Alertmanager answers at once, refused, or within half a
  /// second).
  private func amNames() -> AMNames {
    let cached = NamesFile.read()
    if let cached, cached.age < 60, !cached.alertmanager.matchers.isEmpty || !cached.alertmanager.silenceIDs.isEmpty {
      return cached.alertmanager
    }
    guard let ctx = try? Self.quietContext(), let live = AMNames.fetch(ctx, timeout: Deadlines.completion.seconds) else {
      return cached?.alertmanager ?? AMNames()
    }
    NamesFile.write { $0.alertmanager = live }
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

/// The names file, `$XDG_CACHE_HOME/aetherctl/names`: `topic NAME`,
/// `group NAME`, `metric NAME`, `alert MATCHER` and `silence ID` lines,
/// trivially parsed, trivially merged. The shell's refreshers each write
/// their part; the scripts' callbacks read it.
package enum NamesFile {
  package struct Contents: Sendable {
    package var topics: [String] = []
    package var groups: [String] = []
    package var metrics: [String] = []
    package var alertmanager = AMNames()
    /// Seconds since the file was written.
    package var age: Double = .infinity
  }

  static func path(_ environment: [String: String]) -> String? {
    AppDirectory.cache.path(environment: environment).map { $0 + "/names" }
  }

  package static func read(environment: [String: String] = ProcessInfo.processInfo.environment) -> Contents? {
    guard let path = path(environment), let data = FileManager.default.contents(atPath: path),
      let attributes = try? FileManager.default.attributesOfItem(atPath: path),
      let modified = attributes[.modificationDate] as? Date
    else { return nil }
    var names = Contents()
    for line in String(decoding: data, as: UTF8.self).split(separator: "\n") {
      if line.hasPrefix("topic ") { names.topics.append(String(line.dropFirst(6))) }
      if line.hasPrefix("group ") { names.groups.append(String(line.dropFirst(6))) }
      if line.hasPrefix("metric ") { names.metrics.append(String(line.dropFirst(7))) }
      if line.hasPrefix("alert ") { names.alertmanager.matchers.append(String(line.dropFirst(6))) }
      if line.hasPrefix("silence ") { names.alertmanager.silenceIDs.append(String(line.dropFirst(8))) }
    }
    names.age = Date().timeIntervalSince(modified)
    return names
  }

  /// The shell's refreshers each update their part of one file.
  private static let writing = NSLock()

  /// Written atomically (rename), 0600 in a 0700 directory: group names can be telling.
  package static func write(
    environment: [String: String] = ProcessInfo.processInfo.environment, _ update: (inout Contents) -> Void
  ) {
    guard let path = path(environment) else { return }
    writing.lock()
    defer { writing.unlock() }
    var names = read(environment: environment) ?? Contents()
    update(&names)
    let dir = (path as NSString).deletingLastPathComponent
    try? FileManager.default.createDirectory(
      atPath: dir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
    let text = names.topics.map { "topic \($0)\n" }.joined() + names.groups.map { "group \($0)\n" }.joined()
      + names.metrics.map { "metric \($0)\n" }.joined()
      + names.alertmanager.matchers.map { "alert \($0)\n" }.joined()
      + names.alertmanager.silenceIDs.map { "silence \($0)\n" }.joined()
    let tmp = path + ".\(getpid())"
    guard FileManager.default.createFile(atPath: tmp, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600])
    else { return }
    if rename(tmp, path) != 0 { unlink(tmp) }
  }
}
