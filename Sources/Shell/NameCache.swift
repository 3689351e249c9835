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
  /// What the refresher threads found; they hold it weakly and end when the
  /// shell (and so this cache) goes away.
  private struct Names {
    var topics: [String] = []
    var groups: [String] = []
    var metrics: [String] = []
    var alertmanager = AMNames()
  }
  private let names = Locked(Names())
  private weak var session: Session?
  private var started = false

  init(session: Session) { self.session = session }

  func topics() -> [String] {
    startIfNeeded()
    return names.value.topics
  }

  func groups() -> [String] {
    startIfNeeded()
    var g = names.value.groups
    if let s = session, !g.contains(s.settings.group.value) { g.append(s.settings.group.value) }
    return g
  }

  func alertMatchers() -> [String] {
    startIfNeeded()
    return names.value.alertmanager.matchers
  }

  func silenceIDs() -> [String] {
    startIfNeeded()
    return names.value.alertmanager.silenceIDs
  }

  func metrics() -> [String] {
    startIfNeeded()
    return names.value.metrics
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
  /// Called from TAB on the shell's thread only.
  func startIfNeeded() {
    guard !started, let s = session, let properties = try? s.kafkaProperties else { return }
    started = true
    let profileGroup = s.settings.group.value
    let deadlines = s.deadlines.background
    let thread = Thread { [weak names] in
      guard let client = try? KafkaClient(properties: properties, deadlines: deadlines) else { return }
      while let box = names {
        if let found = DynamicNames.clusterNames(client, fallbackGroup: profileGroup) {
          box.update {
            $0.topics = found.topics
            $0.groups = found.groups
          }
          // Shared with bash/zsh/fish completion, which must not wait on a cluster.
          DynamicNames.writeCache {
            $0.topics = found.topics
            $0.groups = found.groups
          }
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
        "/api/v1/label/__name__/values", ctx: s.context(), timeout: s.deadlines.background.seconds, maxResponseBytes: 16 << 20)
    else { return }
    let prom = Thread { [weak names] in
      let http = HTTPClient()
      while let box = names {
        if let r = try? http.send(metricsRequest, isCancelled: { false }), r.status == 200,
          let e = try? PromEnvelope.decode(Data(r.body)), let found = try? decodeStringList(e.data)
        {
          box.update { $0.metrics = found }
          Thread.sleep(forTimeInterval: 60)
        } else {
          Thread.sleep(forTimeInterval: 3)
        }
      }
    }
    prom.name = "aetherctl-metric-names"
    prom.start()
    // Alertmanager likewise: its alerts and silences change during a drill, so every 15 s.
    guard let am = AMNames.requests(s.context(), timeout: s.deadlines.background.seconds) else { return }
    let alertmanager = Thread { [weak names] in
      let http = HTTPClient()
      while let box = names {
        if let a = try? http.send(am.alerts, isCancelled: { false }), a.status == 200,
          let s = try? http.send(am.silences, isCancelled: { false }), s.status == 200,
          let alerts = try? AMAlert.decodeList(Data(a.body)).alerts,
          let silences = try? AMSilence.decodeList(Data(s.body)).silences
        {
          let found = AMNames(alerts: alerts, silences: silences)
          box.update { $0.alertmanager = found }
          // Shared with bash/zsh/fish completion too.
          DynamicNames.writeCache { $0.alertmanager = found }
          Thread.sleep(forTimeInterval: 15)
        } else {
          Thread.sleep(forTimeInterval: 5)
        }
      }
    }
    alertmanager.name = "aetherctl-alertmanager-names"
    alertmanager.start()
  }
}
