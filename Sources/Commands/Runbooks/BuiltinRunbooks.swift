import Capacity
import Config
import Formats
import Host
import Output
import Prometheus
import ScriptLanguage

/// The runbooks compiled into aetherctl, from `Runbooks/builtin/*.actl`
/// (embedded by SwiftPM at build time). A test checks this list against the
/// directory, so a new file cannot be forgotten here.
enum BuiltinRunbooks {
  static let all: [(name: String, bytes: [UInt8])] = [
    ("CrmEventsConsumerLagHigh", PackageResources.CrmEventsConsumerLagHigh_actl),
    ("CrmEventsConsumerStuck", PackageResources.CrmEventsConsumerStuck_actl),
    ("CrmEventsDrainEtaBreached", PackageResources.CrmEventsDrainEtaBreached_actl),
    ("CrmEventsHighErrorRate", PackageResources.CrmEventsHighErrorRate_actl),
    ("CrmEventsHotKeySkewHigh", PackageResources.CrmEventsHotKeySkewHigh_actl),
    ("CrmEventsFrequentRestarts", PackageResources.CrmEventsFrequentRestarts_actl),
    ("CrmEventsNoClients", PackageResources.CrmEventsNoClients_actl),
    ("CrmEventsNoMessages", PackageResources.CrmEventsNoMessages_actl),
    ("CrmEventsServiceDown", PackageResources.CrmEventsServiceDown_actl),
    ("CrmEventsSLOAvailabilityBreach", PackageResources.CrmEventsSLOAvailabilityBreach_actl),
    ("CrmEventsSLOThroughputDegraded", PackageResources.CrmEventsSLOThroughputDegraded_actl),
    ("CrmEventsSinkDown", PackageResources.CrmEventsSinkDown_actl),
    ("CrmEventsTooManyClients", PackageResources.CrmEventsTooManyClients_actl),
    ("CrmEventsUnderReplicatedConsumers", PackageResources.CrmEventsUnderReplicatedConsumers_actl),
  ]

  static let names: Set<String> = Set(all.map(\.name))
}
