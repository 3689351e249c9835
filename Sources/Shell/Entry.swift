import ArgumentParser
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
import Vocabulary

/// Global options and the way aetherctl was invoked. Everything after the
/// first positional word is the command (or the script's arguments).
struct Invocation: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "aetherctl",
    abstract: "A command shell for the aetherlink event pipeline (Kafka, lag math, Prometheus).",
    usage: """
      aetherctl [GLOBAL]                     interactive shell on a terminal
      aetherctl [GLOBAL] -f FILE [--check] [ARG…]
      aetherctl [GLOBAL] -c 'CMD; CMD'
      aetherctl [GLOBAL] COMMAND [ARG…]
      … | aetherctl [GLOBAL]                 read a script from stdin
      """,
    discussion: "Commands: run 'aetherctl help' for the list, 'aetherctl help COMMAND' for one.")

  @OptionGroup var global: GlobalOptions
  @OptionGroup var modes: InvocationModes

  var check: Bool { modes.check }
  var commands: String? { modes.commands }
  var file: String? { modes.file }
  var norc: Bool { modes.norc }
  var flags: GlobalFlags { global.flags }

  @Argument(parsing: .captureForPassthrough, help: "COMMAND [ARG…], or the script's arguments.")
  var words: [String] = []

  func validate() throws {
    if file != nil && commands != nil { throw ValidationError("give -f or -c, not both") }
    if check && file == nil && commands == nil { throw ValidationError("--check goes with -f FILE or -c") }
  }

  /// Every global option's names, from the declarations above.
  static let optionNames = CommandTree(json: Invocation._dumpHelp()).root.options.flatMap(\.names) + ["--version"]

}

public enum Main {
  /// Not CommandLine.arguments: it has already replaced bytes that are not
  /// UTF-8, and `produce` sends argv bytes as given (ArgumentBytes).
  public static func run() -> Never {
    run(arguments: ArgumentBytes.processArguments(count: CommandLine.argc, CommandLine.unsafeArgv))
  }

  public static func run(arguments: [String]) -> Never {
    let status = execute(arguments: Array(arguments.dropFirst()))
    StandardStream.output.flush()
    StandardStream.error.flush()
    // SIGTERM or SIGHUP stopped the work like Ctrl-C; what it did is said:
    // now end by that signal, as a parent (timeout, systemd, CI) expects.
    if let signal = Interrupts.terminationSignal { Interrupts.endByTerminationSignal(signal) }
    // _exit, not exit: the shell's name refreshers may still be inside
    // librdkafka or libcurl (or loading it), and exit's handlers, OpenSSL's
    // cleanup among them, tear those libraries down under them. That crashed
    // Ctrl-D under load. Everything worth keeping is written by now.
    _exit(status)
  }

  static func fail(_ message: String, status: Int32 = ExitStatus.usage) -> Int32 {
    StandardStream.output.flush()
    Secrets.writeError("aetherctl: " + message)
    return status
  }

  /// One stage of start-up: go on with its value, or end with a status.
  enum Stage<Value> {
    case next(Value)
    case exit(Int32)
  }

  /// Returns the process exit status: the invocation is read, a session
  /// opened on it, and the mode it asks for run (a command, -c, -f, the
  /// interactive shell, a pipe).
  public static func execute(arguments: [String]) -> Int32 {
    // The completion scripts call back as `aetherctl ---completion SUB… -- ARG …`;
    // ArgumentParser answers from the declarations (and CachedNames) and exits.
    if arguments.first == "---completion" { CompletionRoot.main(arguments) }
    let invocation: Launch
    switch parseInvocation(arguments) {
    case .next(let parsed): invocation = parsed
    case .exit(let status): return status
    }
    let session: Session
    switch openSession(invocation) {
    case .next(let opened): session = opened
    case .exit(let status): return status
    }
    // Prometheus and Alertmanager end with the session, before the process
    // exits (the exit runs no deinit).
    defer { session.stopSandbox() }
    Interrupts.install(hardExitOnSecond: true)
    return runMode(invocation, session: session)
  }

  /// The command line as aetherctl's own options and the words after them;
  /// `--version`, `--help` and a mistyped option end here.
  static func parseInvocation(_ arguments: [String]) -> Stage<Launch> {
    let invocation: Launch
    if let repeated = TrailingGlobals.repeated(arguments) { return .exit(fail(repeated + " (see 'aetherctl --help')")) }
    if let quick = Launch.quick(arguments) {
      invocation = quick
    } else {
      do {
        // ArgumentParser has no switch with an optional value: `--sandbox=pipeline`
        // is parsed as `--sandbox` and given its value back here.
        let (plain, inline) = Launch.inlineSwitches(arguments)
        var parsed = Launch(try Invocation.parseAsRoot(plain) as? Invocation ?? Invocation())
        for (row, value) in inline { parsed.flags.give(row, value) }
        invocation = parsed
      } catch {
        if Invocation.exitCode(for: error) == .success {
          print(Invocation.fullMessage(for: error))
          return .exit(ExitStatus.success)
        }
        return .exit(fail(Invocation.message(for: error) + " (see 'aetherctl --help')"))
      }
    }
    // Global flags that end parsing: after the first positional word everything
    // is passed through, so these are matched here.
    switch invocation.words.first {
    case "--version":
      print(AetherVersion.string)
      return .exit(ExitStatus.success)
    case "--help", "-h":
      print(Invocation.helpMessage())
      print(commandOverview())
      return .exit(ExitStatus.success)
    case let flag? where flag.hasPrefix("-") && invocation.commands == nil && invocation.file == nil:
      var message = "unknown option '\(flag)'"
      if let s = closestMatch(flag, in: Invocation.optionNames) { message += "; did you mean '\(s)'?" }
      return .exit(fail(message + " (see 'aetherctl --help')"))
    default: return .next(invocation)
    }
  }

  /// The settings in effect (flags > environment > profile > defaults) and
  /// the sandbox they ask for. A broken config file does not stop commands
  /// that read no settings: it is said once, and those that do fail with it.
  static func openSession(_ invocation: Launch) -> Stage<Session> {
    let registry = CommandRegistry()
    let environment = ProcessInfo.processInfo.environment
    var flags = invocation.flags
    var config: ConfigFile
    var configProblem: String?
    do {
      config = try ConfigFile.load(explicit: flags.texts(SettingsTable.config).last, environment: environment)
    } catch {
      configProblem = "\(error)"
      config = ConfigFile()
    }
    for w in config.warnings { Secrets.writeError("aetherctl: " + w) }

    let session: Session
    do {
      session = try Session(flags: flags, environment: environment, config: config, commands: registry)
    } catch where configProblem != nil {
      // The profile asked for lives in the file that could not be read: run
      // on the built-in one; commands that need settings fail with the file's error.
      flags.remove(SettingsTable.profile)
      var env = environment
      env["AETHER_PROFILE"] = nil
      guard let fallback = try? Session(flags: flags, environment: env, config: config, commands: registry) else {
        return .exit(fail("\(error)"))
      }
      session = fallback
    } catch let e as SettingError {
      return .exit(fail(e.message + " (see 'aetherctl --help')"))
    } catch {
      return .exit(fail("\(error)"))
    }
    session.configProblem = configProblem
    if session.settings.sandbox.value != .off {
      do {
        try session.startSandbox()
      } catch {
        return .exit(fail("--sandbox: \(error)", status: ExitStatus.failure))
      }
    }
    return .next(session)
  }

  /// What the invocation asks to run: -c, -f (or -f - for stdin), one
  /// command, the interactive shell on a terminal, or a script piped in.
  static func runMode(_ invocation: Launch, session: Session) -> Int32 {
    if let inline = invocation.commands {
      return runScript(source: inline, name: "-c", session: session, arguments: invocation.words, check: invocation.check)
    }
    if let path = invocation.file {
      let source: String
      do {
        source = path == "-" ? try ScriptSource.readStandardInput() : try ScriptSource.read(path: path, displayName: path)
      } catch {
        return fail("\(error)")
      }
      return runScript(
        source: source, name: path == "-" ? "<stdin>" : path, session: session, arguments: invocation.words,
        check: invocation.check)
    }
    if !invocation.words.isEmpty {
      let outcome = session.execute(invocation.words, capture: false)
      if let e = outcome.error { _ = fail(e) }
      return outcome.status
    }
    if isatty(STDIN_FILENO) == 1 && isatty(STDOUT_FILENO) == 1 {
      let environment = ProcessInfo.processInfo.environment
      session.warnAboutConfig()
      guard let repl = Repl(session: session, environment: environment) else {
        return fail("cannot start the line editor on this terminal")
      }
      return repl.run(rcFile: invocation.norc ? nil : Repl.rcPath(environment: environment))
    }
    let source: String
    do {
      source = try ScriptSource.readStandardInput()
    } catch {
      return fail("\(error)")
    }
    return runScript(source: source, name: "<stdin>", session: session, arguments: [], check: false)
  }

  /// Parses the whole script, checks every command it names, then runs it.
  static func runScript(source: String, name: String, session: Session, arguments: [String], check: Bool) -> Int32 {
    session.scriptDepth += 1
    defer { session.scriptDepth -= 1 }
    // A large script is read a statement at a time, once to check it whole
    // (a syntax error anywhere stops it before the first command) and once
    // to run it, so its memory is bounded by its size; a usual one is parsed
    // once and kept, which is faster.
    let streamed = source.utf8.count > streamedAbove
    let checker = Checker(host: session, checkVariables: check, positionalCount: check ? nil : arguments.count)
    var script: Script?
    let problems: [Diagnostic]
    do {
      if streamed {
        guard let found = try checker.check(source, file: name) else { return ExitStatus.interrupted }
        problems = found
      } else {
        let parsed = try Parser.parse(source)
        script = parsed
        problems = checker.check(parsed, file: name)
      }
    } catch {
      StandardStream.output.flush()
      Secrets.writeError("\(name):\(error.position): \(error.message)")
      return ExitStatus.usage
    }
    if !problems.isEmpty {
      let shown = problems.prefix(20).map(\.description).joined(separator: "\n")
      let more = problems.count > 20 ? "\n\(name): … and \(problems.count - 20) more" : ""
      Secrets.writeError(shown + more)
      return ExitStatus.usage
    }
    if check {
      print("\(name): ok")
      return ExitStatus.success
    }
    let interpreter = session.interpreter
    interpreter.scriptName = name
    interpreter.positional = arguments
    if let script { return interpreter.run(script, file: name) }
    return interpreter.run(source: source, file: name)
  }

  /// Scripts larger than this are read a statement at a time (4 MiB).
  static let streamedAbove = 4 << 20
}
