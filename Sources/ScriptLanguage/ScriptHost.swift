/// A place in a named script, printed as `FILE:LINE:COLUMN`.
public struct ScriptLocation: Equatable, Sendable, CustomStringConvertible {
  public var file: String
  public var position: SourcePosition
  public init(file: String, position: SourcePosition) {
    self.file = file
    self.position = position
  }
  public var description: String { "\(file):\(position.line):\(position.column)" }
}

/// What a command left behind: its status, what it printed when captured, and
/// the one-line reason it failed (printed by the interpreter with the location).
public struct CommandOutcome: Equatable, Sendable {
  public var status: Int32
  public var output: String
  public var error: String?
  /// `exit` was run: stop the whole script with `status`.
  public var exitRequested: Bool
  /// The host has already shown `error` in its own form (a runbook's
  /// finding): the interpreter must not report it again at a location.
  public var reported = false

  public init(status: Int32, output: String = "", error: String? = nil, exitRequested: Bool = false) {
    self.status = status
    self.output = output
    self.error = error
    self.exitRequested = exitRequested
  }
}

/// Everything the interpreter needs from the outside world. Keeping it behind
/// this protocol leaves the interpreter free of I/O: tests and the fuzzer drive
/// it with an in-memory host.
public protocol ScriptHost: AnyObject {
  /// Runs one command; with `capture` its plain output is returned instead of printed.
  func runCommand(_ argv: [String], at location: ScriptLocation, capture: Bool) -> CommandOutcome
  /// `! COMMAND`: /bin/sh with the script's variables in its environment.
  func runShell(_ command: String, variables: [String: String], at location: ScriptLocation, capture: Bool)
    -> CommandOutcome
  func environmentValue(_ name: String) -> String?
  /// Reads an included file. `path` is as written; the host resolves it against
  /// the including file and returns a canonical name (for cycle detection).
  func readInclude(_ path: String, from location: ScriptLocation) throws -> (file: String, source: String)
  /// `set output …`, `set timing …`.
  func applySetting(_ setting: Setting, value: String)
  /// Sleeps; false when interrupted.
  func sleep(seconds: Double) -> Bool
  func monotonicSeconds() -> Double
  var isInterrupted: Bool { get }
  func reportError(_ message: String, at location: ScriptLocation)
  /// Static checks of a command before anything runs: nil words are not known
  /// until run time. Returns a one-line problem, or nil.
  func checkCommand(_ words: [String?]) -> String?
  /// The name `readInclude` would return for the script being run, so that a
  /// file including itself is caught at once.
  func canonicalName(of file: String) -> String
}

extension ScriptHost {
  public func canonicalName(of file: String) -> String { file }
}
