import Capacity
import Clients
import Commands
import Config
import Formats
import Foundation
import Host
import Output
import Prometheus
import ScriptLanguage

/// The shell's names for completion: topics, groups, metric names and
/// Alertmanager's, refreshed in the background on clients of their own
/// (`BackgroundClients`), so TAB reads whatever is cached and never waits and
/// a cluster that is down only means no names; runbooks, fixes and profiles
/// read locally on each TAB.
final class NameCache: ShellNames {
  /// What the refresher threads found; they hold it weakly and end when the
  /// shell (and so this cache) goes away.
  private struct Names {
    var topics: [String] = []
    var groups: [String] = []
    var metrics: [String] = []
    var alertmanager = AMNames()
  }
  /// Replaced when the session points elsewhere (`profile use`): the old
  /// refreshers hold the old box weakly and end with it.
  private var names = Locked(Names())
  private weak var session: Session?
  /// Where the running refreshers read from; nil before the first TAB.
  private var started: NamesFile.Places?

  init(session: Session) { self.session = session }

  package func names(_ kind: NameKind, words: [String]) -> [String] {
    guard let s = session else { return [] }
    switch kind {
    case .topics, .groups, .metrics, .alertMatchers, .silenceIDs, .silenceTargets:
      startIfNeeded()
      if kind == .topics || kind == .groups { awaitKafkaLook() }
      let n = names.value
      switch kind {
      case .topics: return n.topics
      case .groups:
        // The profile's group, before any refresh found it.
        return n.groups.contains(s.settings.group.value) ? n.groups : n.groups + [s.settings.group.value]
      case .metrics: return n.metrics
      case .alertMatchers: return n.alertmanager.matchers
      case .silenceIDs: return n.alertmanager.silenceIDs
      default: return n.alertmanager.silenceIDs + n.alertmanager.matchers
      }
    // Local and cheap (the config and the binary): read on every TAB, no cache needed.
    case .runbooks: return RunbookCatalog.all(s.context()).map(\.name)
    case .fixes: return ["list"] + FixCatalog.all(s.context()).map(\.name)
    case .fixArguments: return FixCatalog.argumentCandidates(words: words, s.context()) { self.names($0, words: words) }
    case .profiles: return s.config.profileOrder
    }
  }

  func variables() -> [String] { session.map { Array($0.interpreter.variables.keys) } ?? [] }

  /// First use starts the refreshers, each on a client of its own so that a
  /// dead Kafka cannot starve Prometheus's or Alertmanager's names.
  /// Called from TAB on the shell's thread only.
  func startIfNeeded() {
    guard let s = session else { return }
    let places = NamesFile.Places(s.settings)
    guard started != places else { return }
    if started != nil { names = Locked(Names()) }
    started = places
    let profileGroup = s.settings.group.value
    let deadlines = s.deadlines.background
    let environment = s.context().environment
    // A shell started before its cluster looks again soon; Kafka settings
    // that do not work stop only Kafka's names.
    if let clients = try? s.context().backgroundClients(deadlines: deadlines) {
      let (changed, looked) = (kafkaChanged, kafkaLooked)
      refresh("aetherctl-names", every: 30, retry: 3, wake: kafkaChanged, client: { try? clients.kafka() }) { client, box in
      let asked = changed.value
      defer { looked.update { $0 = max($0, asked) } }
      guard let found = CachedNames.clusterNames(client, fallbackGroup: profileGroup) else { return false }
      box.update {
        $0.topics = found.topics
        $0.groups = found.groups
      }
      // Shared with bash/zsh/fish completion, which must not wait on a cluster.
      NamesFile.writeKafka(places, topics: found.topics, groups: found.groups, environment: environment)
      return true
      }
    }
    if let metrics = try? PromAPI.request(
      "/api/v1/label/__name__/values", ctx: s.context(), timeout: deadlines.seconds, maxResponseBytes: 16 << 20)
    {
      refresh("aetherctl-metric-names", every: 60, retry: 3, client: { BackgroundClients.http() }) { http, box in
        guard let r = try? http.send(metrics, isCancelled: { false }), r.status == 200,
          let e = try? PromEnvelope.decode(Data(r.body)), let found = try? decodeStringList(e.data)
        else { return false }
        box.update { $0.metrics = found }
        NamesFile.writeMetrics(places, found, environment: environment)
        return true
      }
    }
    // Alertmanager's alerts and silences change during a drill: every 15 s.
    if let am = AMNames.requests(s.context(), timeout: deadlines.seconds) {
      refresh("aetherctl-alertmanager-names", every: 15, retry: 5, client: { BackgroundClients.http() }) { http, box in
        guard let a = try? http.send(am.alerts, isCancelled: { false }), a.status == 200,
          let s = try? http.send(am.silences, isCancelled: { false }), s.status == 200,
          let alerts = try? AMAlert.decodeList(Data(a.body)).alerts,
          let silences = try? AMSilence.decodeList(Data(s.body)).silences
        else { return false }
        let found = AMNames(alerts: alerts, silences: silences)
        box.update { $0.alertmanager = found }
        NamesFile.writeAlertmanager(places, found, environment: environment)
        return true
      }
    }
  }

  /// Bumped when a line may have made or removed a topic or a group: the
  /// Kafka refresher looks again within a quarter second, so the name just
  /// created completes on the next TAB.
  private let kafkaChanged = Locked(0)
  /// The last change the Kafka refresher has looked after.
  private let kafkaLooked = Locked(0)
  func kafkaNamesMayHaveChanged() { kafkaChanged.update { $0 += 1 } }

  /// A TAB right after such a line waits for that look, a second at most
  /// (a cluster that does not answer keeps the names it had).
  private func awaitKafkaLook() {
    let wanted = kafkaChanged.value
    let until = Date().addingTimeInterval(1)
    while kafkaLooked.value < wanted, Date() < until { Thread.sleep(forTimeInterval: 0.02) }
    // Waited once: the next TAB does not wait for the same change again.
    kafkaLooked.update { $0 = max($0, wanted) }
  }

  /// A refresher thread: `look` every `every` seconds while it finds the
  /// names, every `retry` while it does not (or while no client can be
  /// made: a cluster that refuses now may answer later); it ends with the
  /// box it fills.
  private func refresh<Client>(
    _ name: String, every: Double, retry: Double, wake: Locked<Int>? = nil,
    client make: @escaping @Sendable () -> Client?, _ look: @escaping @Sendable (Client, Locked<Names>) -> Bool
  ) {
    let thread = Thread { [weak names] in
      var client: Client?
      /// Sleeps `seconds`, or less when `wake` moved past `seen` (the value
      /// before the last look: a change during the look wakes it at once).
      func pause(_ seconds: Double, since seen: Int?) {
        guard let wake, let seen else { return Thread.sleep(forTimeInterval: seconds) }
        let until = Date().addingTimeInterval(seconds)
        while Date() < until, wake.value == seen { Thread.sleep(forTimeInterval: 0.25) }
      }
      while let box = names {
        let seen = wake?.value
        if client == nil { client = make() }
        guard let c = client else {
          pause(retry, since: seen)
          continue
        }
        pause(look(c, box) ? every : retry, since: seen)
      }
    }
    thread.name = name
    thread.start()
  }
}
