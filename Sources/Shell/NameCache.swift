import Capacity
import Clients
import Commands
import Config
import Formats
import Foundation
import Host
import Output
import Prometheus
import ShellLanguage

/// Topic and group names for completion, refreshed in the background with a
/// client of its own: TAB reads whatever is cached and never waits, and a
/// cluster that is down only means no names.
final class NameCache: NameSource {
  private let lock = NSLock()
  private var cachedTopics: [String] = []
  private var cachedGroups: [String] = []
  private var cachedMetrics: [String] = []
  private weak var session: Session?
  private var started = false

  init(session: Session) { self.session = session }

  func topics() -> [String] {
    startIfNeeded()
    lock.lock()
    defer { lock.unlock() }
    return cachedTopics
  }

  func groups() -> [String] {
    startIfNeeded()
    lock.lock()
    defer { lock.unlock() }
    var g = cachedGroups
    if let s = session, !g.contains(s.settings.group.value) { g.append(s.settings.group.value) }
    return g
  }

  func metrics() -> [String] {
    startIfNeeded()
    lock.lock()
    defer { lock.unlock() }
    return cachedMetrics
  }

  /// Local and cheap (the config and the binary): read on every TAB, no cache needed.
  func runbooks() -> [String] {
    guard let s = session else { return [] }
    return RunbookCatalog.all(s.context()).map(\.name)
  }

  func fixes() -> [String] {
    guard let s = session else { return [] }
    return FixCatalog.all(s.context()).map(\.name)
  }

  func fixArguments(_ fix: String) -> [String] {
    guard let s = session, let f = FixCatalog.all(s.context()).first(where: { $0.name == fix }) else { return [] }
    return f.template.placeholders.map { $0 + "=" }
  }

  func profiles() -> [String] { session?.config.profileOrder ?? [] }

  func variables() -> [String] { session.map { Array($0.interpreter.variables.keys) } ?? [] }

  /// First use starts a refresher thread (every 30 s) on a private client.
  func startIfNeeded() {
    lock.lock()
    defer { lock.unlock() }
    guard !started, let s = session, let properties = try? s.kafkaProperties else { return }
    started = true
    let profileGroup = s.settings.group.value
    let deadlines = s.deadlines.background
    let thread = Thread { [weak self] in
      guard let client = try? KafkaClient(properties: properties, deadlines: deadlines) else { return }
      while let me = self {
        if let names = DynamicNames.clusterNames(client, fallbackGroup: profileGroup) {
          me.lock.lock()
          me.cachedTopics = names.topics
          me.cachedGroups = names.groups
          me.lock.unlock()
          // Shared with bash/zsh/fish completion, which must not wait on a cluster.
          DynamicNames.writeCache(topics: names.topics, groups: names.groups)
          Thread.sleep(forTimeInterval: 30)
        } else {
          // Not up yet (a shell started before its cluster): look again soon.
          Thread.sleep(forTimeInterval: 3)
        }
      }
    }
    thread.name = "aetherctl-names"
    thread.start()
    // Prometheus on a thread and client of its own: a dead Kafka must not starve it.
    guard
      let metricsRequest = try? PromAPI.request(
        "/api/v1/label/__name__/values", ctx: s.context(), timeout: 3, maxResponseBytes: 16 << 20)
    else { return }
    let prom = Thread { [weak self] in
      let http = HTTPClient()
      while let me = self {
        if let r = try? http.send(metricsRequest, isCancelled: { false }), r.status == 200,
          let e = try? PromEnvelope.decode(Data(r.body)), let names = try? decodeStringList(e.data)
        {
          me.lock.lock()
          me.cachedMetrics = names
          me.lock.unlock()
          Thread.sleep(forTimeInterval: 60)
        } else {
          Thread.sleep(forTimeInterval: 3)
        }
      }
    }
    prom.name = "aetherctl-metric-names"
    prom.start()
  }
}
