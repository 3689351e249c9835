import Capacity
import Clients
import Foundation
import ShellLanguage

/// One aetherctl session: settings resolved from flags, environment and config,
/// the interpreter's state, and the ScriptHost that runs commands for it.
public final class Session: ScriptHost {
  public internal(set) var settings: Settings
  public internal(set) var flags: GlobalFlags
  public internal(set) var config: ConfigFile
  let environment: [String: String]
  public var output: OutputFormat
  public var timing = false
  private(set) var color: Bool
  let stdoutIsTerminal: Bool
  /// A person is at the keyboard: commands such as `tail` follow by default.
  var isInteractive: Bool { stdoutIsTerminal && isatty(STDIN_FILENO) == 1 }
  let stdout = OutputSink.standardOutput()
  public private(set) lazy var interpreter = Interpreter(host: self, scriptName: "aetherctl")
  /// The interactive shell's history, when there is one.
  public var historyLines: (() -> [String])?
  let kafkaState = KafkaState()
  let httpState = HTTPState()
  /// Set while `runbook run` executes, for `step`, `remedy` and `fix`.
  var runbookState: RunbookRunState?
  var approvalDepth = 0
  /// Scripts (-f, -c, stdin, runbooks) stop where the interactive shell would follow.
  var scriptDepth = 0
  var followsByDefault: Bool { isInteractive && scriptDepth == 0 }
  /// Set while a sandbox cluster runs: it overrides the brokers of any profile.
  var sandboxBootstrap: String?
  /// The config file could not be read: why. Commands that need settings
  /// fail with it; the others run.
  public var configProblem: String?
  private var warnedAboutConfig = false

  /// Once per session: the commands that run anyway say why others will not.
  func warnAboutConfig() {
    guard let problem = configProblem, !warnedAboutConfig else { return }
    warnedAboutConfig = true
    diagnostic("aetherctl: warning: \(problem) (config ignored: commands that need its settings fail)")
  }

  public init(flags: GlobalFlags, environment: [String: String], config: ConfigFile) throws {
    self.flags = flags
    self.environment = environment
    self.config = config
    self.settings = try Settings.resolve(flags: flags, environment: environment, config: config)
    self.output = flags.output ?? .table
    self.stdoutIsTerminal = isatty(STDOUT_FILENO) == 1
    self.color = stdoutIsTerminal && !flags.noColor && (environment["NO_COLOR"] ?? "").isEmpty
      && environment["TERM"] != "dumb"
  }

  /// Switches profile for the rest of the session; flags still win.
  public func useProfile(_ name: String) throws {
    var f = flags
    f.profile = name
    settings = try Settings.resolve(flags: f, environment: environment, config: config)
    if let b = sandboxBootstrap { settings.brokers = Sourced(b, .sandbox) }
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
    let format: OutputFormat = capture ? captureFormat : output
    switch Registry.parse(argv) {
    case .help(let text):
      sink.write(text.hasSuffix("\n") ? text : text + "\n")
      sink.flush()
      return CommandOutcome(status: 0, output: sink.captured)
    case .failure(let f):
      return CommandOutcome(status: f.status, error: f.message)
    case .command(let command, let globals):
      var format = format
      if let problem = configProblem {
        if command.needsSettings { return CommandOutcome(status: ExitStatus.usage, error: "\(argv[0]): \(problem)") }
        warnAboutConfig()
      }
      // Saved only for trailing globals: a command such as `profile use`
      // changes the session's settings on purpose.
      let saved = globals.isEmpty ? nil : (settings, flags, color)
      defer { if let saved { (settings, flags, color) = saved } }
      if !globals.isEmpty {
        do {
          if let f = try applyTrailingGlobals(globals), !capture { format = f }
        } catch {
          return CommandOutcome(status: ExitStatus.usage, error: "\(argv[0]): \(error)")
        }
      }
      if let d = command as? HasDisplayOptions, let explicit = d.display.output { format = explicit }
      let ctx = CommandContext(session: self, out: sink, format: format, isCaptured: capture)
      do {
        let report = try command.execute(ctx)
        let renderer = Renderer(format: format, color: color && !capture, prettyJSON: stdoutIsTerminal && !capture)
        sink.write(renderer.render(report))
        sink.flush()
        return CommandOutcome(status: 0, output: sink.captured)
      } catch let exit as ExitRequest {
        sink.flush()
        return CommandOutcome(status: exit.status, output: sink.captured, exitRequested: true)
      } catch let f as CommandFailure {
        if let partial = f.report {
          let renderer = Renderer(format: format, color: color && !capture, prettyJSON: stdoutIsTerminal && !capture)
          sink.write(renderer.render(partial))
        }
        sink.flush()
        let name = argv[0]
        let message = f.message.hasPrefix(name + ":") || f.status == 130 ? f.message : "\(name): \(f.message)"
        return CommandOutcome(status: f.status, output: sink.captured, error: message)
      } catch let e as KafkaError {
        sink.flush()
        let f = CommandFailure(e)
        return CommandOutcome(status: f.status, output: sink.captured, error: "\(argv[0]): \(f.message)")
      } catch let e as CapacityInputError {
        sink.flush()
        return CommandOutcome(status: 2, output: sink.captured, error: "\(argv[0]): \(e)")
      } catch {
        sink.flush()
        return CommandOutcome(status: 1, output: sink.captured, error: "\(argv[0]): \(error)")
      }
    }
  }

  /// Global options given after the command apply to that command alone;
  /// returns the output format when one was given.
  private func applyTrailingGlobals(_ words: [String]) throws -> OutputFormat? {
    let parsed: GlobalOptions
    do {
      parsed = try GlobalOptions.parse(words)
    } catch {
      throw SettingError(message: GlobalOptions.message(for: error))
    }
    if parsed.sandbox || parsed.config != nil {
      throw SettingError(message: "--sandbox and --config go before the command")
    }
    var f = flags
    let given = parsed.flags
    f.brokers = given.brokers ?? f.brokers
    f.prometheus = given.prometheus ?? f.prometheus
    f.profile = given.profile ?? f.profile
    f.kafkaProperties += given.kafkaProperties
    f.passwordFile = given.passwordFile ?? f.passwordFile
    f.bearerFile = given.bearerFile ?? f.bearerFile
    f.timeoutSeconds = given.timeoutSeconds ?? f.timeoutSeconds
    f.verbose = f.verbose || given.verbose
    if given.noColor { color = false }
    var resolved = try Settings.resolve(flags: f, environment: environment, config: config)
    if let b = sandboxBootstrap, given.brokers == nil { resolved.brokers = Sourced(b, .sandbox) }
    flags = f
    settings = resolved
    return given.output
  }

  // MARK: ScriptHost

  public func runCommand(_ argv: [String], at location: ScriptLocation, capture: Bool) -> CommandOutcome {
    guard !argv.isEmpty else { return CommandOutcome(status: 0) }
    return execute(argv, capture: capture)
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
    process.waitUntilExit()
    var status = process.terminationStatus
    if process.terminationReason == .uncaughtSignal { status = 128 + status }
    if status == 130 || status == 128 + SIGINT { return CommandOutcome(status: 130, output: output) }
    return CommandOutcome(
      status: status, output: output, error: status == 0 ? nil : "!: shell command exited \(status)")
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
    if location.file == Self.interactiveFile {
      // Typed at the prompt: the line is on screen; only a block needs its line number.
      diagnostic(location.position.line == 1 ? message : "line \(location.position.line): \(message)")
    } else {
      diagnostic("\(location): \(message)")
    }
  }

  static let interactiveFile = "<shell>"

  public func checkCommand(_ words: [String?]) -> String? { Registry.check(words) }
}

/// Reading script text: NUL bytes are refused (a binary file passed by mistake),
/// invalid UTF-8 is replaced rather than trusted.
public enum ScriptSource {
  public struct ReadError: Error, CustomStringConvertible {
    public var description: String
  }

  public static let maximumSize = 64 << 20

  public static func read(path: String, displayName: String) throws -> String {
    guard let handle = FileHandle(forReadingAtPath: path) else {
      var isDir: ObjCBool = false
      if FileManager.default.fileExists(atPath: path, isDirectory: &isDir) {
        throw ReadError(description: isDir.boolValue ? "\(displayName) is a directory" : "cannot read \(displayName)")
      }
      throw ReadError(description: "no such file: \(displayName)")
    }
    defer { try? handle.close() }
    let data = handle.readData(ofLength: maximumSize + 1)
    return try decode(data, name: displayName)
  }

  public static func decode(_ data: Data, name: String) throws -> String {
    guard data.count <= maximumSize else {
      throw ReadError(description: "\(name) is larger than \(maximumSize >> 20) MiB")
    }
    if let nul = data.firstIndex(of: 0) {
      let line = data[..<nul].reduce(1) { $1 == 10 ? $0 + 1 : $0 }
      throw ReadError(description: "\(name):\(line): NUL byte in script (is this a binary file?)")
    }
    if let text = String(validating: data, as: UTF8.self) { return text }
    // Not silently U+FFFD: a word with a replaced byte would run as something else.
    var line = 1
    for bytes in data.split(separator: 10, omittingEmptySubsequences: false) {
      if String(validating: bytes, as: UTF8.self) == nil { break }
      line += 1
    }
    throw ReadError(description: "\(name):\(line): not valid UTF-8 (is this a binary file?)")
  }
}
