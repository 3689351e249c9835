import ArgumentParser
import Capacity
import Config
import Formats
import Host
import Output
import Prometheus
import ScriptLanguage

/// Every command aetherctl has, declared once. Parsing, `help`, error messages,
/// REPL completion and the shell completion scripts all derive from this list.
public enum Registry {
  public static let commands: [GroupedCommand.Type] = [
    Topics.self, TopicCommand.self, Produce.self, Tail.self, Groups.self, GroupCommand.self, Lag.self, Status.self, Dashboard.self,
    SandboxCommand.self,
    PromCommand.self, AMCommand.self, HTTPCommand.self, Health.self, Metrics.self, SSE.self,
    Eta.self, ScaleHintCommand.self, Skew.self,
    RunbookCommand.self, Fix.self, Step.self, Remedy.self,
    Echo.self, Sleep.self, Exit.self, Help.self, History.self, WatchCommand.self, Version.self, ConfigCommand.self,
    Completions.self,
    ProfileCommand.self,
  ]

  public static var names: [String] { commands.map { $0.commandName } }

  public static func command(named name: String) -> GroupedCommand.Type? {
    commands.first { $0.commandName == name || ($0.configuration.aliases.contains(name)) }
  }

  public static func parse(_ argv: [String]) -> ParsedCommand {
    guard let first = argv.first else { return .help(Help.overview()) }
    guard command(named: first) != nil else {
      // Control characters are shown, not sent: garbage must not drive the terminal.
      // A newline or tab in it must not forge another line of stderr either.
      let shown = visibleControls(first).replacingOccurrences(of: "\n", with: "\\x0A")
        .replacingOccurrences(of: "\t", with: "\\x09")
      var message = "unknown command '\(shown)'"
      if let s = closestMatch(first, in: names + languageHelpTopics.map(\.name)) {
        message += "; did you mean '\(s)'?"
      }
      message += " (try 'help')"
      return .failure(.usage(message))
    }
    if let type = helpTarget(argv) { return .help(Root.helpMessage(for: type)) }
    if let repeated = repeatedOption(argv) {
      return .failure(.usage("\(first): \(repeated) (see 'help \(first)')"))
    }
    do {
      let parsed = try parseLinearly(argv)
      if let c = parsed as? AetherCommand { return .command(c, globals: GlobalFlags()) }
      return .help(Root.helpMessage(for: type(of: parsed)))
    } catch {
      if Root.exitCode(for: error) == .success {
        return .help(Root.fullMessage(for: error))
      }
      // A command's own option named like a global that only goes before the
      // command is the command's: its error (`sandbox serve --drill-speed 30`
      // without --pipeline) stands, rather than "goes before the command".
      if let (command, globals) = TrailingGlobals.split(argv),
        !declaresOption(of: globals.filter(TrailingGlobals.isStartUpOnly), in: argv),
        let c = try? parseLinearly(command) as? AetherCommand
      {
        do {
          return .command(c, globals: try TrailingGlobals.parse(globals))
        } catch {
          return .failure(CommandFailure(status: error.status, "\(first): \(error.message)"))
        }
      }
      var message = Root.message(for: error)
      if message.isEmpty { message = "\(error)" }
      if let typo = typoMessage(argv) { message = typo }
      return .failure(.usage("\(first): \(message) (see 'help \(first)')"))
    }
  }

  /// ArgumentParser's parse, in time linear in the words (TrailingWords).
  static func parseLinearly(_ argv: [String]) throws -> ParsableCommand {
    let variadic = leafType(argv) as? any TrailingWords.Type
    let (words, trailing) = variadic.map { TrailingSplit.split(argv, parsing: $0.trailingParsing) } ?? (argv, [])
    let parsed = try TrailingSplit.$isPartial.withValue(!trailing.isEmpty) { try Root.parseAsRoot(words) }
    guard !trailing.isEmpty, var t = parsed as? any TrailingWords else { return parsed }
    t.append(trailing: trailing)
    try t.validateWords()
    return t
  }

  /// The command `argv` names, down its subcommands, without parsing it.
  static func leafType(_ argv: [String]) -> ParsableCommand.Type {
    var type: ParsableCommand.Type = Root.self
    for word in argv {
      guard
        let sub = type.configuration.subcommands.first(where: {
          $0._commandName == word || $0.configuration.aliases.contains(word)
        })
      else { break }
      type = sub
    }
    return type
  }

  /// An option that takes one value, given more than once. ArgumentParser
  /// keeps the last one silently, so `lag G --topic A --topic B` would answer
  /// for B alone as if A had never been asked about: refused instead. Array
  /// options (`--header`, `-X`) take every value. The command tree is read
  /// only when the line has two option words or more, so the common line
  /// costs nothing; then the words are walked with the command's own declarations
  /// (a value is never taken for an option, short and long forms count
  /// together), stopping where a positional takes the rest of the line
  /// (`watch 5s lag G -o table`: the inner command's options are its own).
  static func repeatedOption(_ argv: [String]) -> String? {
    // Two option words at least (`-n 1 --limit 2` is one option twice, under two spellings).
    var optionWords = 0
    for w in argv.dropFirst() {
      if w == "--" { break }
      if w.hasPrefix("-"), w.count > 1 { optionWords += 1 }
    }
    guard optionWords >= 2, let tree = CommandTree.command(argv), let walk = CommandLineWalk(argv, tree: tree) else {
      return nil
    }
    var given: Set<String> = []
    for (w, role) in walk.words {
      switch role {
      case .terminator: return nil
      case .option(let names, _):
        guard let option = walk.node.option(named: names[0]), option.takesValue, !option.isRepeating else { continue }
        guard given.insert(names[0]).inserted else {
          return "\(CommandLineWalk.optionName(w)) takes one value, given more than once: ask once per value"
        }
      case .positional(let n):
        // The rest of the line is a repeating positional's (`watch 5s lag G -o table`).
        if n + 1 == walk.node.positionals.count, walk.node.positionals.last?.isRepeating == true { return nil }
      case .value, .unknownOption: continue
      }
    }
    return nil
  }

  /// Whether the command argv names declares an option named like one of `globals`.
  static func declaresOption(of globals: [String], in argv: [String]) -> Bool {
    guard let tree = CommandTree.command(argv), let node = CommandLineWalk(argv, tree: tree)?.node else { return false }
    return globals.contains { w in w.hasPrefix("--") && node.option(named: CommandLineWalk.optionName(w)) != nil }
  }

  /// A subcommand or flag that does not exist, with the nearest one that
  /// does; nil when the problem is something else.
  static func typoMessage(_ argv: [String]) -> String? {
    guard let tree = CommandTree.command(argv), let walk = CommandLineWalk(argv, tree: tree) else { return nil }
    let node = walk.node
    if !node.subcommands.isEmpty, let first = walk.words.first, case .positional = first.role {
      let w = first.word
      var m = "unknown subcommand '\(w)' of '\(walk.path.joined(separator: " "))'"
      if let s = closestMatch(w, in: node.subcommands.map(\.name)) { m += "; did you mean '\(s)'?" }
      return m + " (subcommands: \(node.subcommands.map(\.name).joined(separator: ", ")))"
    }
    let names = node.options.flatMap(\.names) + ["--help", "-h"]
    for (w, role) in walk.words {
      if role == .terminator { break }
      guard case .unknownOption(let name) = role else { continue }
      if TrailingGlobals.option(w) != nil || w == "--help" || w == "-h" { continue }
      // Short flags may be bundled (-abc); leave those to ArgumentParser.
      if !w.hasPrefix("--") && w.count > 2 { return nil }
      var m = "unknown option '\(name)'"
      if let s = closestMatch(name, in: names) { m += "; did you mean '\(s)'?" }
      return m
    }
    return nil
  }

  /// `COMMAND [SUB] --help|-h`: the deepest command named before the flag.
  /// Resolved here because ArgumentParser's own `help` subcommand would
  /// otherwise answer for ours.
  static func helpTarget(_ argv: [String]) -> ParsableCommand.Type? {
    guard argv.contains(where: { $0 == "--help" || $0 == "-h" }) else { return nil }
    guard let first = argv.first, command(named: first) != nil else { return nil }
    return leafType(argv)
  }

  /// Static check for `--check` and before a script runs: the command exists
  /// and, when every word is known, its flags and values parse.
  public static func check(_ words: [String?]) -> String? {
    guard let first = words.first else { return nil }
    guard let name = first else { return nil }
    if command(named: name) == nil {
      if case .failure(let f) = parse([name]) { return f.message }
      return nil
    }
    if words.allSatisfy({ $0 != nil }) {
      if case .failure(let f) = parse(words.compactMap { $0 }) { return f.message }
      return nil
    }
    // A word with a variable stands for one word whose value is not known
    // yet. The line passes when some value could make it parse; it fails
    // when the problem is the same whatever the value (an unknown flag, a
    // missing argument): that is the line's, not the variable's.
    func attempt(_ fill: String) -> String? {
      if case .failure(let f) = parse(words.map { $0 ?? fill }) { return f.message }
      return nil
    }
    guard let message = attempt(placeholderValues[0]) else { return nil }
    let others = placeholderValues.dropFirst().map(attempt)
    if others.contains(where: { $0 == nil }) { return nil }
    return others.first == message ? message : nil
  }

  /// Values that stand in for a variable while checking: a number, a word,
  /// and the shapes of the values flags take (formats, durations, URLs).
  static let placeholderValues = ["1", "x", "json", "1s", "http://localhost/"]

  struct Root: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "aetherctl",
      subcommands: Registry.commands.map { $0 as ParsableCommand.Type },
      helpNames: [.long, .short])
  }
}

/// The registry as the session sees it.
public struct CommandRegistry: CommandSet {
  public init() {}
  public func parse(_ argv: [String]) -> ParsedCommand { Registry.parse(argv) }
  public func check(_ words: [String?]) -> String? { Registry.check(words) }
}

extension ParsableCommand {
  static var commandName: String {
    configuration.commandName ?? String(describing: Self.self).lowercased()
  }
}

extension Session {
  /// A session that runs the registry's commands: what every caller but the
  /// completion callbacks wants.
  package convenience init(flags: GlobalFlags, environment: [String: String], config: ConfigFile) throws {
    try self.init(flags: flags, environment: environment, config: config, commands: CommandRegistry())
  }
}
