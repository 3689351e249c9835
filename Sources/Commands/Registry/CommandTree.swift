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
  }

  package struct Positional {
    package var valueName: String
    package var values: [String]
    package var fileExtensions: [String]?
    package var isRepeating: Bool
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

  package init(json: String) {
    let object = (try? JSONSerialization.jsonObject(with: Data(json.utf8))) as? [String: Any]
    let command = object?["command"] as? [String: Any] ?? [:]
    root = Self.node(command)
  }

  static func node(_ c: [String: Any]) -> Node {
    var n = Node(name: c["commandName"] as? String ?? "")
    n.subcommands = (c["subcommands"] as? [[String: Any]] ?? []).map(node)
    for a in c["arguments"] as? [[String: Any]] ?? [] {
      let kind = a["kind"] as? String ?? ""
      let valueName = a["valueName"] as? String ?? ""
      var extensions: [String]?
      var values = a["allValues"] as? [String] ?? []
      if let ck = a["completionKind"] as? [String: Any], let file = ck["file"] as? [String: Any] {
        extensions = file["extensions"] as? [String] ?? []
      }
      // `completion: .list([...])`: the fixed words an option takes beside free values.
      if let ck = a["completionKind"] as? [String: Any], let list = ck["list"] as? [String: Any] {
        values += list["values"] as? [String] ?? []
      }
      switch kind {
      case "positional":
        n.positionals.append(
          Positional(
            valueName: valueName, values: values, fileExtensions: extensions,
            isRepeating: a["isRepeating"] as? Bool ?? false))
      case "option", "flag":
        let names = (a["names"] as? [[String: Any]] ?? []).compactMap { nameInfo -> String? in
          guard let name = nameInfo["name"] as? String else { return nil }
          return (nameInfo["kind"] as? String) == "long" ? "--" + name : "-" + name
        }
        n.options.append(
          Option(
            names: names, takesValue: kind == "option", isRepeating: a["isRepeating"] as? Bool ?? false,
            valueName: valueName, values: values, fileExtensions: extensions))
      default: break
      }
    }
    return n
  }
}
