import ArgumentParser

/// What names an argument's values are, declared once, on the argument
/// (`completion: .names(.topics)`). ArgumentParser keeps that one closure and
/// runs it for the bash/zsh/fish scripts' callback (`---completion`) and, in
/// process, for the interactive shell's TAB (`CompletionRoot.names`): both
/// offer the same names for the same argument. Only where the names come
/// from differs, by `NameKind.source`: the shell's live cache, or the names
/// file the scripts read.
package enum NameKind: Sendable, CaseIterable {
  case topics, groups, profiles, runbooks, fixes
  /// `KEY=` for each placeholder of the fix named earlier on the line.
  case fixArguments
  /// Alertmanager: alert names and `label="value"` of the alerts it holds.
  case alertMatchers
  /// Alertmanager: ids of the silences in effect.
  case silenceIDs
  /// A silence id or a matcher (`am silence expire`).
  case silenceTargets
  /// Prometheus metric names, for PromQL and series selectors.
  case metrics

  /// Where names come from while a closure runs: the names file unless the
  /// caller (the interactive shell) says otherwise for the call.
  @TaskLocal package static var source = NameSourceBox(CachedNames.file)
}

/// Names by kind. `words` are the words of the line being completed, the
/// program's name first and the partial word last, as the completion
/// scripts pass them: `fixArguments` reads the fix's name from them.
package protocol NameSource: AnyObject {
  func names(_ kind: NameKind, words: [String]) -> [String]
  /// What each name is, for the shells that show it beside the name (zsh,
  /// fish): a fix's summary, a placeholder's meaning, a container's service.
  func descriptions(_ kind: NameKind, words: [String]) -> [String: String]
}

extension NameSource {
  package func descriptions(_ kind: NameKind, words: [String]) -> [String: String] { [:] }
}

/// A source handed to the closures for one synchronous call; the shell's
/// cache is only touched on the thread that completes.
package struct NameSourceBox: @unchecked Sendable {
  package let source: any NameSource
  package init(_ source: any NameSource) { self.source = source }
}

extension CompletionKind {
  /// Completes the names of `kind` that extend the word being typed.
  package static func names(_ kind: NameKind) -> CompletionKind {
    .custom { words, index, prefix in
      // The words up to the one completed, that one as far as the cursor:
      // a shell may pass more (the rest of the line) or a stand-in for an
      // empty word (fish's `''`).
      var line = Array(words.prefix(max(0, min(index, words.count - 1)) + 1))
      if line.isEmpty { line = [prefix] } else { line[line.count - 1] = prefix }
      // bash breaks words at `=` and `:` (COMP_WORDBREAKS): with the cursor
      // right after one, the word is the breaker and what is inserted goes
      // after it: an empty word there.
      var typed = prefix
      if prefix == "=" || prefix == ":" {
        line.append("")
        typed = ""
      }
      if kind != .fixArguments, line.count >= 3, ["=", ":"].contains(line[line.count - 2]) {
        // `severity=cr` reaches a bash callback as three words (so would
        // `kafka:gr`, where bash's own count of positionals lets it): the
        // names that hold the whole, with what bash keeps left out.
        let kept = line[line.count - 3] + line[line.count - 2]
        return NameKind.source.source.names(kind, words: line).filter { $0.hasPrefix(kept + typed) }
          .map { String($0.dropFirst(kept.count)) }
      }
      let found = NameKind.source.source.names(kind, words: line).filter { $0.hasPrefix(typed) }
      return described(found, kind, words: line)
    }
  }

  /// zsh's `_describe` reads `NAME:DESCRIPTION` (a colon in the name
  /// escaped, else `kafka:group_lag:sum` would show as `kafka`), fish
  /// `NAME<TAB>DESCRIPTION`; bash and the interactive shell take names alone.
  static func described(_ names: [String], _ kind: NameKind, words: [String]) -> [String] {
    switch CompletionShell.requesting {
    case .zsh?:
      let about = names.isEmpty ? [:] : NameKind.source.source.descriptions(kind, words: words)
      return names.map { name in
        let escaped = name.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: ":", with: "\\:")
        return about[name].map { escaped + ":" + oneLine($0) } ?? escaped
      }
    case .fish?:
      let about = names.isEmpty ? [:] : NameKind.source.source.descriptions(kind, words: words)
      return names.map { name in about[name].map { name + "\t" + oneLine($0) } ?? name }
    default: return names
    }
  }

  private static func oneLine(_ text: String) -> String {
    String(text.map { $0 == "\n" || $0 == "\t" ? " " : $0 })
  }
}

extension NameKind {
  /// The fix a `fix NAME KEY=…` line names: the first word after `fix` that
  /// is not an option.
  package static func fixName(in words: [String]) -> String? {
    fixWords(in: words)?.first
  }

  /// The words after `fix` that are not options (nor an option's value:
  /// `-o json`), the word being completed left out: the fix's name, then
  /// its arguments.
  static func fixWords(in words: [String]) -> [String]? {
    guard let at = words.firstIndex(of: "fix") else { return nil }
    // The fix command's options and the global ones written after it
    // (`--timeout 5s`): their values are not the fix's words.
    let fix = CommandTree.shared.root.subcommand("fix")
    var out: [String] = []
    var skip = false
    for w in words[(at + 1)...].dropLast() {
      if skip {
        skip = false
      } else if w.hasPrefix("-"), w.count > 1 {
        let inline = w.hasPrefix("--") && w.contains("=")
        let takesValue =
          fix?.option(named: CommandLineWalk.optionName(w))?.takesValue ?? TrailingGlobals.option(w)?.0.takesValue ?? false
        skip = takesValue && !inline
      } else {
        out.append(w)
      }
    }
    return out
  }
}

extension CompletionRoot {
  /// The names the argument completes, by the closure declared on it: the
  /// call the completion scripts make (`---completion PATH -- ARG …`), made
  /// in process with `source` for the names. `argument` is the option's
  /// name (`--topic`) or `positional@N`; `words` end with the partial word.
  package static func names(path: [String], argument: String, words: [String], source: any NameSource) -> [String] {
    let call =
      ["---completion"] + path + ["--", argument, String(words.count - 1), String(words.last?.count ?? 0)] + words
    do {
      _ = try NameKind.$source.withValue(NameSourceBox(source)) { try parseAsRoot(call) }
    } catch {
      // The names come back as ArgumentParser's "help" answer, one a line.
      guard exitCode(for: error) == .success else { return [] }
      return fullMessage(for: error).split(separator: "\n").map(String.init)
    }
    return []
  }
}
