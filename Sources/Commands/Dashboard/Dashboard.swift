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

struct Dashboard: AetherCommand, GroupedCommand {
  static let group = CommandGroup.kafka
  static let configuration = CommandConfiguration(
    commandName: "dashboard",
    abstract: "A full-screen live view: service, lag & capacity, consumers, alerts and their runbooks.",
    discussion: """
      The pipeline's Grafana row in the terminal, the Kafka panels read from the offsets \
      themselves: up of the scrape jobs, SSE clients and messages/s (Prometheus); total lag with \
      a sparkline, per-partition lag bars with time lag (behind), verdicts as 'status' gives \
      them over the last 30 s, drain ETA, scale hint and skew, coloured by the pipeline's \
      thresholds; members where the broker can describe groups (else the kafka-exporter's count, so labelled); firing and pending alerts \
      with severity, age, Alertmanager's silences and the runbook that answers each.
      Each source refreshes on a thread of its own: a dead or slow one shows a banner in its \
      own panels while the others go on. Keys: q or Esc quits, g the next group, p pauses, \
      ↑↓ select an alert, r runs its runbook on the normal screen and comes back, ? the keys.
      Needs a terminal: in scripts use 'status GROUP' or 'watch 5s lag GROUP'.
      Examples:
        dashboard
        dashboard crm-events-sse --every 2s
      """)

  @Argument(help: "Consumer group (default: the profile's group).", completion: .names(.groups))
  var groupName: String?

  @Option(help: "How often each source refreshes (default 5s, at least 100ms).", transform: ArgumentParsing.interval)
  var every: Double?

  @Option(
    help: "Only this topic (default: the topics the group committed, else the profile's topic).", completion: .names(.topics))
  var topic: String?

  func validate() throws {
    if let every, !(every > 0) { throw ValidationError("--every must be longer than 0s") }
  }

  func execute(_ ctx: CommandContext) throws -> Report {
    guard ctx.stdoutIsTerminal, !ctx.isCaptured, let screen = FullScreen() else {
      throw CommandFailure.usage(
        "dashboard needs a terminal; in scripts use 'status GROUP' (one verdict) or 'watch 5s lag GROUP' (repeated)")
    }
    let every = self.every ?? 5
    let group = ctx.group(groupName, for: "dashboard")
    let feeds = DashboardFeeds(group: group)
    start(feeds, every: every, ctx: ctx)
    defer { feeds.stop(waiting: 0.5) }
    var view = ViewState(group: group)
    screen.enter()
    defer { screen.leave() }
    while true {
      if ctx.isInterrupted { throw CommandFailure.interrupted() }
      if FullScreen.terminateRequested {
        screen.leave()
        feeds.stop(waiting: 0.5)
        FullScreen.endByTerminateSignal()
      }
      draw(screen, feeds, &view, every: every, ctx: ctx)
      for key in screen.keys(timeoutMs: 250) {
        switch key {
        case .character("q"), .escape:
          if view.help { view.help = false } else { return .empty }
        case _ where view.help:
          view.help = false
        case .character("?"): view.help = true
        case .character("p"):
          let paused = feeds.paused.update { p -> Bool in
            p.toggle()
            return p
          }
          if !paused { feeds.bell.ring() }
        case .character("g"):
          let next = nextGroup(after: feeds.kafka.value.group, ctx: ctx)
          feeds.select(group: next)
        case .up, .character("k"): view.selected = max(0, view.selected - 1)
        case .down, .character("j"): view.selected += 1
        case .character("r"):
          runRunbook(screen, feeds, &view, ctx: ctx)
        default: break
        }
        view.dirty = true
      }
    }
  }

  /// What the view remembers between frames.
  struct ViewState {
    var group: String
    var selected = 0
    var help = false
    var dirty = true
    var version = -1
    var size = (columns: 0, rows: 0)
    var clock = ""
    var notice: String?
    /// The alert highlighted on the screen: what `r` acts on, even when a
    /// refresh reordered the list since.
    var shownAlert: PromAlert?
  }

  func start(_ feeds: DashboardFeeds, every: Double, ctx: CommandContext) {
    let t = ctx.deadlines.seconds
    do {
      let kafka = DashboardFeeds.KafkaConfig(
        clients: try ctx.backgroundClients(), fallbackTopic: ctx.settings.topic.value, topic: topic, capacity: ctx.settings.capacity?.value,
        thresholds: ctx.thresholds)
      feeds.startKafka(kafka, every: every)
    } catch {
      let message = CommandFailure(error).message
      feeds.kafka.update { $0.error = message }
    }
    do {
      let query = { (expr: String) in
        try PromAPI.request("/api/v1/query", form: [("query", expr)], ctx: ctx, timeout: t, maxResponseBytes: 4 << 20)
      }
      let requests = DashboardFeeds.PrometheusRequests(
        up: try query("up"), clients: try query("sum(crm_events_sse_clients)"),
        rate: try query("sum(rate(crm_events_messages_total[1m]))"),
        alerts: try PromAPI.request("/api/v1/alerts", ctx: ctx, timeout: t, maxResponseBytes: 4 << 20),
        members: try query("max by (consumergroup) (kafka_consumergroup_members)"))
      feeds.startPrometheus(requests, every: every)
    } catch {
      let message = CommandFailure(error).message
      feeds.prometheus.update { $0.error = message }
    }
    do {
      feeds.startAlertmanager(try AMAPI.request(.get, "/alerts", ctx: ctx, timeout: t), every: every)
    } catch {
      let message = CommandFailure(error).message
      feeds.alertmanager.update { $0.error = message }
    }
  }

  /// Redraws when a feed moved, a key was pressed, the size or the clock's second changed.
  func draw(_ screen: FullScreen, _ feeds: DashboardFeeds, _ view: inout ViewState, every: Double, ctx: CommandContext) {
    let resized = FullScreen.takeResize()
    let size = screen.size
    let version = feeds.version.value
    let clock = Watch.formatClock(Date())
    guard view.dirty || resized || version != view.version || size != view.size || clock != view.clock else { return }
    view.dirty = false
    view.version = version
    view.size = size
    view.clock = clock
    let prometheus = feeds.prometheus.value
    let alerts = DashboardView.orderedAlerts(prometheus)
    view.selected = min(view.selected, max(0, alerts.count - 1))
    view.shownAlert = alerts.indices.contains(view.selected) ? alerts[view.selected] : nil
    let frame = DashboardFrame(
      kafka: feeds.kafka.value, prometheus: prometheus, alertmanager: feeds.alertmanager.value, every: every,
      timeout: ctx.deadlines.seconds, clock: clock, now: Double(DispatchTime.now().uptimeNanoseconds) / 1e9,
      paused: feeds.paused.value, help: view.help, selected: view.selected, thresholds: ctx.thresholds,
      runbooks: BuiltinRunbooks.names)
    var lines = DashboardView.lines(frame, width: size.columns, height: size.rows, color: ctx.color)
    if let notice = view.notice, lines.count < size.rows {
      lines.append(DashboardView.render([.init(notice, .warn)], width: size.columns, color: ctx.color))
      view.notice = nil
    }
    screen.write("\u{1B}[H" + lines.joined(separator: "\u{1B}[K\r\n") + "\u{1B}[K\u{1B}[J")
  }

  /// The profile's group, then the groups the name cache knows, in turn.
  func nextGroup(after current: String, ctx: CommandContext) -> String {
    var groups = [ctx.settings.group.value]
    for g in NamesFile.read(NamesFile.Places(ctx.settings), environment: ctx.environment).groups where !groups.contains(g) { groups.append(g) }
    if let g = groupName, !groups.contains(g) { groups.insert(g, at: 0) }
    guard let i = groups.firstIndex(of: current) else { return groups[0] }
    return groups[(i + 1) % groups.count]
  }

  /// `r`: the selected alert's runbook on the normal screen (its remedies ask
  /// there as everywhere), then back to the dashboard on Enter.
  func runRunbook(_ screen: FullScreen, _ feeds: DashboardFeeds, _ view: inout ViewState, ctx: CommandContext) {
    guard let alert = view.shownAlert else {
      view.notice = " no alert selected: nothing is firing or pending"
      return
    }
    guard let name = StatusJoin.runbook(for: alert, among: BuiltinRunbooks.names) else {
      view.notice = " \(alert.name) has no runbook (runbook list)"
      return
    }
    screen.leave()
    ctx.out.write("── runbook run \(name) (for \(alert.name)) ──\n")
    ctx.out.flush()
    let outcome = ctx.execute(["runbook", "run", name], capture: false)
    ctx.interruption.clear()
    ctx.out.write("\nrunbook \(name) ended with status \(outcome.status)\npress Enter to return to the dashboard ")
    ctx.out.flush()
    _ = TerminalInput.readLine()
    ctx.interruption.clear()
    screen.enter()
    view.dirty = true
  }
}
