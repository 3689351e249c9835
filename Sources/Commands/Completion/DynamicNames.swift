import ArgumentParser
import Capacity
import Clients
import Config
import Formats
import Foundation
import Host
import Output
import Prometheus
import ShellLanguage

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

  // Alertmanager's names, asked for live with the completion bound: a dead
  // Alertmanager answers at once (refused) or within half a second.
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
    guard let ctx = try? quietContext() else { return AMNames() }
    return AMNames.fetch(ctx, timeout: Deadlines.completion.seconds) ?? AMNames()
  }

  static let profilesCompletion = CompletionKind.custom { _, _, prefix in
    ((try? quietContext().config.profileOrder) ?? []).filter { $0.hasPrefix(prefix) }
  }

  static func quietContext() throws -> CommandContext { try Session.quiet(commands: CommandRegistry()).context() }

  static var cachePath: String? {
    AppDirectory.cache.path(environment: ProcessInfo.processInfo.environment).map { $0 + "/names" }
  }

  /// `topic NAME` and `group NAME` lines: trivially parsed, trivially merged.
  static func readCache() -> (topics: [String], groups: [String], age: Double)? {
    guard let cachePath, let data = FileManager.default.contents(atPath: cachePath),
      let attributes = try? FileManager.default.attributesOfItem(atPath: cachePath),
      let modified = attributes[.modificationDate] as? Date
    else { return nil }
    var topics: [String] = []
    var groups: [String] = []
    for line in String(decoding: data, as: UTF8.self).split(separator: "\n") {
      if line.hasPrefix("topic ") { topics.append(String(line.dropFirst(6))) }
      if line.hasPrefix("group ") { groups.append(String(line.dropFirst(6))) }
    }
    return (topics, groups, Date().timeIntervalSince(modified))
  }

  /// Written atomically (rename), 0600 in a 0700 directory: group names can be telling.
  package static func writeCache(topics: [String], groups: [String]) {
    guard let cachePath else { return }
    let dir = (cachePath as NSString).deletingLastPathComponent
    try? FileManager.default.createDirectory(
      atPath: dir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
    let text = topics.map { "topic \($0)\n" }.joined() + groups.map { "group \($0)\n" }.joined()
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
      writeCache(topics: live.topics, groups: live.groups)
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
