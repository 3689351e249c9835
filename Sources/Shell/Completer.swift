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

/// Names that come from the cluster or the config, cached by the shell so
/// that TAB never waits on the network.
protocol NameSource: AnyObject {
  func topics() -> [String]
  func groups() -> [String]
  /// Prometheus metric names (`/api/v1/label/__name__/values`), for `prom` arguments.
  func metrics() -> [String]
  func runbooks() -> [String]
  func fixes() -> [String]
  /// Alertmanager: alert names and `label="value"` of the alerts it holds.
  func alertMatchers() -> [String]
  /// Alertmanager: ids of the silences in effect.
  func silenceIDs() -> [String]
  /// `KEY=` for each placeholder of the named fix.
  func fixArguments(_ fix: String) -> [String]
  func profiles() -> [String]
  func variables() -> [String]
}

/// Context-aware completion over the command declarations: command names,
/// subcommands, flags of the command being typed, enumerated values, file
/// paths, `$variables`, and dynamic names by what the argument holds.
struct Completer {
  let tree: CommandTree
  let names: NameSource
  var currentDirectory: String = FileManager.default.currentDirectoryPath

  static let keywords = ["if", "else", "end", "for", "assert", "wait", "include", "set", "unset", "not"]

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
      return tree.root.subcommands.map(\.name) + Self.keywords
    }
    switch first {
    case "if", "assert", "not":
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
    guard var node = tree.root.subcommand(first) else { return [] }
    var path = [first]
    var index = 1
    while index < words.count, let sub = node.subcommand(words[index]) {
      node = sub
      path.append(words[index])
      index += 1
    }
    // The word before the cursor is an option that wants a value.
    if words.count > 1, let previous = words.last, let option = node.option(named: previous), option.takesValue {
      return values(valueName: option.valueName, values: option.values, extensions: option.fileExtensions, path: path, current: current)
    }
    if current.hasPrefix("-") {
      return node.options.flatMap { o in o.names.filter { $0.hasPrefix("--") }.isEmpty ? o.names : o.names.filter { $0.hasPrefix("--") } }
    }
    // Count positionals already given (skipping options and their values).
    var positionalCount = 0
    var i = index
    while i < words.count {
      if let o = node.option(named: words[i]) {
        i += o.takesValue ? 2 : 1
      } else {
        positionalCount += 1
        i += 1
      }
    }
    if positionalCount == 0 && !node.subcommands.isEmpty {
      return node.subcommands.map(\.name)
    }
    let p: CommandTree.Positional?
    if positionalCount < node.positionals.count {
      p = node.positionals[positionalCount]
    } else {
      p = node.positionals.last.flatMap { $0.isRepeating ? $0 : nil }
    }
    // `fix NAME KEY=…`: the fix's own placeholders.
    if path == ["fix"], positionalCount >= 1, let name = words.dropFirst(index).first(where: { !$0.hasPrefix("-") }) {
      return names.fixArguments(name)
    }
    if let p {
      return values(valueName: p.valueName, values: p.values, extensions: p.fileExtensions, path: path, current: current)
    }
    return []
  }

  private func values(valueName: String, values: [String], extensions: [String]?, path: [String], current: String) -> [String] {
    if !values.isEmpty { return values }
    if let ext = extensions { return files(current, extensions: ext) }
    switch valueName {
    case "topic": return names.topics()
    case "group", "group-name": return names.groups()
    case "topic-or-group": return names.topics()
    case "name" where path == ["profile", "use"]: return names.profiles()
    case "profile": return names.profiles()
    case "path", "file": return files(current, extensions: [])
    case "topic-name": return names.topics()
    case "runbook-name": return names.runbooks()
    case "fix-name": return ["list"] + names.fixes()
    case "matchers" where path.first == "am": return names.alertMatchers()
    case "targets" where path == ["am", "silence", "expire"]: return names.silenceIDs() + names.alertMatchers()
    case "id" where path == ["am", "silence", "extend"]: return names.silenceIDs()
    case "expr" where path.first == "prom", "match" where path.first == "prom", "prefix" where path.first == "prom":
      return names.metrics()
    default:
      return []
    }
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
