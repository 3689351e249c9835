/// Global options written after the command, as operators type them
/// (`prom query up --timeout 2s`). They are taken out only when the command
/// does not parse with them, so a command's own option of the same name
/// (`http get --timeout`) always wins. The names come from the global
/// options' own declaration; the invocation modes (-f, -c, --check, --norc)
/// are not settings and stay where they are.
enum TrailingGlobals {
  static let options: [CommandTree.Option] = {
    let modes: Set<String> = ["-f", "-c", "--check", "--norc", "--help", "-h", "--version"]
    return CommandTree(json: Invocation._dumpHelp()).root.options.filter { o in !o.names.contains(where: modes.contains) }
  }()

  /// Long names only: a short one after the command is more likely a
  /// misplaced option of the command itself (kcat's `-p 0` for a partition)
  /// than a global, and must not be reinterpreted silently.
  static func option(_ word: String) -> (CommandTree.Option, inlineValue: Bool)? {
    guard word.hasPrefix("--") else { return nil }
    let name = String(word.split(separator: "=", maxSplits: 1)[0])
    guard let o = options.first(where: { $0.names.contains(name) }) else { return nil }
    return (o, name != word)
  }

  /// argv without the global options found after the command word, and those
  /// options (with their values) in order; nil when there are none.
  static func split(_ argv: [String]) -> (command: [String], globals: [String])? {
    var command: [String] = argv.isEmpty ? [] : [argv[0]]
    var globals: [String] = []
    var i = 1
    while i < argv.count {
      let w = argv[i]
      if w == "--" {
        command += argv[i...]
        break
      }
      if let (o, inline) = option(w) {
        globals.append(w)
        if o.takesValue && !inline && i + 1 < argv.count {
          globals.append(argv[i + 1])
          i += 1
        }
      } else {
        command.append(w)
      }
      i += 1
    }
    return globals.isEmpty ? nil : (command, globals)
  }
}
