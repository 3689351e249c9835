import ArgumentParser
import Clients
import Foundation
import ShellLanguage

/// The options aetherctl takes before a command, declared once for parsing
/// and for the bash/zsh/fish completion scripts.
struct GlobalOptions: ParsableArguments {
  @Option(name: [.short, .customLong("brokers")], help: "Bootstrap brokers (env AETHER_BROKERS).")
  var brokers: String?

  @Option(name: [.short, .customLong("prometheus")], help: "Prometheus URL (env AETHER_PROMETHEUS_URL).")
  var prometheus: String?

  @Option(help: "Profile from the config file (env AETHER_PROFILE).", completion: DynamicNames.profilesCompletion)
  var profile: String?

  @Option(help: "Config file (default $XDG_CONFIG_HOME/aetherctl/config.toml).", completion: .file(extensions: ["toml"]))
  var config: String?

  @Option(name: .customShort("X"), help: "librdkafka property KEY=VALUE (repeatable).")
  var kafkaProperties: [String] = []

  @Option(
    name: .customLong("password-file"),
    help: "SASL password from the first line of this file (env AETHER_KAFKA_PASSWORD); keeps it out of ps.",
    completion: .file())
  var passwordFile: String?

  @Option(
    name: .customLong("bearer-file"),
    help: "Prometheus bearer token from the first line of this file (env AETHER_PROMETHEUS_TOKEN).",
    completion: .file())
  var bearerFile: String?

  @Option(name: [.short, .customLong("output")], help: "table, json, csv or plain.")
  var output: OutputFormat?

  @Flag(help: "Run against an in-process Kafka mock cluster.")
  var sandbox = false

  @Option(help: "Timeout for every network call (e.g. 5s).", transform: ArgumentParsing.duration)
  var timeout: Double?

  @Flag(name: .customLong("no-color"), help: "No colour (also when NO_COLOR is set).")
  var noColor = false

  @Flag(name: .shortAndLong, help: "Log what is done to stderr.")
  var verbose = false

  @Option(name: .customShort("f"), help: "Run a script file ('-' for stdin); ARGs become $1…", completion: .file(extensions: ["actl"]))
  var file: String?

  @Option(name: .customShort("c"), help: "Run inline commands.")
  var commands: String?

  @Flag(help: "With -f or -c: parse and resolve the script without running it.")
  var check = false

  @Flag(help: "Interactive shell: skip the start-up file rc.actl.")
  var norc = false

  var flags: GlobalFlags {
    var f = GlobalFlags()
    f.brokers = brokers
    f.prometheus = prometheus
    f.profile = profile
    f.configPath = config
    f.kafkaProperties = kafkaProperties
    f.passwordFile = passwordFile
    f.bearerFile = bearerFile
    f.output = output
    f.sandbox = sandbox
    f.timeoutSeconds = timeout
    f.noColor = noColor
    f.verbose = verbose
    return f
  }}

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

  var check: Bool { global.check }
  var commands: String? { global.commands }
  var config: String? { global.config }
  var file: String? { global.file }
  var norc: Bool { global.norc }
  var sandbox: Bool { global.sandbox }
  var flags: GlobalFlags { global.flags }

  @Argument(parsing: .captureForPassthrough, help: "COMMAND [ARG…], or the script's arguments.")
  var words: [String] = []

  func validate() throws {
    if file != nil && commands != nil { throw ValidationError("give -f or -c, not both") }
    if check && file == nil && commands == nil { throw ValidationError("--check goes with -f FILE or -c") }
  }

  /// Every global option's names, from the declaration above.
  static let optionNames = CommandTree(json: Invocation._dumpHelp()).root.options.flatMap(\.names) + ["--version"]


}

public enum Main {
  public static func run(arguments: [String]) -> Never {
    let status = execute(arguments: Array(arguments.dropFirst()))
    fflush(stdout)
    fflush(stderr)
    // _exit, not exit: the shell's name refreshers may still be inside
    // librdkafka or libcurl (or loading it), and exit's handlers, OpenSSL's
    // cleanup among them, tear those libraries down under them. That crashed
    // Ctrl-D under load. Everything worth keeping is written by now.
    _exit(status)
  }

  static func fail(_ message: String, status: Int32 = ExitStatus.usage) -> Int32 {
    fflush(stdout)
    Secrets.writeError("aetherctl: " + message)
    return status
  }

  /// A session on the default config and environment, for completion
  /// callbacks: no warnings printed, no sandbox, nothing started.
  static func quietSession() throws -> Session {
    let environment = ProcessInfo.processInfo.environment
    let config = try loadConfig(explicit: nil, environment: environment)
    return try Session(flags: GlobalFlags(), environment: environment, config: config)
  }

  /// Returns the process exit status.
  public static func execute(arguments: [String]) -> Int32 {
    // The completion scripts call back as `aetherctl ---completion SUB… -- ARG …`;
    // ArgumentParser answers from the declarations (and DynamicNames) and exits.
    if arguments.first == "---completion" { CompletionRoot.main(arguments) }
    let invocation: Invocation
    do {
      invocation = try Invocation.parseAsRoot(arguments) as? Invocation ?? Invocation()
    } catch {
      if Invocation.exitCode(for: error) == .success {
        print(Invocation.fullMessage(for: error))
        return 0
      }
      return fail(Invocation.message(for: error) + " (see 'aetherctl --help')")
    }
    // Global flags that end parsing: after the first positional word everything
    // is passed through, so these are matched here.
    switch invocation.words.first {
    case "--version":
      print(AetherVersion.string)
      return 0
    case "--help", "-h":
      print(Invocation.helpMessage())
      print(Help.overview())
      return 0
    case let flag? where flag.hasPrefix("-") && invocation.commands == nil && invocation.file == nil:
      var message = "unknown option '\(flag)'"
      if let s = closestMatch(flag, in: Invocation.optionNames) { message += "; did you mean '\(s)'?" }
      return fail(message + " (see 'aetherctl --help')")
    default: break
    }
    let environment = ProcessInfo.processInfo.environment
    var config: ConfigFile
    var configProblem: String?
    do {
      config = try loadConfig(explicit: invocation.config, environment: environment)
    } catch {
      // A broken config must not stop `help`, `echo` or local math: one
      // warning, and only the commands that read settings fail.
      configProblem = "\(error)"
      config = ConfigFile()
    }
    for w in config.warnings { Secrets.writeError("aetherctl: " + w) }

    let session: Session
    do {
      session = try Session(flags: invocation.flags, environment: environment, config: config)
    } catch where configProblem != nil {
      // The profile asked for lives in the file that could not be read: run
      // on the built-in one; commands that need settings fail with the file's error.
      var flags = invocation.flags
      flags.profile = nil
      var env = environment
      env["AETHER_PROFILE"] = nil
      guard let fallback = try? Session(flags: flags, environment: env, config: config) else { return fail("\(error)") }
      session = fallback
    } catch {
      return fail("\(error)")
    }
    session.configProblem = configProblem
    if invocation.sandbox {
      do {
        try session.startSandbox()
      } catch {
        return fail("--sandbox: \(error)", status: ExitStatus.failure)
      }
    }
    Interrupts.install(hardExitOnSecond: true)

    if let inline = invocation.commands {
      return runScript(source: inline, name: "-c", session: session, arguments: invocation.words, check: invocation.check)
    }
    if let path = invocation.file {
      let source: String
      do {
        if path == "-" {
          source = try ScriptSource.decode(FileHandle.standardInput.readDataToEndOfFile(), name: "<stdin>")
        } else {
          source = try ScriptSource.read(path: path, displayName: path)
        }
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
      session.warnAboutConfig()
      guard let repl = Repl(session: session, environment: environment) else {
        return fail("cannot start the line editor on this terminal")
      }
      return repl.run(rcFile: invocation.norc ? nil : Repl.rcPath(environment: environment))
    }
    let source: String
    do {
      source = try ScriptSource.decode(FileHandle.standardInput.readDataToEndOfFile(), name: "<stdin>")
    } catch {
      return fail("\(error)")
    }
    return runScript(source: source, name: "<stdin>", session: session, arguments: [], check: false)
  }

  /// Parses the whole script, checks every command it names, then runs it.
  static func runScript(source: String, name: String, session: Session, arguments: [String], check: Bool) -> Int32 {
    session.scriptDepth += 1
    defer { session.scriptDepth -= 1 }
    let script: Script
    do {
      script = try Parser.parse(source)
    } catch {
      fflush(stdout)
      Secrets.writeError("\(name):\(error.position): \(error.message)")
      return ExitStatus.usage
    }
    let checker = Checker(host: session, checkVariables: check, positionalCount: check ? nil : arguments.count)
    let problems = checker.check(script, file: name)
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
    return interpreter.run(script, file: name)
  }

  static func loadConfig(explicit: String?, environment: [String: String]) throws -> ConfigFile {
    guard let path = explicit ?? AppDirectory.config.path(environment: environment).map({ $0 + "/config.toml" })
    else { return ConfigFile() }
    guard FileManager.default.fileExists(atPath: path) else {
      if explicit != nil { throw ConfigError(file: path, line: nil, message: "no such config file") }
      return ConfigFile()
    }
    guard let data = FileManager.default.contents(atPath: path) else {
      throw ConfigError(file: path, line: nil, message: "cannot read the config file")
    }
    guard let text = String(data: data, encoding: .utf8) else {
      throw ConfigError(file: path, line: nil, message: "the config file is not UTF-8")
    }
    var config = try ConfigFile.parse(text, file: path)
    if config.holdsSecrets, let attrs = try? FileManager.default.attributesOfItem(atPath: path),
      let mode = attrs[.posixPermissions] as? Int, mode & 0o077 != 0
    {
      config.warnings.append(
        "\(path): holds secrets but is readable by others (mode \(String(mode, radix: 8))); run: chmod 600 \(path)")
    }
    return config
  }
}

extension ConfigFile {
  var holdsSecrets: Bool {
    profiles.values.contains { p in
      p.prometheusToken != nil || p.prometheusPassword != nil || p.kafka.contains { isSecretKey($0.key) }
    }
  }
}
