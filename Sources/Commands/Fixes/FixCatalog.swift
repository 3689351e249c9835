import Capacity
import Config
import Formats
import Host
import Output
import Prometheus
import ScriptLanguage

/// A quick fix: built in (Kafka-native, run as aetherctl commands) or from the
/// config (`[fixes.NAME] run = [argv…]`, run with posix_spawn, never a shell).
package struct QuickFix {
  enum Action {
    /// aetherctl commands: the dry run shown first, then the change.
    case native(preview: [String]?, change: [String])
    /// A program and its arguments.
    case program([String])
  }

  package var name: String
  var summary: String
  package var template: FixTemplate
  /// Values used when neither an argument nor the profile gives one.
  var defaults: [String: String] = [:]
  var builtIn: Bool
  /// Shows and changes nothing (the sandbox's logs): runs without asking.
  var readOnly = false

  /// The filled argv, or an error naming what is missing, before anything runs.
  func action(arguments: [String], profile: [String: String]) throws -> Action {
    var known = defaults
    for (k, v) in profile { known[k] = v }
    let argv: [String]
    do {
      argv = try template.fill(arguments: arguments, defaults: known)
    } catch {
      throw CommandFailure(error, about: name)
    }
    guard builtIn else { return .program(argv) }
    if argv.first == "group", argv.dropFirst().first == "seek" {
      return .native(preview: argv, change: argv + ["--execute"])
    }
    return .native(preview: nil, change: argv)
  }
}

package enum FixCatalog {
  static let builtIn: [QuickFix] = [
    QuickFix(
      name: "reset-offsets",
      summary: "Reset a group's committed offsets (to=start|end|OFFSET|@TIME|-DURATION); shows the plan first",
      template: FixTemplate(argv: ["group", "seek", "{group}", "--to", "{to}", "--topic", "{topic}"]),
      defaults: ["to": "start"], builtIn: true),
    QuickFix(
      name: "test-event",
      summary: "Publish one HealthCheck event to the topic",
      template: FixTemplate(argv: [
        "produce", "{topic}", #"{"Type":"HealthCheck","Ts":"{{now}}"}"#, "--count", "1",
      ]), builtIn: true),
  ]

  /// In a pipeline sandbox, the container fixes the examples and runbooks
  /// name (examples/README.md) act on the sandbox's parts, with the same
  /// placeholders: `fix stop container=aether-crm-events` takes the consumer
  /// service down as `docker stop` would. They replace the config's fixes of
  /// those names there, since no container of the session is real.
  static let sandbox: [QuickFix] =
    [
      ("stop", "Stop a sandbox part by its container name", ["{container}", "stop"]),
      ("start", "Start a sandbox part by its container name", ["{container}", "start"]),
      ("restart", "Restart a sandbox part by its service name", ["{service}", "restart"]),
      ("restart-core", "Restart a sandbox part by its service name", ["{service}", "restart"]),
      ("scale", "Scale the sandbox's consumer service", ["{service}", "scale", "{replicas}"]),
      ("logs", "A sandbox part's last log lines, with timestamps", ["{service}", "logs"]),
      ("logs-core", "A sandbox part's last log lines, with timestamps", ["{service}", "logs"]),
    ].map { name, summary, words in
      QuickFix(
        name: name, summary: summary + " (sandbox control)",
        template: FixTemplate(argv: ["sandbox", "control", "container"] + words), builtIn: true,
        readOnly: words.last == "logs")
    }

  package static func all(_ ctx: CommandContext) -> [QuickFix] {
    var fixes = builtIn
    for d in ctx.config.fixes {
      let fix = QuickFix(
        name: d.name, summary: d.summary ?? d.run.joined(separator: " "), template: FixTemplate(argv: d.run),
        builtIn: false)
      fixes.removeAll { $0.name == d.name }
      fixes.append(fix)
    }
    if ctx.pipeline != nil {
      for fix in sandbox {
        fixes.removeAll { $0.name == fix.name }
        fixes.append(fix)
      }
    }
    return fixes.sorted { $0.name < $1.name }
  }

  /// What TAB offers for the words after `fix NAME` (`FixArgumentNames`).
  package static func argumentCandidates(words: [String], _ ctx: CommandContext, names: (NameKind) -> [String]) -> [String] {
    guard let name = NameKind.fixName(in: words) else { return [] }
    let placeholders = all(ctx).first { $0.name == name }?.template.placeholders ?? []
    return FixArgumentNames.candidates(placeholders: placeholders, words: words, names: names)
  }

  /// Profile values a template may name: `{topic}`, `{group}`, `{brokers}`, `{prometheus}`, `{profile}`.
  static func profileValues(_ s: Settings) -> [String: String] {
    [
      "topic": s.topic.value, "group": s.group.value, "brokers": s.brokers.value,
      "prometheus": s.prometheus.value, "profile": s.profile.value,
    ]
  }
}
