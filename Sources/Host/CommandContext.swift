import Capacity
import Clients
import Config
import Formats
import Foundation
import Output
import Pipeline
import Prometheus
import ScriptLanguage
import Vocabulary

/// Everything a running command may touch, and nothing else: the settings
/// and deadlines in effect, the session's clients, its output and
/// diagnostics, and whether Ctrl-C asked it to stop. Commands never see the
/// session itself, so what a command depends on is written here.
public final class CommandContext {
  let session: Session
  public let out: OutputSink
  /// The format this command's report is rendered in (plain when captured).
  public let format: OutputFormat
  public let isCaptured: Bool

  init(session: Session, out: OutputSink, format: OutputFormat, isCaptured: Bool) {
    self.session = session
    self.out = out
    self.format = format
    self.isCaptured = isCaptured
  }

  // MARK: Settings

  public var settings: Settings { session.settings }
  public var thresholds: Thresholds { session.settings.thresholds }
  public var deadlines: Deadlines { session.deadlines }
  public var config: ConfigFile { session.config }
  /// The session's output format (`set output`), which `config show` reports.
  public var sessionOutput: OutputFormat { session.output }
  /// A variable of the session's environment ($USER for a silence's author).
  public func environmentVariable(_ name: String) -> String? { session.environment[name] }
  /// Who runs this (a silence's author): $USER, else $LOGNAME, else the
  /// password database's name for the user id (cron and containers often set
  /// neither).
  public var userName: String? {
    [session.environment["USER"], session.environment["LOGNAME"]].compactMap { $0 }.first { !$0.isEmpty }
      ?? Account.loginName()
  }
  /// The environment the session started with (`{{env NAME}}` in templates).
  public var environment: [String: String] { session.environment }
  /// aetherctl's config, state or cache directory by the XDG rules of this session's environment.
  public func appDirectory(_ which: AppDirectory) -> String? { which.path(environment: session.environment) }
  /// Switches the session to another profile (`profile use`).
  public func useProfile(_ name: String) throws { try session.useProfile(name) }

  // MARK: Terminal and output

  public var isInterrupted: Bool { Interrupts.isPending }
  /// Ctrl-C as a command's loops see it, for loops that run without the
  /// context (the produce loop): a value, free to copy and to ask.
  public var interruption: Interruption { Interruption() }
  public var stdoutIsTerminal: Bool { session.stdoutIsTerminal }
  /// Whether a progress line on stderr reaches a person (a terminal, not captured).
  public var showsProgress: Bool { !isCaptured && StandardStream.error.isTerminal }
  /// A progress line on stderr, as given (`\r` to redraw it): no newline, no prefix.
  public func progress(_ text: String) { StandardStream.error.write(text) }
  /// Colour is allowed on this session's terminal (NO_COLOR, --no-color, TERM=dumb say no).
  public var color: Bool { session.color }
  /// At an interactive prompt and not inside a script: `tail` and friends follow.
  public var followsByDefault: Bool { session.followsByDefault }
  /// The interactive shell's history: the running shell's, else the
  /// history file's (`aetherctl history` from bash); nil when there is none.
  public var historyLines: [String]? {
    if let lines = session.historyLines?() { return lines }
    guard let path = HistoryStore.defaultPath(environment: session.environment), FileManager.default.fileExists(atPath: path)
    else { return nil }
    return HistoryStore(path: path, limit: session.settings.historySize.value).load()
  }
  /// Where the shell keeps its history in this environment.
  public var historyPath: String? { HistoryStore.defaultPath(environment: session.environment) }
  public func monotonicSeconds() -> Double { session.monotonicSeconds() }

  /// A diagnostic for the operator: stderr, never mixed into data.
  public func warn(_ message: String) { session.diagnostic(message) }

  /// How the command read its words (a defaulted group), on stderr: said
  /// once while a watch repeats the command, not at every run.
  public func notice(_ message: String) {
    if session.noticesSaid?.insert(message).inserted == false { return }
    warn(message)
  }

  /// Runs `body`, a command run again and again, with each notice said once.
  public func sayingNoticesOnce<T>(_ body: () throws -> T) rethrows -> T {
    let saved = session.noticesSaid
    if saved == nil { session.noticesSaid = [] }
    defer { session.noticesSaid = saved }
    return try body()
  }

  public func log(_ message: String) {
    if session.settings.verbose.value > 0 { session.diagnostic("debug: " + message) }
  }

  /// A new look of a command that samples or watches: its requests get a
  /// whole --timeout again (the time it slept on purpose is not counted).
  public func renewDeadline() { session.runDeadline.start(session.deadlines) }

  /// Sleeps; throws the interrupted status when Ctrl-C cut it short.
  public func sleep(seconds: Double) throws {
    out.flush()
    if !Interrupts.sleep(seconds: seconds) { throw CommandFailure.interrupted() }
  }

  // MARK: Clients

  public func kafka() throws -> KafkaClient { try session.kafka() }
  /// A client on a consumer's own handle, for the command that made it: one
  /// connection for its metadata, offsets and reading. A bootstrap that
  /// refuses is said at once, as with the session's client.
  public func kafka(sharing consumer: KafkaConsumer) throws -> KafkaClient {
    try session.probeBootstrap()
    return KafkaClient(sharing: consumer, runDeadline: session.runDeadline, log: session.kafkaLog)
  }
  public func producer(lasting: Bool = false) throws -> KafkaProducer { try session.producer(lasting: lasting) }
  public func logPeek() throws -> LogPeek { try session.logPeek() }
  public func messageCounter() throws -> LogPeek { try session.messageCounter() }
  /// A consumer of this command's own (tail, a time lookup): the session's
  /// properties, deadlines and log; `defaults` are added where the
  /// properties do not set the key.
  public func consumer(group: String?, defaults: [(key: String, value: String)] = []) throws -> KafkaConsumer {
    var properties = try session.kafkaProperties
    for d in defaults where !properties.contains(where: { $0.key == d.key }) { properties.append(d) }
    return try KafkaConsumer(properties: properties, group: group, deadlines: session.deadlines, log: session.kafkaLog)
  }
  /// For the clients a command makes for itself (a consumer): the same
  /// properties, deadlines and log as the session's.
  public var kafkaProperties: [(key: String, value: String)] { get throws { try session.kafkaProperties } }
  public var kafkaLog: (@Sendable (String) -> Void)? { session.kafkaLog }
  public var sandbox: (any SandboxKafka)? { session.sandbox }
  /// The pipeline sandbox of a `--sandbox=pipeline` session.
  public var pipeline: PipelineSandbox? { session.pipeline }

  public func send(_ request: HTTPRequest, onChunk: (([UInt8]) -> Void)? = nil, stop: (() -> Bool)? = nil) throws
    -> HTTPResponse
  {
    try session.send(request, onChunk: onChunk, stop: stop)
  }
  public func prometheusAuth() throws -> HTTPAuth { try session.prometheusAuth() }
  public func alertmanagerAuth() throws -> HTTPAuth { try session.auth(.alertmanager) }

  // MARK: Running other commands (runbooks, fixes, watch)

  /// Runs another command line in this session, as typed at the prompt.
  public func execute(_ argv: [String], capture: Bool, format: OutputFormat = .plain) -> CommandOutcome {
    session.execute(argv, capture: capture, format: format)
  }

  /// An interpreter on this session, for a script a command runs (a runbook);
  /// while `body` runs the session counts as inside a script.
  public func runScript<T>(named name: String, _ body: (Interpreter) throws -> T) rethrows -> T {
    session.scriptDepth += 1
    defer { session.scriptDepth -= 1 }
    return try body(Interpreter(host: session, scriptName: name))
  }

  /// Runs `body` with the session's standard output going to `sink`
  /// (a runbook rendered as JSON keeps what its steps print).
  public func withStandardOutput<T>(_ sink: OutputSink, _ body: () throws -> T) rethrows -> T {
    let (saved, color) = (session.stdout, session.color)
    session.stdout.flush()
    session.stdout = sink
    // Kept text is data: no colour codes in it.
    if sink !== saved { session.color = false }
    defer { (session.stdout, session.color) = (saved, color) }
    return try body()
  }

  /// The static checks `-f FILE --check` makes, for a script a command runs.
  public func check(_ script: Script, file: String, variables: Bool, predefined: Set<String>) -> [Diagnostic] {
    Checker(host: session, checkVariables: variables, positionalCount: 0, predefined: predefined).check(script, file: file)
  }

  public var runbookState: RunbookRunState? {
    get { session.runbookState }
    set { session.runbookState = newValue }
  }

  /// Runs `body` with changes pre-approved: what a remedy or fix runs after
  /// its own confirmation must not ask a second time.
  public func preapproved<T>(_ body: () -> T) -> T {
    let saved = session.approvalDepth
    session.approvalDepth += 1
    defer { session.approvalDepth = saved }
    return body()
  }
}

/// Ctrl-C, as a command sees it: whether it was pressed, a sleep it cuts
/// short, and forgetting it once a nested run (a runbook from the
/// dashboard) has answered it.
/// Inlinable: the produce loop asks it once per unit sent.
public struct Interruption: Sendable {
  public init() {}
  @inlinable public var isPending: Bool { Interrupts.isPending }
  /// Sleeps; false when Ctrl-C cut it short.
  @inlinable public func sleep(seconds: Double) -> Bool { Interrupts.sleep(seconds: seconds) }
  @inlinable public func clear() { Interrupts.clear() }
}
