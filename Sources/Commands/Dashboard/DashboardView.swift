import Capacity
import Config
import Formats
import Foundation
import Host
import Output
import Prometheus
import ScriptLanguage
import Vocabulary

/// One frame's inputs: what the feeds hold and what the operator chose.
struct DashboardFrame {
  var kafka: KafkaPanel
  var prometheus: PrometheusPanel
  var alertmanager: AlertmanagerPanel
  var every: Double
  var timeout: Double
  /// Wall clock for the header; monotonic seconds for ages.
  var clock: String
  var now: Double
  var paused = false
  var help = false
  var selected = 0
  var thresholds: Thresholds
  var runbooks: Set<String>
}

/// The screen, as lines no wider than the terminal: pure, so a frame can be
/// checked without a terminal. Colours are the pipeline's thresholds, as the
/// Grafana panels colour them; without colour the words carry the meaning.
enum DashboardView {
  /// Text on the screen; colour comes from `level` alone, so control
  /// characters in it (an alert name or label value from a server) are
  /// shown as `\xNN`, never sent to the terminal.
  struct Piece {
    var text: String
    var level: Level?
    init(_ text: String, _ level: Level? = nil) {
      self.text = visibleControls(text)
      self.level = level
    }
  }

  static func lines(_ f: DashboardFrame, width: Int, height: Int, color: Bool) -> [String] {
    var out: [[Piece]] = []
    let keys = "q quit · g group · p pause · r runbook · ↑↓ alert · ? keys"
    out.append([
      Piece("aetherctl dashboard · \(f.kafka.group) · every \(Durations.format(f.every)) · \(f.clock)"),
      Piece(f.paused ? " · PAUSED" : "", .warn), Piece("   " + keys),
    ])
    if f.help {
      out += helpLines()
      return finish(out, width: width, height: height, color: color)
    }
    out += service(f)
    let alerts = alertRows(f)
    let consumers = consumerLines(f)
    // The partition list takes the room the other panels leave.
    let fixed = out.count + 6 + consumers.count + max(1, alerts.count) + 3
    out += lagPanel(f, width: width, room: max(1, height - fixed))
    out += consumers
    out.append(rule("Alerts"))
    if f.prometheus.alerts == nil {
      out.append([Piece(" unknown until Prometheus answers", .warn)])
    } else {
      out += alerts.isEmpty ? [[Piece(" none firing or pending")]] : alerts
    }
    if let banner = banner("Prometheus", f.prometheus.error, f.prometheus.updatedAt, f) { out.append(banner) }
    if let banner = banner("Alertmanager (silences)", f.alertmanager.error, f.alertmanager.updatedAt, f) {
      out.append(banner)
    }
    return finish(out, width: width, height: height, color: color)
  }

  static func finish(_ rows: [[Piece]], width: Int, height: Int, color: Bool) -> [String] {
    rows.prefix(max(1, height)).map { render($0, width: width, color: color) }
  }

  /// Cuts the visible text at `width` before colouring, so escapes never count.
  static func render(_ pieces: [Piece], width: Int, color: Bool) -> String {
    var room = width
    var line = ""
    for p in pieces where room > 0 && !p.text.isEmpty {
      let text = String(p.text.prefix(room))
      room -= text.count
      line += paint(text, p.level, color: color)
    }
    return line
  }

  static func rule(_ title: String, _ extra: [Piece] = []) -> [Piece] {
    [Piece("── \(title) ──")] + extra
  }

  /// A panel's source that failed, or has not answered for a while.
  static func banner(_ source: String, _ error: String?, _ updatedAt: Double?, _ f: DashboardFrame) -> [Piece]? {
    if let error {
      let since = updatedAt.map { ", last answer \(Durations.format(f.now - $0)) ago" } ?? ""
      return [Piece(" ⚠ \(source): \(error)\(since)", .critical)]
    }
    if let t = updatedAt, f.now - t > 2 * f.every + f.timeout, !f.paused {
      return [Piece(" ⚠ \(source): no answer for \(Durations.format(f.now - t))", .warn)]
    }
    if updatedAt == nil { return [Piece(" \(source): waiting for the first answer…")] }
    return nil
  }

  static func service(_ f: DashboardFrame) -> [[Piece]] {
    var rows: [[Piece]] = [rule("Service")]
    let p = f.prometheus
    var line: [Piece] = [Piece(" ")]
    if let targets = p.targets {
      let jobs = Dictionary(grouping: targets, by: \.job).sorted { $0.key < $1.key }
      for (job, ts) in jobs {
        let up = ts.filter(\.up).count
        let text = up == ts.count ? "\(job) up" : up == 0 ? "\(job) DOWN" : "\(job) \(up)/\(ts.count) up"
        line.append(Piece(text, up == ts.count ? .ok : .critical))
        line.append(Piece(" · "))
      }
      if jobs.isEmpty { line.append(Piece("no scrape targets · ")) }
    }
    line.append(Piece("SSE clients \(p.clients.map { formatNumber($0, digits: 0) } ?? "—")"))
    line.append(Piece(" · messages/s \(p.messagesPerSecond.map { formatNumber($0) } ?? "—")"))
    if p.targets != nil || p.clients != nil { rows.append(line) }
    if let b = banner("Prometheus", p.error, p.updatedAt, f) { rows.append(b) }
    return rows
  }

  static func lagPanel(_ f: DashboardFrame, width: Int, room: Int) -> [[Piece]] {
    let k = f.kafka
    let t = f.thresholds
    var rows: [[Piece]] = []
    let verdict = k.health.map { [Piece("  verdict "), Piece($0.verdict.rawValue, StatusReport.level($0.verdict))] } ?? []
    rows.append(rule("Lag & capacity · \(k.group)", verdict))
    guard let last = k.last else {
      rows.append(banner("Kafka", k.error, nil, f) ?? [Piece(" Kafka: waiting for the first answer…")])
      return rows
    }
    var summary: [Piece] = [
      Piece(" total lag "), cellPiece(StatusReport.lagCell(last, thresholds: t)), Piece(" "),
      Piece(sparkline(k.history, width: 24)), Piece("   time lag "),
    ]
    summary.append(last.lag.maxBehind.map { cellPiece(GroupReport.maxBehindCell($0, thresholds: t)) } ?? Piece("—"))
    rows.append(summary)
    var capacity: [Piece] = [Piece(" drain ETA "), cellPiece(StatusReport.etaCell(k.eta, blockedBy: k.etaBlockedBy, verdict: k.health?.verdict ?? .lagging, thresholds: t))]
    if let s = k.scale {
      capacity += [Piece("   scale hint "), Piece("\(s.hint.recommended) replica(s)", t.level(replicas: s.hint.recommended))]
    } else {
      capacity.append(Piece("   scale hint — (set 'capacity' in the profile)"))
    }
    if let sk = last.lag.skew {
      capacity += [Piece("   skew "), Piece("\(formatNumber(sk.ratio))x", t.level(skewRatio: sk.ratio))]
    }
    rows.append(capacity)
    if let b = banner("Kafka", k.error, k.updatedAt, f) { rows.append(b) }
    // Partitions, the most lagging first when they do not all fit.
    let verdicts = Dictionary(
      (k.health?.partitions ?? []).map { (TopicPartition($0.offsets.topic, $0.offsets.partition), $0.verdict.verdict) }
    ) { a, _ in a }
    let threshold = k.health?.rules.lagThreshold ?? VerdictRules(thresholds: t, partitions: last.lag.rows.count, windowSeconds: 30).lagThreshold
    var shown = last.lag.rows
    if shown.count > room {
      shown = Array(shown.sorted { ($0.lag ?? $0.backlog) > ($1.lag ?? $1.backlog) }.prefix(max(1, room - 1)))
    }
    let topics = Set(last.lag.rows.map(\.offsets.topic)).count
    let widest = max(1, last.lag.rows.map { $0.lag ?? 0 }.max() ?? 1)
    let bar = max(4, min(30, width - 70))
    for r in shown {
      let o = r.offsets
      let name = topics == 1 ? "p\(o.partition)" : "\(o.topic)[\(o.partition)]"
      var row: [Piece] = [Piece(" " + name.padding(toLength: max(4, name.count), withPad: " ", startingAt: 0) + " ")]
      if let lag = r.lag {
        let filled = Int((Double(lag) / Double(widest) * Double(bar)).rounded(.up))
        row.append(Piece(String(repeating: "█", count: filled), lag > threshold ? .critical : lag > 0 ? .warn : .ok))
        row.append(Piece(String(repeating: "░", count: bar - filled)))
        row.append(Piece(" lag " + formatCount(lag).leftPadded(8)))
      } else {
        row.append(Piece(String(repeating: " ", count: bar)))
        row.append(Piece(" no commit (backlog \(formatCount(r.backlog)))", .warn))
      }
      row.append(Piece("  behind "))
      row.append(cellPiece(GroupReport.behindCell(r.behind, thresholds: t)))
      if let v = verdicts[TopicPartition(o.topic, o.partition)] {
        row.append(Piece("  "))
        row.append(Piece(v.rawValue, StatusReport.level(v)))
      }
      rows.append(row)
    }
    if shown.count < last.lag.rows.count {
      rows.append([Piece(" … \(last.lag.rows.count - shown.count) more partitions (lag \(k.group) for all)")])
    }
    return rows
  }

  static func consumerLines(_ f: DashboardFrame) -> [[Piece]] {
    var rows: [[Piece]] = [rule("Consumers")]
    guard let last = f.kafka.last else {
      rows.append([Piece(" —")])
      return rows
    }
    guard let members = last.members else {
      // The broker cannot describe groups: the exporter's count when
      // Prometheus has it, labelled as its view, as `lag` and `status` say it.
      if let n = f.prometheus.exporterMembers?[f.kafka.group] {
        rows.append([
          Piece(" members "), Piece(String(n), f.thresholds.level(consumers: n)),
          Piece(" per the kafka-exporter; the broker cannot describe groups, so no owners"),
        ])
        return rows
      }
      rows.append([Piece(" " + (last.membersNote ?? "members: unknown, the broker cannot describe groups"), .warn)])
      return rows
    }
    rows.append([Piece(" members "), Piece(String(members.count), f.thresholds.level(consumers: members.count))])
    for m in members.prefix(6) {
      rows.append([Piece("  \(m.clientId) \(m.host): \(m.assignment.map(\.description).joined(separator: " "))")])
    }
    return rows
  }

  /// The alerts in the order the selection walks them: firing first, then the longest-standing.
  static func orderedAlerts(_ p: PrometheusPanel) -> [PromAlert] {
    (p.alerts ?? []).sorted(by: PromAlert.mostUrgentFirst)
  }

  static func alertRows(_ f: DashboardFrame) -> [[Piece]] {
    let alerts = orderedAlerts(f.prometheus)
    return alerts.enumerated().map { i, a in
      let silenced = f.alertmanager.silences(of: a)
      var row: [Piece] = [
        Piece(i == f.selected ? " > " : "   "), Piece(a.name.padding(toLength: max(a.name.count, 34), withPad: " ", startingAt: 0)),
        Piece(" "), Piece(a.state, a.state == "firing" ? .critical : .warn),
        Piece("  \(a.labels["severity"] ?? "-")  \(PromTime.ago(a.activeAtSeconds))"),
      ]
      switch silenced {
      case nil: row.append(Piece("  silenced?"))
      case let s? where !s.isEmpty: row.append(Piece("  silenced", .warn))
      default: break
      }
      let runbook = StatusJoin.runbook(for: a, among: f.runbooks)
      row.append(Piece(runbook.map { "  → runbook \($0)" } ?? "  (no runbook)"))
      return row
    }
  }

  static func helpLines() -> [[Piece]] {
    [
      rule("Keys"),
      [Piece(" q, Esc   quit (exit 0)")],
      [Piece(" g        next group: the profile's, then those the name cache knows")],
      [Piece(" p        pause or resume the refreshes")],
      [Piece(" ↑ ↓ k j  select an alert")],
      [Piece(" r        run the selected alert's runbook on the normal screen, then come back")],
      [Piece(" ?        this help (any key returns)")],
      [Piece(" Ctrl-C   quit (exit 130)")],
      [Piece("")],
      [Piece(" Time lag (behind) is how old the oldest unconsumed message is; drain ETA how long the backlog takes.")],
    ]
  }

  static func cellPiece(_ c: Cell) -> Piece { Piece(c.text, c.level) }

  static let bars: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]

  /// The last `width` values, scaled to the largest of them.
  static func sparkline(_ values: [Int64], width: Int) -> String {
    let tail = values.suffix(width)
    guard let top = tail.max(), top > 0 else { return String(repeating: bars[0], count: tail.count) }
    return String(tail.map { bars[min(7, Int(Double($0) / Double(top) * 7.0 + 0.5))] })
  }
}

extension String {
  fileprivate func leftPadded(_ n: Int) -> String { count >= n ? self : String(repeating: " ", count: n - count) + self }
}
