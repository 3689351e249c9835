import ArgumentParser
import Foundation

/// The commands as ArgumentParser declares them (its `_dumpHelp` JSON), so
/// that completion never keeps a second list of names and flags.
struct CommandTree {
  struct Option {
    var names: [String]
    var takesValue: Bool
    var valueName: String
    var values: [String]
    var fileExtensions: [String]?
  }

  struct Positional {
    var valueName: String
    var values: [String]
    var fileExtensions: [String]?
    var isRepeating: Bool
  }

  struct Node {
    var name: String
    var subcommands: [Node] = []
    var options: [Option] = []
    var positionals: [Positional] = []

    func subcommand(_ name: String) -> Node? { subcommands.first { $0.name == name } }

    func option(named name: String) -> Option? { options.first { $0.names.contains(name) } }
  }

  let root: Node

  static let shared = CommandTree(json: Registry.Root._dumpHelp())

  init(json: String) {
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
            names: names, takesValue: kind == "option", valueName: valueName, values: values,
            fileExtensions: extensions))
      default: break
      }
    }
    return n
  }
}
