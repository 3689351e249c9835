import ArgumentParser
import Clients
import Config
import Foundation
import Host
import Output
import Prometheus
import ScriptLanguage
import Vocabulary

struct AMCommand: GroupedCommand {
  static let group = CommandGroup.prometheus
  static let configuration = CommandConfiguration(
    commandName: "am",
    abstract: "Alertmanager: alerts as routed and muted, silences (add, list, expire, extend), status.",
    discussion: """
      The server is the profile's `alertmanager` (default http://localhost:9093), --alertmanager, \
      or AETHER_ALERTMANAGER_URL; a bearer token comes from AETHER_ALERTMANAGER_TOKEN, \
      --alertmanager-bearer-file or the profile (alertmanager_token, alertmanager_token_file), \
      basic auth from alertmanager_user and alertmanager_password. Matchers are written as amtool \
      writes them: name=value, name!=value, name=~regex, name!~regex; a bare word is \
      alertname=WORD. -o json shows Alertmanager's own fields.
      Examples:
        am alerts --state silenced
        am silence add CrmEventsConsumerLagHigh --duration 30m --comment "drain after the lag drill"
        am silence expire CrmEventsConsumerLagHigh --yes
      """,
    subcommands: [AMAlerts.self, AMSilenceCommand.self, AMStatusCommand.self])
}

/// Matchers on the command line, read before anything is sent: a bad one is
/// exit 2 naming it and the column of the problem.
struct MatcherArguments: ParsableArguments {
  @Argument(
    help: "Label matchers: name=value, name!=value, name=~regex, name!~regex, or an alert name.",
    completion: .names(.alertMatchers), transform: ArgumentParsing.matcher)
  var matchers: [Matcher] = []
}

/// What TAB offers for Alertmanager arguments: the names of the alerts it
/// holds, `label=value` of their labels, and the ids of silences in effect.
package struct AMNames: Sendable {
  package var matchers: [String] = []
  package var silenceIDs: [String] = []

  package init() {}

  package init(alerts: [AMAlert], silences: [AMSilence]) {
    var seen = Set<String>()
    for a in alerts where seen.insert(a.name).inserted { matchers.append(a.name) }
    for a in alerts {
      for (k, v) in a.labels.sorted(by: { $0.key < $1.key }) where k != "alertname" {
        let m = Matcher(name: k, value: v).description
        if seen.insert(m).inserted { matchers.append(m) }
      }
    }
    silenceIDs = silences.filter { $0.state != "expired" }.map(\.id)
  }

  /// One look with a short bound; nil when Alertmanager does not answer.
  package static func fetch(_ ctx: CommandContext, timeout: Double) -> AMNames? {
    let api = AMAPI(ctx: ctx, timeout: timeout)
    guard let alerts = try? api.alerts(filter: [], receiver: nil).alerts, let silences = try? api.silences().silences
    else { return nil }
    return AMNames(alerts: alerts, silences: silences)
  }

  /// The requests the shell's background refresher sends on a client of its own.
  package static func requests(_ ctx: CommandContext, timeout: Double) -> (alerts: HTTPRequest, silences: HTTPRequest)? {
    guard let a = try? AMAPI.request(.get, "/alerts", ctx: ctx, timeout: timeout),
      let s = try? AMAPI.request(.get, "/silences", ctx: ctx, timeout: timeout)
    else { return nil }
    return (a, s)
  }
}

/// When a time is, for a table: "in 29m", or in the past as `prom` says it ("3m ago").
func relative(_ seconds: Double?) -> String {
  guard let seconds, seconds.isFinite else { return "-" }
  let ahead = seconds - Date().timeIntervalSince1970
  return ahead >= 1 ? "in \(Durations.format(ahead.rounded()))" : PromTime.ago(seconds)
}
