import Testing

@testable import Commands
@testable import TOML
@testable import Shell
@testable import Output
@testable import Config
@testable import Host

/// Names as the shell's cache would hold them, so completion is tested
/// without a cluster or a Prometheus.
final class FixedNames: NameSource {
  func topics() -> [String] { ["aetherlink.events", "apexflow.leads.created"] }
  func groups() -> [String] { ["crm-events-sse"] }
  func metrics() -> [String] { ["kafka:group_lag_sum", "kafka:group_skew_ratio", "up"] }
  func runbooks() -> [String] { ["CrmEventsConsumerLagHigh", "CrmEventsServiceDown"] }
  func fixes() -> [String] { ["reset-offsets"] }
  func alertMatchers() -> [String] { ["CrmEventsSinkDown", #"severity="critical""#] }
  func silenceIDs() -> [String] { ["6a1f0c2e-0000-4000-8000-000000000001"] }
  func fixArguments(_ fix: String) -> [String] { [] }
  func profiles() -> [String] { ["local"] }
  func variables() -> [String] { ["lag"] }
}

struct CompleterTests {
  let completer = Completer(tree: CommandTree.shared, names: FixedNames())

  /// Each line the README or the issue promises completes, and to what.
  @Test(arguments: [
    ("tail aetherlink.events --from b", ["beginning"]),
    ("tail aetherlink.events --from ", ["beginning", "end"]),
    ("group seek crm-events-sse --to s", ["start"]),
    ("help la", ["lag"]),
    ("help wa", ["wait", "watch"]),
    ("runbook show Crm", ["CrmEventsConsumerLagHigh", "CrmEventsServiceDown"]),
    ("prom query kafka:", ["kafka:group_lag_sum", "kafka:group_skew_ratio"]),
    ("lag crm-events-sse -o j", ["json"]),
    ("prom alerts --state f", ["firing"]),
    ("completions z", ["zsh"]),
    ("lag crm", ["crm-events-sse"]),
    ("am silence add Crm", ["CrmEventsSinkDown"]),
    ("am alerts sev", [#"severity="critical""#]),
    ("am silence extend 6a", ["6a1f0c2e-0000-4000-8000-000000000001"]),
    ("am silence expire 6a", ["6a1f0c2e-0000-4000-8000-000000000001"]),
    ("am alerts --state si", ["silenced"]),
  ])
  func completes(line: String, expected: [String]) {
    #expect(completer.complete(line).candidates == expected, "\(line)")
  }
}
