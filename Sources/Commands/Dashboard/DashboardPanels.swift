import Capacity
import Config
import Formats
import Foundation
import Host
import Output
import Prometheus
import ScriptLanguage

/// What the Kafka thread has read of the selected group: the recent looks
/// (the window `status` would judge), the total lag since the dashboard
/// started (the sparkline), and what the last refresh failed with.
struct KafkaPanel: Sendable {
  var group: String
  /// Oldest first, the last `DashboardPanels.verdictWindow` seconds.
  var looks: [GroupSnapshot] = []
  /// Total lag at every refresh of this group, for the sparkline.
  var history: [Int64] = []
  var error: String?
  var updatedAt: Double?
  var health: GroupHealth?
  var rates: RateSample?
  var eta: DrainEstimate?
  /// The partition whose standing backlog makes the ETA "never".
  var etaBlockedBy: (name: String, verdict: Verdict)?
  var scale: (hint: ScaleHint, capacity: Double, measured: Bool)?

  init(group: String) { self.group = group }

  var last: GroupSnapshot? { looks.last }

  /// Folds a new look in: rates, drain ETA, scale hint and verdicts over the
  /// looks kept, as `status` computes them over its window.
  mutating func add(_ s: GroupSnapshot, capacity: Double?, thresholds: Thresholds) {
    looks.append(s)
    while let first = looks.first, s.takenAt - first.takenAt > DashboardPanels.verdictWindow, looks.count > 2 {
      looks.removeFirst()
    }
    history.append(s.lag.totalLag)
    if history.count > DashboardPanels.historyLength { history.removeFirst(history.count - DashboardPanels.historyLength) }
    error = nil
    updatedAt = s.takenAt
    guard looks.count >= 2, let first = looks.first, s.takenAt > first.takenAt,
      let r = try? sampleRates(before: first.offsets, after: s.offsets, seconds: s.takenAt - first.takenAt)
    else { return }
    let w = GroupWindow(snapshots: looks, rates: r)
    rates = r
    let assessed = GroupHealth.assess(w, thresholds: thresholds)
    health = assessed
    let drain = try? StatusJoin.drain(w, health: assessed, thresholds: thresholds)
    (eta, etaBlockedBy) = (drain?.0, drain?.1)
    var ignored: [String] = []
    scale = StatusJoin.scaleHint(
      w, capacity: capacity, health: assessed, drain: eta?.status, thresholds: thresholds, missing: &ignored)
  }
}

/// `up` of every job, SSE clients and messages/s, and the pipeline's alerts:
/// one Prometheus thread reads them all.
struct PrometheusPanel: Sendable {
  struct Target: Sendable, Equatable {
    var job: String
    var instance: String
    var up: Bool
  }
  var targets: [Target]?
  var clients: Double?
  var messagesPerSecond: Double?
  var alerts: [PromAlert]?
  /// `kafka_consumergroup_members` by group; nil when it could not be read.
  var exporterMembers: [String: Int]?
  var error: String?
  var updatedAt: Double?
}

/// What Alertmanager holds, for the silenced marks.
struct AlertmanagerPanel: Sendable {
  var held: [AMAlert]?
  var error: String?
  var updatedAt: Double?

  /// The silences muting a Prometheus alert, matched on its labels; nil when Alertmanager could not say.
  func silences(of alert: PromAlert) -> [String]? {
    held.map { alert.silences(in: $0) }
  }
}

enum DashboardPanels {
  /// The looks the verdicts are judged over, as `status --window 30s`.
  static let verdictWindow = 30.0
  static let historyLength = 240
}
