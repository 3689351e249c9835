import Vocabulary

public enum OnError: String, Sendable {
  case stop, `continue`
}

/// Runs a parsed script against a host. Control flow that ends a script (exit,
/// a failure under `on-error stop`, Ctrl-C) travels as a thrown `Stop`.
public final class Interpreter {
  public var variables: [String: String] = [:]
  public var positional: [String]
  public var scriptName: String
  public private(set) var lastStatus: Int32 = 0
  public var onError: OnError = .stop
  /// The status of the last failure, which a script ends with under `on-error continue`.
  public private(set) var failureStatus: Int32 = 0
  /// Statements that failed (under `on-error continue` the script went on past
  /// them); a condition that is false is not a failure.
  public private(set) var failureCount = 0
  /// The last run ended before its last statement: `exit`, or a failure under `on-error stop`.
  public private(set) var stoppedEarly = false

  public static let maximumIncludeDepth = 32
  public static let defaultWaitTimeout = 60.0
  public static let defaultWaitEvery = 1.0
  /// No variable, word or `$(…)` capture may grow past this: `set x $x $x` in
  /// a loop doubles each turn and would take the machine's memory with it.
  /// Generous enough for a 10 MB line.
  public static let maximumValueBytes = 64 << 20
  static var valueLimitMessage: String { "a value grew past \(maximumValueBytes >> 20) MiB" }

  /// `wait --every 0s` would spin a core for the whole timeout.
  public static let minimumWaitEvery = Durations.minimumInterval

  private unowned let host: ScriptHost
  private var file: String
  private var includeStack: [String] = []
  private var capture: String?
  private var depth = 0

  public init(host: ScriptHost, scriptName: String, positional: [String] = []) {
    self.host = host
    self.scriptName = scriptName
    self.file = scriptName
    self.positional = positional
  }

  enum Stop: Error {
    case exit(Int32)
    case failed(Int32)
    case interrupted
  }

  /// Runs `script` as file `file`; returns the status the script ends with.
  public func run(_ script: Script, file: String) -> Int32 {
    switch runFromTop(script, file: file) {
    case nil:
      return failureStatus
    case .exit(let code):
      lastStatus = code
      return code
    case .failed(let code):
      return code
    case .interrupted:
      return ExitStatus.interrupted
    }
  }

  /// Runs a script read a statement at a time (StatementStream), which
  /// the caller has already checked whole: nothing holds its whole tree.
  public func run(source: String, file: String) -> Int32 {
    var stream = StatementStream(source)
    let stop: Stop? = runFromTop(file: file) { () throws(Stop) in
      while true {
        let next: Statement?
        do throws(ParseError) { next = try stream.next() } catch {
          // Checked before the run: only a source changed under it gets here.
          host.reportError(error.message, at: location(error.position))
          throw Stop.failed(ExitStatus.usage)
        }
        guard let statement = next else { return }
        if host.isInterrupted { throw .interrupted }
        try execute(statement)
      }
    }
    switch stop {
    case nil: return failureStatus
    case .exit(let code):
      lastStatus = code
      return code
    case .failed(let code): return code
    case .interrupted: return ExitStatus.interrupted
    }
  }

  /// Runs one interactive line: failures never stop the session.
  public func runInteractive(_ script: Script, file: String) -> (status: Int32, exit: Bool) {
    let saved = onError
    onError = .continue
    defer { if onError == .continue { onError = saved } }
    switch runFromTop(script, file: file) {
    case nil:
      return (lastStatus, false)
    case .exit(let code):
      return (code, true)
    case .failed(let code):
      return (code, false)
    case .interrupted:
      return (ExitStatus.interrupted, false)
    }
  }

  /// Runs a script from its top. What ended it early is handed back rather
  /// than thrown: a script file and an interactive line answer it differently.
  /// After an interrupt `$?` is `ExitStatus.interrupted` either way.
  private func runFromTop(_ script: Script, file: String) -> Stop? {
    runFromTop(file: file) { () throws(Stop) in try execute(script.statements) }
  }

  private func runFromTop(file: String, _ body: () throws(Stop) -> Void) -> Stop? {
    self.file = file
    includeStack = [host.canonicalName(of: file)]
    failureStatus = 0
    stoppedEarly = false
    do throws(Stop) {
      try body()
    } catch {
      if case .interrupted = error { lastStatus = ExitStatus.interrupted }
      stoppedEarly = true
      return error
    }
    return nil
  }

  private func location(_ p: SourcePosition) -> ScriptLocation { ScriptLocation(file: file, position: p) }

  private func fail(_ status: Int32, _ message: String?, at p: SourcePosition) throws(Stop) {
    if let m = message {
      if quiet { quietErrors.append(m) } else { host.reportError(m, at: location(p)) }
    }
    lastStatus = status
    failureStatus = status
    failureCount += 1
    if onError == .stop { throw .failed(status) }
  }

  private func execute(_ statements: [Statement]) throws(Stop) {
    for s in statements {
      if host.isInterrupted { throw .interrupted }
      try execute(s)
    }
  }

  private func execute(_ statement: Statement) throws(Stop) {
    switch statement {
    case .command(let call):
      guard let argv = try expandCommand(call) else { return }
      let outcome = host.runCommand(argv, at: location(call.position), capture: capture != nil)
      try finish(outcome, at: call.position)

    case .shellEscape(let command, let p):
      let outcome = host.runShell(command, variables: variables, at: location(p), capture: capture != nil)
      try finish(outcome, at: p)

    case .setVariable(let name, let values, let p):
      guard let expanded = try expandAll(values, at: p) else { return }
      guard expanded.reduce(0, { $0 + $1.utf8.count + 1 }) <= Self.maximumValueBytes + 1 else {
        try fail(ExitStatus.failure, Self.valueLimitMessage, at: p)
        return
      }
      variables[name] = expanded.joined(separator: " ")
      lastStatus = 0

    case .setSetting(let setting, let word, let p):
      guard let value = try expandOrFail(word) else { return }
      guard setting.allowedValues.contains(value) else {
        try fail(
          ExitStatus.usage,
          "'set \(setting.rawValue)' takes one of: \(setting.allowedValues.joined(separator: ", ")); got '\(value)'",
          at: p)
        return
      }
      if setting == .onError {
        onError = OnError(rawValue: value) ?? .stop
      } else {
        host.applySetting(setting, value: value)
      }
      lastStatus = 0

    case .unset(let names, _):
      for n in names { variables[n] = nil }
      lastStatus = 0

    case .ifBlock(let condition, let then, let otherwise, let p):
      guard let holds = try evaluate(condition, at: p) else { return }
      try nested { () throws(Stop) in try execute(holds ? then : otherwise) }

    case .forLoop(let name, let items, let body, let p):
      try forLoop(name, items, body, at: p)

    case .assert(let condition, let message, let p):
      lastComparison = nil
      guard let holds = try evaluate(condition, at: p) else { return }
      if holds {
        lastStatus = 0
        return
      }
      var text = "assertion failed: " + describe(condition)
      if let m = message, let custom = try expandOrFail(m) { text = "assertion failed: \(custom)" }
      try fail(ExitStatus.failure, text, at: p)

    case .wait(let timeoutWord, let everyWord, let condition, let p):
      try wait(timeoutWord, everyWord, condition, at: p)

    case .include(let word, let p):
      try include(word, at: p)
    }
  }

  private func nested(_ body: () throws(Stop) -> Void) throws(Stop) {
    depth += 1
    defer { depth -= 1 }
    try body()
  }

  private func finish(_ outcome: CommandOutcome, at p: SourcePosition) throws(Stop) {
    if !appendCaptured(outcome.output) { try fail(ExitStatus.failure, Self.valueLimitMessage, at: p) }
    lastStatus = outcome.status
    if outcome.exitRequested { throw .exit(outcome.status) }
    if outcome.status == ExitStatus.interrupted || host.isInterrupted {
      // What an interrupted command got done (a produce's counts) still matters.
      if let e = outcome.error, !quiet { host.reportError(e, at: location(p)) }
      throw .interrupted
    }
    if outcome.status != 0 { try fail(outcome.status, outcome.reported ? nil : outcome.error, at: p) }
  }

  // MARK: Expansion

  /// Adds a command's output to the `$(…)` being captured, if any; false when
  /// that would pass the value limit.
  private func appendCaptured(_ output: String) -> Bool {
    guard capture != nil, !output.isEmpty else { return true }
    guard capture!.utf8.count + output.utf8.count <= Self.maximumValueBytes else { return false }
    capture!.append(output)
    return true
  }

  struct ExpansionFailure: Error {
    var status: Int32
    var message: String?
    var position: SourcePosition
  }

  private func expandCommand(_ call: CommandCall) throws(Stop) -> [String]? {
    try expandAll(call.words, at: call.position)
  }

  private func expandAll(_ words: [Word], at p: SourcePosition) throws(Stop) -> [String]? {
    var out: [String] = []
    out.reserveCapacity(words.count)
    for w in words {
      guard let v = try expandOrFail(w) else { return nil }
      out.append(v)
    }
    return out
  }

  /// Expands a word; on failure reports it and returns nil (or throws under `on-error stop`).
  private func expandOrFail(_ word: Word) throws(Stop) -> String? {
    try orFail { try expand(word) }
  }

  /// Where expanding words and testing conditions meet the statement being
  /// run: an `ExpansionFailure` fails that statement like a failed command,
  /// while a `Stop` goes on ending the script.
  private func orFail<T>(_ body: () throws -> T) throws(Stop) -> T? {
    do {
      return try body()
    } catch let e as ExpansionFailure {
      try fail(e.status, e.message, at: e.position)
      return nil
    } catch let stop as Stop {
      throw stop
    } catch {
      return nil
    }
  }

  private func expand(_ word: Word) throws -> String {
    if word.parts.count == 1, case .literal(let s) = word.parts[0] { return s }
    var out = ""
    for part in word.parts {
      switch part {
      case .literal(let s):
        out += s
      case .variable(let name, let fallback):
        let value = lookup(name)
        if let v = value, !(fallback != nil && v.isEmpty) {
          out += v
        } else if let f = fallback {
          out += try expand(f)
        } else {
          // The same status as --check gives it: the script is wrong, not the data.
          throw ExpansionFailure(
            status: ExitStatus.usage, message: "undefined variable '$\(name)'", position: word.position)
        }
      case .substitution(let script):
        out += try substitute(script, at: word.position)
      case .arithmetic(let expression):
        out += try arithmetic(expression).description
      }
      if out.utf8.count > Self.maximumValueBytes {
        throw ExpansionFailure(status: ExitStatus.failure, message: Self.valueLimitMessage, position: word.position)
      }
    }
    return out
  }

  private func arithmetic(_ e: ArithmeticExpression) throws -> ArithmeticValue {
    do {
      return try Arithmetic.evaluate(e) { part, p in
        try expand(Word(parts: [part], position: p, isQuoted: false))
      }
    } catch let a as ArithmeticError {
      throw ExpansionFailure(
        status: a.exitStatus, message: a.message, position: a.position)
    }
  }

  private func substitute(_ script: Script, at p: SourcePosition) throws -> String {
    let saved = capture
    let savedOnError = onError
    capture = ""
    onError = .stop
    defer {
      capture = saved
      onError = savedOnError
    }
    do throws(Stop) {
      try execute(script.statements)
    } catch .failed(let status) {
      // Already reported (unless quiet) by the inner command.
      throw ExpansionFailure(status: status, message: nil, position: p)
    }
    return (capture ?? "").trimmingBlanks()
  }

  private func lookup(_ name: String) -> String? {
    switch name {
    case "?": return String(lastStatus)
    case "#": return String(positional.count)
    case "0": return scriptName
    default:
      if let f = name.unicodeScalars.first, f >= "0" && f <= "9" {
        guard let n = Int(name), n >= 1, n <= positional.count else { return nil }
        return positional[n - 1]
      }
      return variables[name] ?? host.environmentValue(name)
    }
  }

  // MARK: Conditions

  /// nil when evaluating failed and was reported (under `on-error continue`).
  private func evaluate(_ condition: Condition, at p: SourcePosition) throws(Stop) -> Bool? {
    try orFail { try test(condition) }
  }

  /// While a `wait` polls, failures are collected instead of printed each round;
  /// the last one is reported if the wait times out.
  private var quiet = false
  private var quietErrors: [String] = []
  /// The values the last comparison saw, for the failure message: expanding the
  /// words again would re-run their `$(…)`.
  private var lastComparison: (String, String)?

  private func test(_ condition: Condition) throws -> Bool {
    switch condition {
    case .not(let inner):
      return try !test(inner)
    case .compare(let a, let op, let b):
      let left = try expand(a)
      let right = try expand(b)
      lastComparison = (left, right)
      let x = number(left)
      let y = number(right)
      // Exactly, as written: two integers a double cannot tell apart are still different.
      if x != nil, y != nil, let ex = ExactNumber(left.trimmingBlanks()), let ey = ExactNumber(right.trimmingBlanks()) {
        return op.holds(Double(ExactNumber.order(ex, ey)), 0)
      }
      if let x, let y { return op.holds(x, y) }
      guard op.isOrdering else { return op == .equal ? left == right : left != right }
      // `$lag > 1000` with lag = "n/a" must not quietly compare text.
      let (value, word) = x == nil ? (left, a) : (right, b)
      // A wrong value at run time (status 1), not a usage error.
      throw ExpansionFailure(
        status: ExitStatus.failure,
        message: "'\(value.prefix(40))' is not a number ('\(op.rawValue)' compares numbers; == and != compare text)",
        position: word.position)
    case .command(let call):
      var argv: [String] = []
      for w in call.words { argv.append(try expand(w)) }
      let outcome = host.runCommand(argv, at: location(call.position), capture: capture != nil)
      if !appendCaptured(outcome.output) {
        throw ExpansionFailure(status: ExitStatus.failure, message: Self.valueLimitMessage, position: call.position)
      }
      lastStatus = outcome.status
      if outcome.exitRequested { throw Stop.exit(outcome.status) }
      if outcome.status == ExitStatus.interrupted || host.isInterrupted { throw Stop.interrupted }
      // Exit 0 is true and exit 1 false; anything else (a usage error, an
      // unreachable server, an unknown command) is no answer at all, and must
      // not quietly take the else branch.
      if outcome.status != 0 && outcome.status != ExitStatus.failure {
        throw ExpansionFailure(
          status: outcome.status,
          message: outcome.reported
            ? nil : outcome.error ?? "'\(argv.first ?? "")' exited \(outcome.status): no true/false answer",
          position: call.position)
      }
      if let e = outcome.error, !outcome.reported {
        if quiet { quietErrors.append(e) } else { host.reportError(e, at: location(call.position)) }
      }
      return outcome.status == 0
    }
  }

  /// A word's value as a number when it reads as one (blanks around it allowed).
  private func number(_ value: String) -> Double? {
    let t = value.trimmingBlanks()
    return isPlainNumber(t) ? Double(t) : nil
  }

  /// The condition as written, with the values its words had, for failure messages.
  private func describe(_ condition: Condition) -> String {
    switch condition {
    case .not(let inner): return "not " + describe(inner)
    case .compare(let a, let op, let b):
      let text = "\(a.sourceText) \(op.rawValue) \(b.sourceText)"
      guard let (va, vb) = lastComparison else { return text }
      return text + " ('\(va)' \(op.rawValue) '\(vb)')"
    case .command(let call):
      return "'\(call.words.map(\.sourceText).joined(separator: " "))' exited \(lastStatus)"
    }
  }

  // MARK: Loops, waits, includes

  private func forLoop(_ name: String, _ items: [Word], _ body: [Statement], at p: SourcePosition) throws(Stop) {
    var values: [String] = []
    for w in items {
      guard let v = try expandOrFail(w) else { return }
      if !w.isQuoted && w.hasExpansion {
        values += v.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }).map(String.init)
      } else {
        values.append(v)
      }
    }
    if items.count == 1, let range = IntegerRange(values.first ?? "") {
      var i = range.start
      while true {
        if host.isInterrupted { throw .interrupted }
        variables[name] = String(i)
        try nested { () throws(Stop) in try execute(body) }
        if i == range.end { break }
        i += range.start <= range.end ? 1 : -1
      }
      return
    }
    for v in values {
      if host.isInterrupted { throw .interrupted }
      variables[name] = v
      try nested { () throws(Stop) in try execute(body) }
    }
  }

  private func duration(_ word: Word?, default value: Double) throws(Stop) -> Double? {
    guard let w = word else { return value }
    guard let text = try expandOrFail(w) else { return nil }
    do {
      return try Durations.parse(text)
    } catch {
      try fail(ExitStatus.usage, error.message, at: w.position)
      return nil
    }
  }

  private func wait(_ timeoutWord: Word?, _ everyWord: Word?, _ condition: Condition, at p: SourcePosition)
    throws(Stop)
  {
    guard let timeout = try duration(timeoutWord, default: Self.defaultWaitTimeout),
      let every = try duration(everyWord, default: Self.defaultWaitEvery)
    else { return }
    guard every >= Self.minimumWaitEvery else {
      try fail(
        ExitStatus.usage,
        "wait --every must be at least \(Durations.format(Self.minimumWaitEvery)), got \(Durations.format(every))",
        at: everyWord?.position ?? p)
      return
    }
    let start = host.monotonicSeconds()
    var lastError: String?
    while true {
      if host.isInterrupted { throw .interrupted }
      quietErrors = []
      lastComparison = nil
      let holds: Bool
      quiet = true
      defer { quiet = false }
      do {
        holds = try test(condition)
      } catch let stop as Stop {
        throw stop
      } catch let e as ExpansionFailure where e.status == ExitStatus.usage {
        // A usage error or undefined variable will not fix itself: fail now.
        quiet = false
        try fail(e.status, e.message ?? quietErrors.last, at: e.position)
        return
      } catch let e as ExpansionFailure {
        // A failing $(…) or a server not there yet: not true yet, keep waiting.
        lastError = e.message ?? quietErrors.last ?? "a command in the condition failed (status \(e.status))"
        holds = false
      } catch {
        holds = false
      }
      quiet = false
      if let e = quietErrors.last { lastError = e }
      if holds {
        lastStatus = 0
        return
      }
      let elapsed = host.monotonicSeconds() - start
      if elapsed >= timeout {
        var message = "wait timed out after \(Durations.format(timeout)): \(describe(condition))"
        if let e = lastError { message += "; last error: \(e)" }
        try fail(ExitStatus.failure, message, at: p)
        return
      }
      if !host.sleep(seconds: max(0, min(every, timeout - elapsed))) { throw .interrupted }
    }
  }

  private func include(_ word: Word, at p: SourcePosition) throws(Stop) {
    guard let path = try expandOrFail(word) else { return }
    guard includeStack.count < Self.maximumIncludeDepth else {
      try fail(ExitStatus.usage, "includes nested more than \(Self.maximumIncludeDepth) deep", at: p)
      return
    }
    let loaded: (file: String, source: String)
    do {
      loaded = try host.readInclude(path, from: location(p))
    } catch {
      try fail(ExitStatus.failure, "include \(path): \(error)", at: p)
      return
    }
    if includeStack.contains(loaded.file) {
      try fail(
        ExitStatus.usage, "include cycle: \((includeStack + [loaded.file]).joined(separator: " → "))", at: p)
      return
    }
    let script: Script
    do {
      script = try Parser.parse(loaded.source)
    } catch {
      host.reportError(error.message, at: ScriptLocation(file: loaded.file, position: error.position))
      try fail(ExitStatus.usage, nil, at: p)
      return
    }
    let savedFile = file
    includeStack.append(loaded.file)
    file = loaded.file
    defer {
      file = savedFile
      includeStack.removeLast()
    }
    try execute(script.statements)
  }
}

/// `A..B` as written in a `for` loop, ascending or descending, both ends included.
struct IntegerRange {
  var start: Int64
  var end: Int64
  init?(_ text: String) {
    let pieces = text.split(separator: ".", maxSplits: 2, omittingEmptySubsequences: false)
    guard pieces.count == 3, pieces[1].isEmpty, let a = Int64(pieces[0]), let b = Int64(pieces[2])
    else { return nil }
    start = a
    end = b
  }
}

extension Word {
  /// An approximation of what the author typed, for messages.
  public var sourceText: String {
    var out = ""
    for p in parts {
      switch p {
      case .literal(let s): out += isQuoted ? "'\(s)'" : s
      case .variable(let n, let f): out += f == nil ? "$\(n)" : "${\(n):-…}"
      case .substitution: out += "$(…)"
      case .arithmetic: out += "$((…))"
      }
    }
    return out
  }
}
