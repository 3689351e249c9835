public struct Diagnostic: Equatable, Sendable, CustomStringConvertible {
  public var location: ScriptLocation
  public var message: String
  public init(_ message: String, at location: ScriptLocation) {
    self.message = message
    self.location = location
  }
  public var description: String { "\(location): \(message)" }
}

/// Static checks over a parsed script: commands that do not exist or are called
/// with bad flags, and (for `--check`) variables that no path could define.
/// Nothing runs; includes with a literal path are followed.
public struct Checker {
  public var checkVariables: Bool
  public var positionalCount: Int?
  /// Variables the runner sets before the first line (a runbook's declared variables).
  public var predefined: Set<String>
  let host: ScriptHost

  public init(host: ScriptHost, checkVariables: Bool, positionalCount: Int? = nil, predefined: Set<String> = []) {
    self.host = host
    self.checkVariables = checkVariables
    self.positionalCount = positionalCount
    self.predefined = predefined
  }

  /// The same checks over a script read a statement at a time: one pass
  /// collects what it defines, a second checks each statement, so nothing
  /// holds the whole tree. A syntax error is thrown as `Parser.parse` would.
  /// Nil when Ctrl-C came first: reading a large script takes a while.
  public func check(_ source: String, file: String) throws(ParseError) -> [Diagnostic]? {
    var state = State(checker: self)
    var definitions = StatementStream(source)
    while let s = try definitions.next() {
      if host.isInterrupted { return nil }
      state.collectDefinitions([s])
    }
    state.stack = [host.canonicalName(of: file)]
    var statements = StatementStream(source)
    while let s = try statements.next() {
      if host.isInterrupted { return nil }
      state.walk(s, file: file)
    }
    return state.diagnostics
  }

  public func check(_ script: Script, file: String) -> [Diagnostic] {
    var state = State(checker: self)
    state.collectDefinitions(script.statements)
    state.stack = [host.canonicalName(of: file)]
    state.walk(script.statements, file: file)
    return state.diagnostics
  }

  struct State {
    let checker: Checker
    var defined: Set<String> = []
    var diagnostics: [Diagnostic] = []
    var stack: [String] = []
    var included: [String: Script] = [:]

    mutating func collectDefinitions(_ statements: [Statement]) {
      for s in statements {
        switch s {
        case .setVariable(let name, _, _): defined.insert(name)
        case .forLoop(let name, _, let body, _):
          defined.insert(name)
          collectDefinitions(body)
        case .ifBlock(_, let then, let otherwise, _):
          collectDefinitions(then)
          collectDefinitions(otherwise)
        default: break
        }
      }
    }

    mutating func walk(_ statements: [Statement], file: String) {
      for s in statements { walk(s, file: file) }
    }

    mutating func walk(_ statement: Statement, file: String) {
      let at = { (p: SourcePosition) in ScriptLocation(file: file, position: p) }
      switch statement {
      case .command(let call):
        command(call, file: file)
      case .setVariable(_, let values, _):
        values.forEach { word($0, file: file) }
      case .setSetting(_, let value, _):
        word(value, file: file)
      case .unset, .shellEscape:
        break
      case .ifBlock(let c, let then, let otherwise, _):
        condition(c, file: file)
        walk(then, file: file)
        walk(otherwise, file: file)
      case .forLoop(_, let items, let body, _):
        items.forEach { word($0, file: file) }
        walk(body, file: file)
      case .assert(let c, let message, _):
        condition(c, file: file)
        if let m = message { word(m, file: file) }
      case .wait(let t, let e, let c, _):
        if let t { word(t, file: file) }
        if let e { word(e, file: file) }
        condition(c, file: file)
      case .include(let w, let p):
        word(w, file: file)
        guard let path = w.literalText else { return }
        do {
          let loaded = try checker.host.readInclude(path, from: at(p))
          if stack.contains(loaded.file) {
            diagnostics.append(
              Diagnostic("include cycle: \((stack + [loaded.file]).joined(separator: " → "))", at: at(p)))
            return
          }
          let script: Script
          if let s = included[loaded.file] {
            script = s
          } else {
            do {
              script = try Parser.parse(loaded.source)
            } catch {
              diagnostics.append(
                Diagnostic(error.message, at: ScriptLocation(file: loaded.file, position: error.position)))
              return
            }
            included[loaded.file] = script
            collectDefinitions(script.statements)
          }
          stack.append(loaded.file)
          walk(script.statements, file: loaded.file)
          stack.removeLast()
        } catch {
          diagnostics.append(Diagnostic("include \(path): \(error)", at: at(p)))
        }
      }
    }

    mutating func condition(_ c: Condition, file: String) {
      switch c {
      case .not(let inner): condition(inner, file: file)
      case .compare(let a, _, let b):
        word(a, file: file)
        word(b, file: file)
      case .command(let call): command(call, file: file)
      }
    }

    mutating func command(_ call: CommandCall, file: String) {
      call.words.forEach { word($0, file: file) }
      let literal = call.words.map(\.literalText)
      if let problem = checker.host.checkCommand(literal) {
        diagnostics.append(Diagnostic(problem, at: ScriptLocation(file: file, position: call.position)))
      }
    }

    mutating func word(_ w: Word, file: String) {
      for part in w.parts {
        switch part {
        case .literal: break
        case .variable(let name, let fallback):
          if let f = fallback {
            word(f, file: file)
          } else if checker.checkVariables && !isKnown(name) {
            diagnostics.append(
              Diagnostic("undefined variable '$\(name)'", at: ScriptLocation(file: file, position: w.position)))
          }
        case .substitution(let script):
          collectDefinitions(script.statements)
          walk(script.statements, file: file)
        case .arithmetic(let e):
          for (part, p) in e.operands { word(Word(parts: [part], position: p, isQuoted: false), file: file) }
        }
      }
    }

    func isKnown(_ name: String) -> Bool {
      if name == "?" || name == "#" || name == "0" { return true }
      if let n = Int(name) {
        guard let count = checker.positionalCount else { return true }
        return n <= count
      }
      return defined.contains(name) || checker.predefined.contains(name) || checker.host.environmentValue(name) != nil
    }
  }
}
