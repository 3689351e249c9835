import Capacity
import Formats
import TOML
import Vocabulary

/// Every setting aetherctl has, one row each: its flag, environment variable,
/// config key, default, reading and help. The global options, the environment
/// and profile reading, the precedence (flag > env > profile > default),
/// `config show`, help and the completion scripts are all derived from these
/// rows. Adding a setting is adding a row, and naming it in `all` (Swift
/// cannot list a type's static members), which orders `config show`.
/// The defaults are the pipeline's own names (aetherlink.events, crm-events-sse, :9093).
public enum SettingsTable {
  public static let profile = SettingRow(
    "profile", flag: .option("profile", value: "profile", completion: .profiles), env: "AETHER_PROFILE",
    key: .file("profile"), default: "local", kind: .string, help: "Profile from the config file (env AETHER_PROFILE).")
  public static let config = OptionalSettingRow(
    "config file", flag: .option("config", value: "config", completion: .file(extensions: ["toml"])), kind: .string,
    shown: false, help: "Config file (default $XDG_CONFIG_HOME/aetherctl/config.toml).")
  public static let brokers = SettingRow(
    "brokers", flag: .option("brokers", short: "b", value: "brokers"), env: "AETHER_BROKERS", key: .profile("brokers"),
    default: "localhost:9092", kind: .brokerList, help: "Bootstrap brokers (env AETHER_BROKERS).")
  public static let prometheus = SettingRow(
    "prometheus", flag: .option("prometheus", short: "p", value: "prometheus"), env: "AETHER_PROMETHEUS_URL",
    key: .profile("prometheus"), default: "http://localhost:9090", kind: .string,
    help: "Prometheus URL (env AETHER_PROMETHEUS_URL).")
  public static let topic = SettingRow(
    "topic", env: "AETHER_TOPIC", key: .profile("topic"), default: "aetherlink.events", kind: .string)
  public static let group = SettingRow(
    "group", env: "AETHER_GROUP", key: .profile("group"), default: "crm-events-sse", kind: .string)
  /// How the pipeline's producers place keyed messages: `produce` places
  /// them the same way, and `topic add-partitions` plans for it alone.
  public static let partitioner = OptionalSettingRow(
    "partitioner", env: "AETHER_PARTITIONER", key: .profile("partitioner"), kind: .partitioner, absent: "—")
  /// Events/s one consumer replica handles (scale hints).
  public static let capacity = OptionalSettingRow(
    "capacity", key: .profile("capacity"), kind: .positiveNumber, absent: "—")
  public static let timeoutSeconds = SettingRow(
    "timeout", flag: .option("timeout", value: "timeout"), key: .profile("timeout"), default: 10, kind: .timeout,
    help: "Timeout for every network call (e.g. 5s).")
  /// Mutations ask for the profile name to be typed back.
  public static let protected = SettingRow(
    "protected", key: .profile("protected"), default: false, kind: .boolean)
  public static let output = SettingRow(
    "output", flag: .option("output", short: "o", value: "output", completion: .values(OutputFormat.allCases.map(\.rawValue))), default: OutputFormat.table, kind: .outputFormat,
    help: "table, json, csv or plain.")
  /// librdkafka properties, passed through in file order; `-X` overrides the profile's key by key.
  public static let kafkaProperties = SettingRow(
    "kafka", flag: .option(nil, short: "X", value: "kafka-properties", repeatable: true), key: .profile("kafka"),
    default: [], kind: .kafkaProperties, shown: false, help: "librdkafka property KEY=VALUE (repeatable).")
  /// `sasl.password` from the environment; it takes the place of the profile's.
  public static let kafkaPassword = OptionalSettingRow(
    "kafka.sasl.password", env: "AETHER_KAFKA_PASSWORD", kind: .string, secret: true, shown: false)
  /// Read when a client is made, so a rotated secret is picked up and never sits in settings.
  public static let kafkaPasswordFile = OptionalSettingRow(
    "kafka.sasl.password file", flag: .option("password-file", value: "password-file", completion: .file(extensions: [])),
    key: .profile("kafka_password_file"), kind: .string,
    help: "SASL password from the first line of this file (env AETHER_KAFKA_PASSWORD); keeps it out of ps.")
  public static let prometheusToken = OptionalSettingRow(
    "prometheus token", env: "AETHER_PROMETHEUS_TOKEN", key: .profile("prometheus_token"), kind: .string, secret: true)
  /// Read when a request needs it, for the same reasons as the password file.
  public static let prometheusTokenFile = OptionalSettingRow(
    "prometheus token file", flag: .option("bearer-file", value: "bearer-file", completion: .file(extensions: [])),
    key: .profile("prometheus_token_file"), kind: .string, fileFor: "prometheus token",
    help: "Prometheus bearer token from the first line of this file (env AETHER_PROMETHEUS_TOKEN).")
  public static let prometheusUser = OptionalSettingRow(
    "prometheus user", key: .profile("prometheus_user"), kind: .string)
  public static let prometheusPassword = OptionalSettingRow(
    "prometheus password", key: .profile("prometheus_password"), kind: .string, secret: true)
  public static let alertmanager = SettingRow(
    "alertmanager", flag: .option("alertmanager", value: "alertmanager"), env: "AETHER_ALERTMANAGER_URL",
    key: .profile("alertmanager"), default: "http://localhost:9093", kind: .string,
    help: "Alertmanager URL (env AETHER_ALERTMANAGER_URL).")
  public static let alertmanagerToken = OptionalSettingRow(
    "alertmanager token", env: "AETHER_ALERTMANAGER_TOKEN", key: .profile("alertmanager_token"), kind: .string,
    secret: true)
  public static let alertmanagerTokenFile = OptionalSettingRow(
    "alertmanager token file",
    flag: .option("alertmanager-bearer-file", value: "alertmanager-bearer-file", completion: .file(extensions: [])),
    key: .profile("alertmanager_token_file"), kind: .string, fileFor: "alertmanager token",
    help: "Alertmanager bearer token from the first line of this file (env AETHER_ALERTMANAGER_TOKEN).")
  public static let alertmanagerUser = OptionalSettingRow(
    "alertmanager user", key: .profile("alertmanager_user"), kind: .string)
  public static let alertmanagerPassword = OptionalSettingRow(
    "alertmanager password", key: .profile("alertmanager_password"), kind: .string, secret: true)
  /// Who a silence says created it; $USER when the profile names nobody.
  public static let author = OptionalSettingRow("author", key: .profile("author"), kind: .string)
  public static let historySize = SettingRow(
    "history size", key: .file("history_size"), default: 1000, kind: .positiveInteger, shown: false)
  public static let sandbox = SettingRow(
    "sandbox", flag: .toggle("sandbox", values: ["kafka", "pipeline"]), default: SandboxMode.off, kind: .sandboxMode,
    shown: false,
    help: "Run against an in-process Kafka mock cluster; --sandbox=pipeline adds the pipeline's services, Prometheus and Alertmanager.")
  /// How much faster than real time a pipeline sandbox runs its alerts' windows and its consumer.
  public static let drillSpeed = SettingRow(
    "drill speed", flag: .option("drill-speed", value: "factor"), env: "AETHER_DRILL_SPEED", default: 1.0,
    kind: .drillFactor, shown: false,
    help: "With --sandbox=pipeline: alerts' for: windows and intervals divided, consumer rate multiplied by it.")
  /// Which Kafka a pipeline sandbox runs on: a real broker process when one is installed.
  public static let sandboxBroker = SettingRow(
    "sandbox broker",
    flag: .option("sandbox-broker", value: "broker", completion: .values(SandboxBroker.allCases.map(\.rawValue))),
    env: "AETHER_SANDBOX_BROKER", key: .file("sandbox_broker"), default: SandboxBroker.auto, kind: .sandboxBroker,
    shown: false,
    help: "With --sandbox=pipeline: auto (noida-db when installed, else the mock), noida or mock.")
  // The pipeline's own services, for the runbooks and the examples; a
  // pipeline sandbox points them at its stand-ins.
  public static let service = SettingRow(
    "service", env: "AETHER_SERVICE_URL", key: .profile("service"), default: "http://localhost:9010", kind: .string)
  public static let sink = SettingRow(
    "sink", env: "AETHER_SINK_URL", key: .profile("sink"), default: "http://localhost:9105", kind: .string)
  public static let exporter = SettingRow(
    "exporter", env: "AETHER_EXPORTER_URL", key: .profile("exporter"), default: "http://localhost:9308", kind: .string)
  public static let noColor = SettingRow(
    "no color", flag: .toggle("no-color"), env: "NO_COLOR", default: false, kind: .onOff, shown: false,
    help: "No colour (also when NO_COLOR is set).")
  /// Long output on a terminal goes through this pager, as git and psql
  /// page theirs; an empty AETHER_PAGER (git's rule for GIT_PAGER) or
  /// --no-pager turns it off. Unset: $PAGER, else `less -FRX`.
  public static let pager = OptionalSettingRow(
    "pager", env: "AETHER_PAGER", key: .file("pager"), kind: .string, shown: false)
  public static let noPager = SettingRow(
    "no pager", flag: .toggle("no-pager"), default: false, kind: .onOff, shown: false,
    help: "Never page long output (also with AETHER_PAGER set empty).")
  /// Once: every request and its time. Twice (`-vv`): librdkafka's own
  /// debug contexts too, unless `-X debug=…` names them.
  public static let verbose = SettingRow(
    "verbose", flag: .toggle("verbose", short: "v", counted: true), default: 0, kind: .switchCount, shown: false,
    help: "Log each request and its time to stderr; -vv adds librdkafka's debug log.")

  // The thresholds of the shipped rules (deploy/prometheus); a profile may override them so that the
  // shell's colours match the team's own dashboards.
  public static let lagCritical = SettingRow(
    "thresholds.lag", key: .profile("thresholds.lag"), default: Double(Thresholds().lagCritical),
    kind: .positiveNumber, shown: false)
  public static let etaWarn = SettingRow(
    "thresholds.eta_warn", key: .profile("thresholds.eta_warn"), default: Thresholds().etaWarn,
    kind: .positiveNumber, shown: false)
  public static let etaCritical = SettingRow(
    "thresholds.eta_critical", key: .profile("thresholds.eta_critical"), default: Thresholds().etaCritical,
    kind: .positiveNumber, shown: false)
  public static let behindWarn = SettingRow(
    "thresholds.behind_warn", key: .profile("thresholds.behind_warn"), default: Thresholds().behindWarn,
    kind: .positiveNumber, shown: false)
  public static let behindCritical = SettingRow(
    "thresholds.behind_critical", key: .profile("thresholds.behind_critical"), default: Thresholds().behindCritical,
    kind: .positiveNumber, shown: false)
  public static let skewWarn = SettingRow(
    "thresholds.skew_warn", key: .profile("thresholds.skew_warn"), default: Thresholds().skewWarn,
    kind: .positiveNumber, shown: false)
  public static let skewCritical = SettingRow(
    "thresholds.skew_critical", key: .profile("thresholds.skew_critical"), default: Thresholds().skewCritical,
    kind: .positiveNumber, shown: false)
  public static let consumersOk = SettingRow(
    "thresholds.consumers_ok", key: .profile("thresholds.consumers_ok"), default: Thresholds().consumersOk,
    kind: .positiveInteger, shown: false)
  /// How often the consumers commit: a lag within one interval's traffic is caught up (drain ETA, scale hint).
  public static let commitInterval = SettingRow(
    "commit interval", key: .profile("commit_interval"), default: Thresholds().commitInterval, kind: .duration,
    shown: false)
  public static let scaleCritical = SettingRow(
    "thresholds.scale_critical", key: .profile("thresholds.scale_critical"), default: Thresholds().scaleCritical,
    kind: .positiveInteger, shown: false)

  /// In the order of `config show`; the global options' help follows it
  /// within each kind (options, repeatable options, switches).
  public static let all: [any AnySettingRow] = [
    profile, brokers, prometheus, topic, group, partitioner, capacity, timeoutSeconds, protected, output,
    prometheusToken, prometheusTokenFile, kafkaPasswordFile, prometheusUser, prometheusPassword,
    alertmanager, alertmanagerToken, alertmanagerTokenFile, alertmanagerUser, alertmanagerPassword, author,
    service, sink, exporter,
    kafkaProperties, kafkaPassword, config, historySize, sandbox, drillSpeed, sandboxBroker, noColor, noPager, pager,
    verbose,
    lagCritical, etaWarn, etaCritical, behindWarn, behindCritical, skewWarn, skewCritical, consumersOk, scaleCritical,
    commitInterval,
  ]

  public static func row(named name: String) -> (any AnySettingRow)? { all.first { $0.name == name } }

  /// The rows a profile table may hold, by key; sub-tables by their dotted key.
  public static let profileRows: [String: any AnySettingRow] = Dictionary(
    uniqueKeysWithValues: all.compactMap { r in
      if case .profile(let k) = r.key { return (k, r) }
      return nil
    })
  public static let fileRows: [String: any AnySettingRow] = Dictionary(
    uniqueKeysWithValues: all.compactMap { r in
      if case .file(let k) = r.key { return (k, r) }
      return nil
    })
}
