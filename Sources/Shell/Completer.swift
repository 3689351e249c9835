import Capacity
import Clients
import Commands
import Config
import Formats
import Foundation
import Host
import Output
import Prometheus
import ScriptLanguage

/// What the shell completes beside the commands' declarations: the names
/// their arguments declare (`NameSource`, by kind, from the shell's cache)
/// and the variables of the session.
protocol ShellNames: NameSource {
  func variables() -> [String]
}

/// Context-aware completion over the command declarations: command names,
/// subcommands, flags of the command being typed, enumerated values, file
/// paths, `$variables`, and the names an argument declares it completes
/// (asked of its own closure, as the bash/zsh/fish scripts ask).
struct Completer {
  let tree: CommandTree
  let names: any ShellNames
  var currentDirectory: String = FileManager.default.currentDirectoryPath

  /// Words that start a statement. `else` and `end` close a block: offered
  /// once their first letter is typed, never on an empty line; `not` only
  /// after `if` or `assert`.
  static let keywords = ["if", "for", "assert", "wait", "include", "set", "unset"]
  static let blockWords = ["else", "end"]

  func complete(_ before: String) -> CompletionResult {
    let (words, current) = Self.split(before)
    let candidates = Self.sorted(options(words: words, current: current).filter { $0.hasPrefix(current) })
    return CompletionResult(replacing: current.count, candidates: candidates)
  }

  private func options(words: [String], current: String) -> [String] {
    if current.hasPrefix("$") {
      return names.variables().map { "$" + $0 } + ["$?", "$#"]
    }
    guard let first = words.first else {
      return tree.root.subcommands.map(\.name) + Self.keywords + (current.isEmpty ? [] : Self.blockWords)
    }
    switch first {
    case "if", "assert", "not":
      // A condition: a command, or `not` and a command.
      if words.count == 1 { return tree.root.subcommands.map(\.name) + (first == "not" ? [] : ["not"]) }
      return options(words: Array(words.dropFirst()), current: current)
    case "wait":
      var rest = Array(words.dropFirst())
      while let f = rest.first, f == "--timeout" || f == "--every" {
        if rest.count == 1 { return [] }
        rest.removeFirst(2)
      }
      if rest.isEmpty && current.hasPrefix("-") { return ["--timeout", "--every"] }
      return options(words: rest, current: current)
    case "include":
      return words.count == 1 ? files(current, extensions: ["actl"]) : []
    case "set":
      if words.count == 1 { return Setting.allCases.map(\.rawValue) + names.variables() }
      if words.count == 2, let s = Setting(rawValue: words[1]) { return s.allowedValues }
      return []
    case "unset":
      return names.variables()
    case "for":
      return []
    default:
      break
    }
    guard let walk = CommandLineWalk(words, tree: tree) else { return [] }
    let (node, path) = (walk.node, walk.path)
    // The word before the cursor is an option that wants a value.
    if case .option(let spelled, inline: false)? = walk.words.last?.role, let option = node.option(named: spelled[0]),
      option.takesValue
    {
      if option.completesNames, let name = option.names.first(where: { $0.hasPrefix("--") }) ?? option.names.first {
        return declaredNames(path: path, argument: name, words: words, current: current)
      }
      return values(option.values, extensions: option.fileExtensions, current: current)
    }
    if current.hasPrefix("-") {
      return node.options.flatMap { o in o.names.filter { $0.hasPrefix("--") }.isEmpty ? o.names : o.names.filter { $0.hasPrefix("--") } }
    }
    let positionalCount = walk.positionalCount
    if positionalCount == 0 && !node.subcommands.isEmpty {
      return node.subcommands.map(\.name)
    }
    let p = walk.positional(positionalCount)
    guard let p else { return [] }
    if p.completesNames {
      return declaredNames(path: path, argument: "positional@\(p.index)", words: words, current: current)
    }
    return values(p.values, extensions: p.fileExtensions, current: current)
  }

  private func values(_ values: [String], extensions: [String]?, current: String) -> [String] {
    if !values.isEmpty { return values }
    if let ext = extensions { return files(current, extensions: ext) }
    return []
  }

  /// The names the argument's own declaration gives, from the shell's cache:
  /// the words go as the completion scripts send them (program name first,
  /// the partial word last).
  private func declaredNames(path: [String], argument: String, words: [String], current: String) -> [String] {
    CompletionRoot.names(path: path, argument: argument, words: ["aetherctl"] + words + [current], source: names)
  }

  /// Paths that extend `prefix`; directories end in "/", files filtered by extension.
  func files(_ prefix: String, extensions: [String]) -> [String] {
    let slash = prefix.lastIndex(of: "/")
    let dirPart = slash.map { String(prefix[...$0]) } ?? ""
    let base = slash.map { String(prefix[prefix.index(after: $0)...]) } ?? prefix
    var dir = dirPart.isEmpty ? currentDirectory : dirPart
    if dir.hasPrefix("~/") { dir = NSHomeDirectory() + dir.dropFirst(1) }
    if !dir.hasPrefix("/") { dir = currentDirectory + "/" + dir }
    guard let entries = try? FileManager.default.contentsOfDirectory(atPath: dir) else { return [] }
    var out: [String] = []
    for e in entries where e.hasPrefix(base) && (base.hasPrefix(".") || !e.hasPrefix(".")) {
      var isDir: ObjCBool = false
      _ = FileManager.default.fileExists(atPath: dir + "/" + e, isDirectory: &isDir)
      if isDir.boolValue {
        out.append(dirPart + e + "/")
      } else if extensions.isEmpty || extensions.contains(where: { e.hasSuffix("." + $0) }) {
        out.append(dirPart + e)
      }
    }
    return out
  }

  static func sorted(_ xs: [String]) -> [String] { Array(Set(xs)).sorted() }

  /// The words of the statement being typed and the partial word at the cursor.
  /// Lenient: quotes are honoured, `;` and `$(` start a new statement.
  static func split(_ text: String) -> (words: [String], current: String) {
    var words: [String] = []
    var word = ""
    var quote: Character?
    var inWord = false
    var chars = Array(text)
    var i = 0
    while i < chars.count {
      let c = chars[i]
      if let q = quote {
        if c == q { quote = nil } else { word.append(c) }
      } else if c == "'" || c == "\"" {
        quote = c
        inWord = true
      } else if c == " " || c == "\t" {
        if inWord { words.append(word) }
        word = ""
        inWord = false
      } else if c == ";" || c == "\n" {
        words = []
        word = ""
        inWord = false
      } else if c == "$" && i + 1 < chars.count && chars[i + 1] == "(" {
        words = []
        word = ""
        inWord = false
        i += 1
      } else {
        word.append(c)
        inWord = true
      }
      i += 1
    }
    chars.removeAll()
    return (words, word)
  }
}
