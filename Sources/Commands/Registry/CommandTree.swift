import ArgumentParser
import Capacity
import Config
import Formats
import Foundation
import Host
import Output
import Prometheus
import ScriptLanguage

/// The commands as ArgumentParser declares them (its `_dumpHelp` JSON), so
/// that completion never keeps a second list of names and flags.
package struct CommandTree {
  package struct Option {
    package var names: [String]
    package var takesValue: Bool
    /// Takes a value each time it is given (an array option, `--header`).
    package var isRepeating: Bool = false
    package var valueName: String
    package var values: [String]
    package var fileExtensions: [String]?
    /// Its values are names its own completion closure gives (`.names(KIND)`):
    /// asked for with `CompletionRoot.names`, as the scripts ask.
    package var completesNames = false
  }

  package struct Positional {
    package var valueName: String
    package var values: [String]
    package var fileExtensions: [String]?
    package var isRepeating: Bool
    package var completesNames = false
    /// How the completion callback names it: `positional@N`.
    package var index = 0
  }

  package struct Node {
    package var name: String
    package var subcommands: [Node] = []
    package var options: [Option] = []
    package var positionals: [Positional] = []

    package func subcommand(_ name: String) -> Node? { subcommands.first { $0.name == name } }

    package func option(named name: String) -> Option? { options.first { $0.names.contains(name) } }
  }

  package let root: Node

  package static let shared = CommandTree(json: Registry.Root._dumpHelp())

  /// The tree of the one command `argv` names (its subcommands included),
  /// for checks made while a line is parsed. Dumping every command cost
  /// 134 M instructions, a quarter of a one-shot `tail`'s start, where one
  /// command's dump costs a hundredth of that (docs/BENCHMARKS.md).
  package static func command(_ argv: [String]) -> CommandTree? {
    guard let first = argv.first, let type = Registry.command(named: first) else { return nil }
    var node = CommandTree(json: type._dumpHelp()).root
    // Named as the line names it (an alias too), as the whole tree's walk would.
    node.name = first
    // Dumped as a root, a group gains ArgumentParser's generated `help`
    // subcommand, which it does not have under aetherctl.
    let declared = Set(type.configuration.subcommands.map { $0._commandName })
    node.subcommands.removeAll { !declared.contains($0.name) }
    return CommandTree(root: Node(name: "", subcommands: [node]))
  }

  init(root: Node) { self.root = root }

  package init(json: String) {
    let dump = try? JSONDecoder().decode(HelpDump.self, from: Data(json.utf8))
    root = dump.map { Self.node($0.command) } ?? Node(name: "")
  }

  static func node(_ c: HelpDump.Command) -> Node {
    var n = Node(name: c.commandName)
    n.subcommands = (c.subcommands ?? []).map(node)
    for a in c.arguments ?? [] {
      let valueName = a.valueName ?? ""
      // `completion: .list([...])`: the fixed words an option takes beside free values.
      let values = (a.allValues ?? []) + (a.completionKind?.list?.values ?? [])
      let extensions = a.completionKind?.file.map { $0.extensions ?? [] }
      let names = a.completionKind?.custom != nil
      switch a.kind {
      case "positional":
        n.positionals.append(
          Positional(
            valueName: valueName, values: values, fileExtensions: extensions, isRepeating: a.isRepeating ?? false,
            completesNames: names, index: n.positionals.count))
      case "option", "flag":
        let spelled = (a.names ?? []).map { $0.kind == "long" ? "--" + $0.name : "-" + $0.name }
        n.options.append(
          Option(
            names: spelled, takesValue: a.kind == "option", isRepeating: a.isRepeating ?? false,
            valueName: valueName, values: values, fileExtensions: extensions, completesNames: names))
      default: break
      }
    }
    return n
  }
}

/// The part of ArgumentParser's `_dumpHelp` JSON (ToolInfo v0) the tree is
/// read from, decoded once into typed values.
package struct HelpDump: Decodable {
  package struct Command: Decodable {
    var commandName: String
    var subcommands: [Command]?
    var arguments: [Argument]?
  }

  struct Argument: Decodable {
    var kind: String
    var valueName: String?
    var allValues: [String]?
    var isRepeating: Bool?
    var names: [Name]?
    var completionKind: CompletionKind?
  }

  struct Name: Decodable {
    var kind: String
    var name: String
  }

  struct CompletionKind: Decodable {
    struct File: Decodable { var extensions: [String]? }
    struct List: Decodable { var values: [String]? }
    struct Custom: Decodable {}
    var file: File?
    var list: List?
    var custom: Custom?
  }

  var command: Command
}
