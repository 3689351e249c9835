import ScriptLanguage

/// What a runbook will do, read from its script without running it: the
/// steps' titles and the remedies with the fix each calls, so that
/// `runbook show` can list them and a runbook calling a fix that is not
/// defined where it runs is caught before its first step.
struct RunbookOutline: Equatable {
  struct Remedy: Equatable {
    var summary: String
    var command: String
    /// The quick fix it runs (`fix NAME …`), when it runs one.
    var fix: String?
    var position: SourcePosition
  }

  var steps: [String] = []
  var remedies: [Remedy] = []

  init(_ script: Script) { walk(script.statements) }

  private mutating func walk(_ statements: [Statement]) {
    for s in statements {
      switch s {
      case .command(let call): command(call)
      case .ifBlock(_, let then, let otherwise, _):
        walk(then)
        walk(otherwise)
      case .forLoop(_, _, let body, _): walk(body)
      default: break
      }
    }
  }

  private mutating func command(_ call: CommandCall) {
    let words = call.words
    switch words.first?.literalText {
    case "step":
      steps.append(words.dropFirst().map(Self.written).joined(separator: " "))
    case "remedy":
      // Flags (--yes) come before the description; the rest is the command.
      let rest = words.dropFirst().drop { $0.literalText?.hasPrefix("-") == true }
      guard let summary = rest.first else { return }
      let command = Array(rest.dropFirst())
      var fix: String?
      // Only a name written out can be checked; `fix $name` is known when it runs.
      if command.first?.literalText == "fix" {
        fix = command.dropFirst().first { $0.literalText?.hasPrefix("-") != true }?.literalText
        if fix == "list" { fix = nil }
      }
      remedies.append(
        Remedy(
          summary: Self.written(summary), command: command.map(Self.written).joined(separator: " "), fix: fix,
          position: call.position))
    default:
      break
    }
  }

  /// A word as its author wrote it, expansions unexpanded.
  static func written(_ w: Word) -> String {
    var out = ""
    for (i, part) in w.parts.enumerated() {
      switch part {
      case .literal(let s): out += s
      case .variable(let name, let fallback):
        if let f = fallback {
          out += "${\(name):-\(written(f))}"
        } else if i + 1 < w.parts.count, case .literal(let next) = w.parts[i + 1],
          let c = next.first, c.isLetter || c.isNumber || c == "_"
        {
          out += "${\(name)}"
        } else {
          out += "$\(name)"
        }
      case .substitution: out += "$(…)"
      case .arithmetic: out += "$((…))"
      }
    }
    return out
  }
}
