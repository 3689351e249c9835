import Testing

@testable import Commands
@testable import TOML
@testable import Shell
@testable import Output
@testable import Config
@testable import Host

/// Names as the shell's cache would hold them, so completion is tested
/// without a cluster or a Prometheus.
final class FixedNames: ShellNames {
  func names(_ kind: NameKind, words: [String]) -> [String] {
    switch kind {
    case .topics: return ["aetherlink.events", "apexflow.leads.created"]
    case .groups: return ["crm-events-sse"]
    case .metrics: return ["kafka:group_lag_sum", "kafka:group_skew_ratio", "up"]
    case .runbooks: return ["CrmEventsConsumerLagHigh", "CrmEventsServiceDown"]
    case .fixes: return ["list", "reset-offsets"]
    case .fixArguments: return NameKind.fixName(in: words) == "reset-offsets" ? ["to=", "topic="] : []
    case .alertMatchers: return ["CrmEventsSinkDown", #"severity="critical""#]
    case .silenceIDs: return ["6a1f0c2e-0000-4000-8000-000000000001"]
    case .silenceTargets: return ["6a1f0c2e-0000-4000-8000-000000000001", "CrmEventsSinkDown", #"severity="critical""#]
    case .profiles: return ["local"]
    }
  }
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
    // Options that name a topic or a group complete them as the positionals do.
    ("lag crm-events-sse --topic aeth", ["aetherlink.events"]),
    ("tail aetherlink.events --group c", ["crm-events-sse"]),
    ("if lag crm-events-sse --topic a", ["aetherlink.events", "apexflow.leads.created"]),
    ("profile use l", ["local"]),
    ("fix reset-offsets crm-events-sse t", ["to=", "topic="]),
    ("fix l", ["list"]),
    ("prom series u", ["up"]),
  ])
  func completes(line: String, expected: [String]) {
    #expect(completer.complete(line).candidates == expected, "\(line)")
  }

  /// An empty prompt offers commands and the words that start a statement:
  /// not `else`/`end` (they close a block) nor `not` (it follows `if`).
  @Test func anEmptyLineOffersWhatStartsAStatement() {
    let empty = completer.complete("").candidates
    #expect(empty.contains("lag") && empty.contains("if") && empty.contains("set"))
    #expect(!empty.contains("else") && !empty.contains("end") && !empty.contains("not"), "\(empty)")
    #expect(completer.complete("e").candidates.contains("end"))
    #expect(completer.complete("if n").candidates == ["not"])
    #expect(completer.complete("if not n").candidates.isEmpty)
  }
}

/// Which names an argument completes is declared once, on the argument: the
/// shell reads it from the same declaration the completion scripts call.
struct NameDeclarationTests {
  /// Every argument that takes a topic or a group declares it: none is left
  /// to the shell to guess from its value name.
  @Test func topicAndGroupArgumentsDeclareTheirNames() {
    var missing: [String] = []
    func walk(_ node: CommandTree.Node, _ path: [String]) {
      let here = path.joined(separator: " ")
      for o in node.options where ["topic", "group"].contains(o.valueName) && !o.completesNames && !o.isRepeating {
        missing.append("\(here) \(o.names.joined(separator: "/"))")
      }
      // `help <topic>` lists its own words (commands and language topics).
      for p in node.positionals
      where ["topic", "topic-name", "group", "group-name"].contains(p.valueName) && !p.completesNames && p.values.isEmpty {
        missing.append("\(here) <\(p.valueName)>")
      }
      for sub in node.subcommands { walk(sub, path + [sub.name]) }
    }
    walk(CommandTree.shared.root, [])
    #expect(missing.isEmpty, "\(missing)")
  }

  /// The shell's answer is the declaration's: asked in process exactly as
  /// the scripts ask, with the names from the given source.
  @Test func theShellAsksTheDeclaration() {
    let names = CompletionRoot.names(
      path: ["tail"], argument: "positional@0", words: ["aetherctl", "tail", "apex"], source: FixedNames())
    #expect(names == ["apexflow.leads.created"])
    let none = CompletionRoot.names(
      path: ["tail"], argument: "--no-such-option", words: ["aetherctl", "tail", "x"], source: FixedNames())
    #expect(none.isEmpty)
  }
}

/// The checks made while a line is parsed read one command's tree; it must
/// be that command's part of the whole tree, or a line would be judged by
/// other declarations than completion and help show.
struct OneCommandTreeTests {
  static func shape(_ n: CommandTree.Node) -> String {
    let options = n.options.map { "\($0.names)\($0.takesValue)\($0.isRepeating)\($0.valueName)\($0.values)" }
    let positionals = n.positionals.map { "\($0.valueName)\($0.isRepeating)\($0.values)\($0.index)" }
    return "\(n.name)(\(options);\(positionals);\(n.subcommands.map(shape)))"
  }

  @Test func eachCommandsTreeIsItsPartOfTheWhole() throws {
    let whole = CommandTree.shared.root
    for c in Registry.commands {
      let name = c.commandName
      let alone = try #require(CommandTree.command([name])?.root.subcommands.first, "\(name)")
      let part = Self.shape(try #require(whole.subcommand(name)))
      #expect(Self.shape(alone) == part, "\(name)")
    }
    #expect(CommandTree.command(["no-such-command"]) == nil)
  }
}
