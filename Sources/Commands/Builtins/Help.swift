import ArgumentParser
import Capacity
import Config
import Formats
import Foundation
import Host
import Output
import Prometheus
import ScriptLanguage

/// Help for the parts of the language that are not commands.
struct LanguageTopic {
  var name: String
  var synopsis: String
  var text: String
}

let languageHelpTopics: [LanguageTopic] = [
  LanguageTopic(
    name: "set", synopsis: "set NAME VALUE… | set on-error|output|timing VALUE",
    text: "Set a variable (values joined by spaces) or a session setting: on-error stop|continue, output table|json|csv|plain, timing on|off."),
  LanguageTopic(name: "unset", synopsis: "unset NAME…", text: "Remove variables."),
  LanguageTopic(
    name: "if", synopsis: "if CONDITION … [else if CONDITION …] [else …] end",
    text: "CONDITION: A OP B with == != < <= > >= (numeric when both sides are numbers), not CONDITION, or a command (true when it exits 0)."),
  LanguageTopic(
    name: "for", synopsis: "for NAME in WORD… | for NAME in A..B … end",
    text: "Loop over words (unquoted $VAR and $(…) split on blanks) or an integer range, both ends included."),
  LanguageTopic(
    name: "assert", synopsis: "assert CONDITION [--message TEXT]",
    text: "Fail the script (status 1) when CONDITION is false."),
  LanguageTopic(
    name: "wait", synopsis: "wait [--timeout DURATION] [--every DURATION] CONDITION",
    text: "Re-evaluate CONDITION, $(…) included, every DURATION (default 1s) until it holds; fail after the timeout (default 60s)."),
  LanguageTopic(
    name: "include", synopsis: "include FILE",
    text: "Run FILE in this session, relative to the including file. Include cycles are an error."),
  LanguageTopic(
    name: "!", synopsis: "! SHELL COMMAND",
    text: "Run the rest of the line with /bin/sh; the script's variables are in its environment."),
  LanguageTopic(
    name: "variables", synopsis: "$NAME ${NAME} ${NAME:-default} $1…$9 $# $? $(COMMAND …)",
    text: "An unset name falls back to the environment; still unset is an error. $(…) is replaced by the command's plain output, trimmed. '…' is literal; \"…\" expands variables."),
]

struct Help: AetherCommand, GroupedCommand {
  static let group = CommandGroup.shell
  static let configuration = CommandConfiguration(
    commandName: "help", abstract: "List commands, or show one command's help.")

  @Argument(
    help: "A command (and subcommand), or a language keyword such as 'if' or 'wait'.",
    completion: .list(Registry.names + languageHelpTopics.map(\.name)))
  var topic: [String] = []

  var needsSettings: Bool { false }

  func execute(_ ctx: CommandContext) throws -> Report {
    guard let first = topic.first else { return .text(Help.overview()) }
    if let t = languageHelpTopics.first(where: { $0.name == first }) {
      return .text("\(t.synopsis)\n\n\(t.text)")
    }
    guard Registry.command(named: first) != nil else {
      var m = "no help for '\(first)'"
      if let s = closestMatch(first, in: Registry.names + languageHelpTopics.map(\.name)) {
        m += "; did you mean '\(s)'?"
      }
      throw CommandFailure.usage(m)
    }
    switch Registry.parse(topic + ["--help"]) {
    case .help(let text): return .text(text)
    case .failure(let f): throw f
    case .command: return .text(Help.overview())
    }
  }

  /// The command list grouped as operators think of it, then the language.
  static func overview() -> String {
    var out = "aetherctl \(AetherVersion.string): a shell for the aetherlink event pipeline.\n"
    out += "Usage: COMMAND [ARG…]   ('help COMMAND' or 'COMMAND --help' for details)\n"
    for group in CommandGroup.allCases {
      let commands = Registry.commands.filter { $0.group == group }
      guard !commands.isEmpty else { continue }
      out += "\n\(group.rawValue):\n"
      for c in commands {
        let name = c.commandName
        out += "  " + name.padding(toLength: 14, withPad: " ", startingAt: 0)
          + (c.configuration.abstract) + "\n"
      }
    }
    out += "\nLanguage:\n"
    for t in languageHelpTopics {
      out += "  " + t.synopsis + "\n"
    }
    return out
  }
}

/// `aetherctl --help`'s list of commands, for the front door.
package func commandOverview() -> String { Help.overview() }
