/// One reading of a command line against the declarations, shared by what
/// looks at a line without parsing it (the repeated-option check, the typo
/// hints, the shell's completion): the command named, down its subcommands,
/// and what each later word is. ArgumentParser still parses; this only
/// says, the same way for all of them, which word is an option, which is
/// its value and which is the n-th positional.
package struct CommandLineWalk {
  package enum Role: Equatable {
    /// A declared option; `inline` when its value is in the word (`--x=v`).
    case option(names: [String], inline: Bool)
    /// The value of the option before it.
    case value
    /// The n-th positional (from 0), after options and their values.
    case positional(Int)
    /// `--`, after which every word is a positional.
    case terminator
    /// Looks like an option, but the command declares none by that name.
    case unknownOption(String)
  }

  package var node: CommandTree.Node
  /// The command and subcommand names, as declared.
  package var path: [String]
  /// The words after the path, each with its role.
  package var words: [(word: String, role: Role)] = []

  /// The words of `argv` (a command first); nil when no command is named.
  package init?(_ argv: [String], tree: CommandTree = .shared) {
    guard let (node, path) = Self.command(argv, tree: tree) else { return nil }
    let i = path.count
    self.node = node
    self.path = path
    var positionals = 0
    var terminated = false
    var wantsValue = false
    for w in argv[i...] {
      if wantsValue {
        words.append((w, .value))
        wantsValue = false
      } else if terminated || !Self.looksLikeOption(w) {
        words.append((w, .positional(positionals)))
        positionals += 1
      } else if w == "--" {
        words.append((w, .terminator))
        terminated = true
      } else if let option = node.option(named: Self.optionName(w)) {
        let inline = w.hasPrefix("--") ? w.contains("=") : w.count > 2
        words.append((w, .option(names: option.names, inline: inline)))
        wantsValue = option.takesValue && !inline
      } else {
        words.append((w, .unknownOption(Self.optionName(w))))
      }
    }
  }

  /// The command `argv` names, down its subcommands, and their names.
  static func command(_ argv: [String], tree: CommandTree = .shared) -> (CommandTree.Node, [String])? {
    guard let first = argv.first, var node = tree.root.subcommand(first) else { return nil }
    var path = [first]
    while path.count < argv.count, let sub = node.subcommand(argv[path.count]) {
      node = sub
      path.append(sub.name)
    }
    return (node, path)
  }

  /// The option a word names: `--name` of `--name=value`, `-n` of `-n5`.
  package static func optionName(_ w: String) -> String {
    w.hasPrefix("--") ? String(w.prefix { $0 != "=" }) : String(w.prefix(2))
  }

  /// An option word, not a value: `-` (stdin) and negative numbers are values.
  static func looksLikeOption(_ w: String) -> Bool {
    w.hasPrefix("-") && w.count > 1 && Double(w) == nil
  }

  /// How many positionals the words hold.
  package var positionalCount: Int {
    words.reduce(0) { n, w in if case .positional = w.role { return n + 1 } else { return n } }
  }

  /// The positional the n-th one is declared as: the last one when it repeats.
  package func positional(_ n: Int) -> CommandTree.Positional? {
    if n < node.positionals.count { return node.positionals[n] }
    return node.positionals.last.flatMap { $0.isRepeating ? $0 : nil }
  }
}
