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

/// Names the bash/zsh/fish scripts ask aetherctl for on TAB. They must answer
/// in a blink and never fail loudly: topics and groups come from a small cache
/// file the interactive shell refreshes (and this callback, when the cache is
/// old, with one short metadata call); runbooks and fixes are local.
package enum DynamicNames {
  static let topicsCompletion = CompletionKind.custom { _, _, prefix in topics().filter { $0.hasPrefix(prefix) } }
  static let groupsCompletion = CompletionKind.custom { _, _, prefix in groups().filter { $0.hasPrefix(prefix) } }
  static let runbooksCompletion = CompletionKind.custom { _, _, prefix in
    runbooks().filter { $0.hasPrefix(prefix) }
  }
  static let fixesCompletion = CompletionKind.custom { _, _, prefix in
    (["list"] + fixes()).filter { $0.hasPrefix(prefix) }
  }

  // Alertmanager's names from the names file the shell keeps fresh (alerts
  // and silences change during a drill: a minute at most), else asked for
  // with the completion bound: a dead Alertmanager answers at once (refused)
  // or within half a second.
  static let alertMatchersCompletion = CompletionKind.custom { _, _, prefix in
    amNames().matchers.filter { $0.hasPrefix(prefix) }
  }
  static let silenceIDsCompletion = CompletionKind.custom { _, _, prefix in
    amNames().silenceIDs.filter { $0.hasPrefix(prefix) }
  }
  static let silenceTargetsCompletion = CompletionKind.custom { _, _, prefix in
    let n = amNames()
    return (n.silenceIDs + n.matchers).filter { $0.hasPrefix(prefix) }
  }

  static func amNames() -> AMNames {
    let cached = readCache()
    if let cached, cached.age < 60, !cached.alertmanager.matchers.isEmpty || !cached.alertmanager.silenceIDs.isEmpty {
      return cached.alertmanager
    }
    guard let ctx = try? quietContext(), let live = AMNames.fetch(ctx, timeout: Deadlines.completion.seconds) else {
      return cached?.alertmanager ?? AMNames()
    }
    writeCache { $0.alertmanager = live }
    return live
  }

  static let profilesCompletion = CompletionKind.custom { _, _, prefix in
    ((try? quietContext().config.profileOrder) ?? []).filter { $0.hasPrefix(prefix) }
  }

  static func quietContext() throws -> CommandContext { try Session.quiet(commands: CommandRegistry()).context() }

  static var cachePath: String? {
    AppDirectory.cache.path(environment: ProcessInfo.processInfo.environment).map { $0 + "/names" }
  }

  /// The names file: `topic NAME`, `group NAME`, `alert MATCHER` and
  /// `silence ID` lines, trivially parsed, trivially merged.
  package struct CachedNames: Sendable {
    package var topics: [String] = []
    package var groups: [String] = []
    package var alertmanager = AMNames()
    /// Seconds since the file was written.
    package var age: Double = .infinity
  }

  static func readCache() -> CachedNames? {
    guard let cachePath, let data = FileManager.default.contents(atPath: cachePath),
      let attributes = try? FileManager.default.attributesOfItem(atPath: cachePath),
      let modified = attributes[.modificationDate] as? Date
    else { return nil }
    var names = CachedNames()
    for line in String(decoding: data, as: UTF8.self).split(separator: "\n") {
      if line.hasPrefix("topic ") { names.topics.append(String(line.dropFirst(6))) }
      if line.hasPrefix("group ") { names.groups.append(String(line.dropFirst(6))) }
      if line.hasPrefix("alert ") { names.alertmanager.matchers.append(String(line.dropFirst(6))) }
      if line.hasPrefix("silence ") { names.alertmanager.silenceIDs.append(String(line.dropFirst(8))) }
    }
    names.age = Date().timeIntervalSince(modified)
    return names
  }

  /// The shell's refreshers each update their part (Kafka's names,
  /// Alertmanager's) of one file.
  private static let writing = NSLock()

  /// Written atomically (rename), 0600 in a 0700 directory: group names can be telling.
  package static func writeCache(_ update: (inout CachedNames) -> Void) {
    guard let cachePath else { return }
    writing.lock()
    defer { writing.unlock() }
    var names = readCache() ?? CachedNames()
    update(&names)
    let dir = (cachePath as NSString).deletingLastPathComponent
    try? FileManager.default.createDirectory(
      atPath: dir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
    let text = names.topics.map { "topic \($0)\n" }.joined() + names.groups.map { "group \($0)\n" }.joined()
      + names.alertmanager.matchers.map { "alert \($0)\n" }.joined()
      + names.alertmanager.silenceIDs.map { "silence \($0)\n" }.joined()
    let tmp = cachePath + ".\(getpid())"
    guard FileManager.default.createFile(atPath: tmp, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600])
    else { return }
    if rename(tmp, cachePath) != 0 { unlink(tmp) }
  }

  static func topics() -> [String] { names().topics }
  static func groups() -> [String] { names().groups }

  static func names() -> (topics: [String], groups: [String]) {
    if let cached = readCache(), cached.age < 300 { return (cached.topics, cached.groups) }
    if let live = liveNames() {
      writeCache {
        $0.topics = live.topics
        $0.groups = live.groups
      }
      return live
    }
    return readCache().map { ($0.topics, $0.groups) } ?? ([], [])
  }

  /// One metadata call with a short bound, on the default profile's brokers.
  static func liveNames() -> (topics: [String], groups: [String])? {
    guard let ctx = try? quietContext() else { return nil }
    guard let properties = try? ctx.kafkaProperties,
      let client = try? KafkaClient(properties: properties, deadlines: .completion)
    else { return nil }
    return clusterNames(client, fallbackGroup: ctx.settings.group.value)
  }

  /// Topics (internal ones left out) and groups, sorted; nil when the cluster
  /// does not answer. A broker without ListGroups (the sandbox) gives the profile's group.
  package static func clusterNames(_ client: KafkaClient, fallbackGroup: String) -> (topics: [String], groups: [String])? {
    guard let topics = try? client.metadata().topics.filter({ !$0.isInternal }).map(\.name) else { return nil }
    let groups = (try? client.listGroups().map(\.id)) ?? [fallbackGroup]
    return (topics.sorted(), groups.sorted())
  }

  static func runbooks() -> [String] {
    guard let ctx = try? quietContext() else { return BuiltinRunbooks.all.map(\.name) }
    return RunbookCatalog.all(ctx).map(\.name)
  }

  static func fixes() -> [String] {
    guard let ctx = try? quietContext() else { return FixCatalog.builtIn.map(\.name) }
    return FixCatalog.all(ctx).map(\.name)
  }
}
