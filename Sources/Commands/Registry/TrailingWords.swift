/// A command whose last positional takes any number of words (`echo`,
/// `watch 5s …`, `fix NAME …`). ArgumentParser removes the words it used one
/// by one, in the order of a hash set, from an array it scans from the start
/// each time: a line of 8,000 words took seconds, 50,000 minutes. Such a line
/// is parsed on its options and its first words, and the rest of the
/// variadic positional's words are handed over here, in order, so parsing
/// stays linear in the words.
protocol TrailingWords: AetherCommand {
  /// How the variadic positional takes its words.
  static var trailingParsing: TrailingParsing { get }
  mutating func append(trailing words: [String])
  /// The command's checks, run on all its words: while ArgumentParser sees
  /// only the first ones, `validate` waits for the rest.
  func validateWords() throws
}

extension TrailingWords {
  func validate() throws {
    if !TrailingSplit.isPartial { try validateWords() }
  }

  func validateWords() throws {}
}

enum TrailingParsing {
  /// Plain words; options may still come anywhere (ArgumentParser's default).
  case remaining
  /// From its first word on, every word is the positional's (`watch 5s CMD …`).
  case passthrough
  /// Options the command does not declare are words too (`echo`).
  case unrecognized
}

enum TrailingSplit {
  /// Set while ArgumentParser parses the first words of a long line.
  @TaskLocal static var isPartial = false

  /// Below this many words ArgumentParser sees the whole line.
  static let wholeBelow = 64

  /// The words ArgumentParser should see, and the variadic positional's
  /// words after its first, which it need not. Options (with their values,
  /// read from the command's declarations) stay where they are.
  static func split(_ argv: [String], parsing: TrailingParsing) -> (parsed: [String], trailing: [String]) {
    // ArgumentParser's own reading of words, not CommandLineWalk's: what
    // it is handed must parse exactly as the whole line would (`-5` stays
    // for it to refuse, `echo` keeps unknown options and `--` as words).
    guard argv.count >= wholeBelow, let (node, path) = CommandLineWalk.command(argv) else { return (argv, []) }
    var i = path.count
    guard node.positionals.last?.isRepeating == true else { return (argv, []) }
    let before = node.positionals.count - 1
    var kept = Array(argv[..<i])
    var moved: [String] = []
    var positionals = 0
    var terminated = false
    while i < argv.count {
      let w = argv[i]
      if parsing == .passthrough && positionals > before {
        moved += argv[i...]
        break
      }
      if !terminated && w == "--" {
        terminated = true
        // `echo` keeps the `--` among its words, in its place.
        if parsing == .unrecognized && positionals > before { moved.append(w) } else { kept.append(w) }
      } else if !terminated && parsing == .remaining && w.hasPrefix("-") && Double(w) != nil {
        // ArgumentParser refuses `-5` here as an unknown option; it must see it.
        kept.append(w)
      } else if !terminated && w.hasPrefix("-") && w.count > 1 && Double(w) == nil {
        if let option = node.option(named: CommandLineWalk.optionName(w)) {
          kept.append(w)
          if option.takesValue && !w.contains("="), i + 1 < argv.count {
            i += 1
            kept.append(argv[i])
          }
        } else if parsing == .unrecognized && positionals > before {
          moved.append(w)
        } else {
          // An option nobody declares stays, for ArgumentParser's error.
          kept.append(w)
        }
      } else {
        positionals += 1
        if positionals > before + 1 { moved.append(w) } else { kept.append(w) }
      }
      i += 1
    }
    return (kept, moved)
  }

}
