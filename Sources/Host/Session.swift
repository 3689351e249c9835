import Capacity
import Clients
import Config
import Formats
import Foundation
import Output
import Prometheus
import ScriptLanguage
import Vocabulary

/// One aetherctl session: the settings in effect, the clients made for them
/// and how long they live, and the ScriptHost that runs commands for the
/// interpreter. Commands see it only through their `CommandContext`.
public final class Session: ScriptHost {
  public internal(set) var settings: Settings {
    didSet { deadlines = Deadlines(seconds: settings.timeoutSeconds.value) }
  }
  /// Every network bound, computed once from the timeout setting.
  public private(set) var deadlines: Deadlines
  public private(set) var flags: GlobalFlags
  public let config: ConfigFile
  let environment: [String: String]
  let commands: CommandSet
  public var output: OutputFormat
  public var timing = false
  package internal(set) var color: Bool
  let stdoutIsTerminal: Bool
  /// A person is at the keyboard: commands such as `tail` follow by default.
  var isInteractive: Bool { stdoutIsTerminal && isatty(STDIN_FILENO) == 1 }
  /// A runbook rendered as JSON keeps its steps' output instead (`withOutput`).
  var stdout = OutputSink.standardOutput()
  public private(set) lazy var interpreter = Interpreter(host: self, scriptName: "aetherctl")
  /// The interactive shell's history, when there is one.
  public var historyLines: (() -> [String])?
  let clients = ClientCache()
  /// The running command's one --timeout over all its requests.
  let runDeadline = RunDeadline()
  /// Set while `runbook run` executes, for `step`, `remedy` and `fix`.
  var runbookState: RunbookRunState?
  var approvalDepth = 0
  /// The notices said while a watch repeats its command: each once.
  var noticesSaid: Set<String>?
  /// Scripts (-f, -c, stdin, runbooks) stop where the interactive shell would follow.
  public var scriptDepth = 0
  var followsByDefault: Bool { isInteractive && scriptDepth == 0 }
  /// Set while a sandbox runs: its addresses override any profile's
  /// (brokers; with the pipeline also Prometheus, Alertmanager and the services).
  var sandboxSettings: [(row: SettingRow<String>, value: String)] = []
  /// The config file could not be read: why. Commands that need settings
  /// fail with it; the others run.
  public var configProblem: String?
  private var warnedAboutConfig = false

  public init(flags: GlobalFlags, environment: [String: String], config: ConfigFile, commands: CommandSet) throws {
    self.flags = flags
    self.environment = environment
    self.config = config
    self.commands = commands
    let settings = try Settings.resolve(flags: flags, environment: environment, config: config)
    self.settings = settings
    self.deadlines = Deadlines(seconds: settings.timeoutSeconds.value)
    Self.rememberSecrets(of: settings)
    self.output = settings.output.value
    self.stdoutIsTerminal = isatty(STDOUT_FILENO) == 1
    self.color = Self.colorAllowed(settings, environment: environment, terminal: stdoutIsTerminal)
  }

  /// A session on the default config and environment, for the completion
  /// scripts' callbacks: no warnings printed, no sandbox, nothing started.
  public static func quiet(commands: CommandSet) throws -> Session {
    let environment = ProcessInfo.processInfo.environment
    let config = try ConfigFile.load(explicit: nil, environment: environment)
    return try Session(flags: GlobalFlags(), environment: environment, config: config, commands: commands)
  }

  /// A context for work outside a command (completion callbacks, the
  /// shell's name refresh): output is captured and dropped.
  public func context() -> CommandContext {
    CommandContext(session: self, out: OutputSink.capture(), format: .plain, isCaptured: true)
  }

  private static func colorAllowed(_ s: Settings, environment: [String: String], terminal: Bool) -> Bool {
    terminal && !s.noColor.value && environment["TERM"] != "dumb"
  }

  /// Once per session: the commands that run anyway say why others will not.
  public func warnAboutConfig() {
    guard let problem = configProblem, !warnedAboutConfig else { return }
    warnedAboutConfig = true
    diagnostic("aetherctl: warning: \(problem) (config ignored: commands that need its settings fail)")
  }

  /// Switches profile for the rest of the session; flags still win.
  public func useProfile(_ name: String) throws {
    var f = flags
    f.give(SettingsTable.profile, name)
    apply(try Settings.resolve(flags: f, environment: environment, config: config))
    // Kept, so a later command's trailing options resolve on this profile too.
    flags = f
  }

  /// New settings point at the session's sandbox, unless the setting was
  /// given after this very command (`prom query up -p http://other:9090`).
  func apply(_ resolved: Settings, givenNow: GlobalFlags = GlobalFlags()) {
    var s = resolved
    for (row, value) in sandboxSettings where !givenNow.isGiven(row) { s[row] = Sourced(value, .sandbox) }
    Self.rememberSecrets(of: s)
    settings = s
  }

  /// Every secret the settings name is masked from the start, those kept in
  /// files too: a diagnostic (`assert`, `wait`) can print one before any
  /// client has read its file. A file that cannot be read fails later, in
  /// the command that needs it.
  static func rememberSecrets(of s: Settings) {
    for secret in s.secrets { Secrets.remember(secret) }
    // Regular files only: a pipe (`--password-file <(pass kafka)`) can be
    // read once, by the client that needs it, and a FIFO must not block start-up.
    for row in [SettingsTable.prometheusTokenFile, SettingsTable.alertmanagerTokenFile, SettingsTable.kafkaPasswordFile] {
      guard let file = s[row] else { continue }
      var info = stat()
      let path = (file.value as NSString).expandingTildeInPath
      if stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG {
        _ = try? readSecretFile(file.value, what: row.name)
      }
    }
    for c in [Credentials.prometheus, .alertmanager] {
      if let user = s[c.user], let password = s[c.password] {
        Secrets.remember(user: user.value, password: password.value)
      }
    }
  }

  func diagnostic(_ message: String) {
    stdout.flush()
    Secrets.writeError(message)
  }

  // MARK: Running commands

  /// Runs argv as one command and renders its report.
  public func execute(_ argv: [String], capture: Bool, format captureFormat: OutputFormat = .plain) -> CommandOutcome {
    let started = DispatchTime.now().uptimeNanoseconds
    defer {
      if timing {
        let ms = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e6
        diagnostic("time: \(argv.first ?? "") took \(Durations.format(ms / 1000))")
      }
    }
    let sink = capture ? OutputSink.capture() : stdout
    var format: OutputFormat = capture ? captureFormat : output
    let command: RunnableCommand
    let globals: GlobalFlags
    switch commands.parse(argv) {
    case .help(let text):
      // `COMMAND --help --no-pager`: help is answered before the options after the command apply.
      show(text.hasSuffix("\n") ? text : text + "\n", on: sink, capture: capture, pager: !argv.contains("--no-pager"))
      sink.flush()
      return CommandOutcome(status: 0, output: sink.captured)
    case .failure(let f):
      return CommandOutcome(status: f.status, error: f.message)
    case .command(let c, let g):
      (command, globals) = (c, g)
    }
    if let problem = configProblem {
      if command.needsSettings { return CommandOutcome(status: ExitStatus.usage, error: "\(argv[0]): \(problem)") }
      warnAboutConfig()
    }
    // Saved only for trailing globals: a command such as `profile use`
    // changes the session's settings on purpose.
    let trailing = globals != GlobalFlags()
    let saved = trailing ? (settings, flags, color) : nil
    defer { if let saved { (settings, flags, color) = saved } }
    if trailing {
      do {
        let merged = flags.merged(with: globals)
        apply(
          try Settings.resolve(flags: merged, environment: environment, config: config),
          givenNow: globals)
        flags = merged
        color = color && !settings.noColor.value
        if globals.isGiven(SettingsTable.output), !capture { format = settings.output.value }
      } catch {
        return CommandOutcome(status: ExitStatus.usage, error: "\(argv[0]): \(error)")
      }
    }
    if let explicit = command.explicitOutput { format = explicit }
    // One --timeout for the whole command, whatever number of requests it makes;
    // a nested command (a runbook's step) has its own and gives the outer one back.
    let outerDeadline = runDeadline.saved
    runDeadline.start(deadlines)
    defer { runDeadline.restore(outerDeadline) }
    let ctx = CommandContext(session: self, out: sink, format: format, isCaptured: capture)
    let renderer = Renderer(
      format: format, color: color && !capture, prettyJSON: stdoutIsTerminal && !capture,
      visible: stdoutIsTerminal && !capture)
    do {
      let report = try command.execute(ctx)
      show(renderer.render(report), on: sink, capture: capture)
      sink.flush()
      return CommandOutcome(status: 0, output: sink.captured)
    } catch let exit as ExitRequest {
      sink.flush()
      return CommandOutcome(status: exit.status, output: sink.captured, exitRequested: true)
    } catch {
      let f = CommandFailure(error)
      if let partial = f.report { sink.write(renderer.render(partial)) }
      sink.flush()
      let name = argv[0]
      let message = f.message.hasPrefix(name + ":") || f.status == ExitStatus.interrupted ? f.message : "\(name): \(f.message)"
      return CommandOutcome(status: f.status, output: sink.captured, error: message)
    }
  }

  /// The pager for long output: none with --no-pager or an empty
  /// AETHER_PAGER, else AETHER_PAGER, the config's `pager`, $PAGER, `less -FRX`.
  var pagerCommand: String? {
    if settings.noPager.value || environment["AETHER_PAGER"] == "" { return nil }
    if let p = settings[SettingsTable.pager]?.value { return p.trimmingBlanks().isEmpty ? nil : p }
    if let p = environment["PAGER"] { return p.trimmingBlanks().isEmpty ? nil : p }
    // Not installed (a slim container): no pager rather than "less: not found".
    return Pager.installed("less", path: environment["PATH"]) ? "less -FRX" : nil
  }

  /// A command's output: through the pager when it is longer than the
  /// terminal (as git and psql do), and only on a terminal, never captured,
  /// in a script (-c, -f, a runbook) or under `watch` (which captures).
  func show(_ text: String, on sink: OutputSink, capture: Bool, pager allowed: Bool = true) {
    if allowed, !capture, sink === stdout, stdoutIsTerminal, scriptDepth == 0, let pager = pagerCommand {
      let room = terminalRows(environment: environment) - 1
      if Pager.rows(of: text, columns: terminalColumns(), upTo: room) >= room {
        sink.flush()
        if Pager.show(text, command: pager, environment: environment) { return }
      }
    }
    sink.write(text)
  }

  // MARK: ScriptHost

  public func runCommand(_ argv: [String], at location: ScriptLocation, capture: Bool) -> CommandOutcome {
    guard !argv.isEmpty else { return CommandOutcome(status: 0) }
    let outcome = execute(argv, capture: capture)
    guard let book = runbookState else { return outcome }
    return runbookOutcome(outcome, of: argv, book)
  }

  /// In a runbook, a triage command that says no (1) or finds its server
  /// down (3) has answered: that is a finding, printed as output and kept
  /// in its step, not an error with a script location. A usage error, a
  /// failed remedy or anything else means the step could not run.
  private func runbookOutcome(_ outcome: CommandOutcome, of argv: [String], _ book: RunbookRunState) -> CommandOutcome {
    guard outcome.status != 0, outcome.status != ExitStatus.interrupted, !outcome.exitRequested else { return outcome }
    let message = Secrets.redact(outcome.error ?? "\(argv[0]) exited with status \(outcome.status)")
    let answered = outcome.status == ExitStatus.failure || outcome.status == ExitStatus.unreachable
    // A remedy or a nested runbook that fails could not do its job; it found nothing.
    guard answered, argv[0] != "remedy", argv[0] != "runbook" else {
      book.addFailure(message)
      // Said at its location by the interpreter, once, even when the command gave no reason.
      var said = outcome
      said.error = outcome.error ?? message
      book.recordedError = said.error
      return said
    }
    // The same finding twice in a step (a value shown, then read for the verdict) is said once.
    if book.addFinding(message) {
      stdout.write("  finding: \(visibleControls(message))\n")
      stdout.flush()
    }
    var shown = outcome
    shown.reported = true
    return shown
  }

  public func runShell(_ command: String, variables: [String: String], at location: ScriptLocation, capture: Bool)
    -> CommandOutcome
  {
    stdout.flush()
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/sh")
    process.arguments = ["-c", command]
    var env = ProcessInfo.processInfo.environment
    for (k, v) in variables { env[k] = v }
    process.environment = env
    let pipe = Pipe()
    if capture { process.standardOutput = pipe }
    do {
      try process.run()
    } catch {
      return CommandOutcome(status: 127, error: "!: cannot start /bin/sh: \(error.localizedDescription)")
    }
    var output = ""
    if capture {
      output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    }
    // Polled, not waited on blindly: SIGTERM or SIGHUP to aetherctl is passed on
    // to the command (`! sleep 600` must not outlive a `timeout` around the script).
    while process.isRunning {
      if let signal = Interrupts.terminationSignal {
        kill(process.processIdentifier, signal)
        process.waitUntilExit()
        break
      }
      usleep(20_000)
    }
    process.waitUntilExit()
    var status = process.terminationStatus
    if process.terminationReason == .uncaughtSignal { status = 128 + status }
    if status == ExitStatus.interrupted || status == 128 + SIGINT { return CommandOutcome(status: ExitStatus.interrupted, output: output) }
    let outcome = CommandOutcome(
      status: status, output: output, error: status == 0 ? nil : "!: shell command exited \(status)")
    // In a runbook, a shell check that says no is a finding like any other command's.
    guard let book = runbookState else { return outcome }
    return runbookOutcome(outcome, of: ["!"], book)
  }

  public func environmentValue(_ name: String) -> String? { environment[name] }

  public func readInclude(_ path: String, from location: ScriptLocation) throws -> (file: String, source: String) {
    let base: URL
    if location.file.hasPrefix("<") || location.file == "-c" {
      base = URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true)
    } else {
      base = URL(fileURLWithPath: location.file).deletingLastPathComponent()
    }
    let url = path.hasPrefix("/") ? URL(fileURLWithPath: path) : base.appendingPathComponent(path)
    let resolved = url.standardizedFileURL.resolvingSymlinksInPath()
    let source = try ScriptSource.read(path: resolved.path, displayName: path)
    return (resolved.path, source)
  }

  public func canonicalName(of file: String) -> String {
    guard !file.hasPrefix("<"), file != "-c", FileManager.default.fileExists(atPath: file) else { return file }
    return URL(fileURLWithPath: file).standardizedFileURL.resolvingSymlinksInPath().path
  }

  public func applySetting(_ setting: Setting, value: String) {
    switch setting {
    case .output: output = OutputFormat(rawValue: value) ?? output
    case .timing: timing = value == "on"
    case .onError: break
    }
  }

  public func sleep(seconds: Double) -> Bool {
    stdout.flush()
    return Interrupts.sleep(seconds: seconds)
  }

  public func monotonicSeconds() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }

  public var isInterrupted: Bool { Interrupts.isPending }

  public func reportError(_ message: String, at location: ScriptLocation) {
    if let book = runbookState {
      if book.recordedError == message {
        book.recordedError = nil
      } else {
        book.addFailure(Secrets.redact("\(location): \(message)"))
      }
    }
    if location.file == Self.interactiveFile {
      // Typed at the prompt: the line is on screen; only a block needs its line number.
      diagnostic(location.position.line == 1 ? message : "line \(location.position.line): \(message)")
    } else {
      diagnostic("\(location): \(message)")
    }
  }

  public static let interactiveFile = "<shell>"

  public func checkCommand(_ words: [String?]) -> String? { commands.check(words) }
}
