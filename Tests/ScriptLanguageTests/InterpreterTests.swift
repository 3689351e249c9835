import Testing

@testable import ScriptLanguage

/// An in-memory host: `echo` prints its words, `fail N` exits N, `count`
/// prints how often it ran, `exit N` ends the script. Everything else is logged.
final class FakeHost: ScriptHost {
  var printed = ""
  var errors: [String] = []
  var commands: [[String]] = []
  var settings: [String] = []
  var env: [String: String] = ["HOME": "/home/op"]
  var files: [String: String] = [:]
  var clock = 0.0
  var sleeps: [Double] = []
  var counter = 0
  var interruptAfterCommands: Int?
  var knownCommands: Set<String> = ["echo", "fail", "count", "exit", "true", "false"]

  func runCommand(_ argv: [String], at location: ScriptLocation, capture: Bool) -> CommandOutcome {
    commands.append(argv)
    var out = ""
    var outcome = CommandOutcome(status: 0)
    switch argv[0] {
    case "echo": out = argv.dropFirst().joined(separator: " ") + "\n"
    case "fail":
      let code = Int32(argv.count > 1 ? argv[1] : "1") ?? 1
      outcome = CommandOutcome(status: code, error: "fail: asked to fail with \(code)")
    case "false": outcome = CommandOutcome(status: 1)
    case "count":
      counter += 1
      out = "\(counter)\n"
    case "exit": outcome = CommandOutcome(status: Int32(argv.count > 1 ? argv[1] : "0") ?? 0, exitRequested: true)
    default: break
    }
    if capture { outcome.output = out } else { printed += out }
    return outcome
  }

  func runShell(_ command: String, variables: [String: String], at location: ScriptLocation, capture: Bool)
    -> CommandOutcome
  {
    commands.append(["!", command])
    return CommandOutcome(status: 0, output: capture ? "sh:\(command)" : "")
  }

  func environmentValue(_ name: String) -> String? { env[name] }

  struct Missing: Error, CustomStringConvertible { var description: String }

  func readInclude(_ path: String, from location: ScriptLocation) throws -> (file: String, source: String) {
    guard let s = files[path] else { throw Missing(description: "no such file: \(path)") }
    return (path, s)
  }

  func applySetting(_ setting: Setting, value: String) { settings.append("\(setting.rawValue)=\(value)") }

  func sleep(seconds: Double) -> Bool {
    sleeps.append(seconds)
    clock += seconds
    return true
  }

  func monotonicSeconds() -> Double { clock }

  var isInterrupted: Bool {
    guard let n = interruptAfterCommands else { return false }
    return commands.count >= n
  }

  func reportError(_ message: String, at location: ScriptLocation) { errors.append("\(location): \(message)") }

  func checkCommand(_ words: [String?]) -> String? {
    guard let first = words.first, let name = first else { return nil }
    return knownCommands.contains(name) ? nil : "unknown command '\(name)'"
  }
}

@discardableResult
func run(_ source: String, host: FakeHost = FakeHost(), args: [String] = []) throws -> (Int32, FakeHost) {
  let script = try Parser.parse(source)
  let interpreter = Interpreter(host: host, scriptName: "t.actl", positional: args)
  let status = interpreter.run(script, file: "t.actl")
  return (status, host)
}

struct InterpreterTests {
  @Test(arguments: [
    ("for i in 1..3; echo $i; end", "1\n2\n3\n"),
    ("for i in 3..1; echo $i; end", "3\n2\n1\n"),
    ("for i in -1..1; echo $i; end", "-1\n0\n1\n"),
    ("for i in 5..5; echo $i; end", "5\n"),
    ("for w in a 'b c' d; echo $w; end", "a\nb c\nd\n"),
    ("set list 'x y  z'; for w in $list; echo $w; end", "x\ny\nz\n"),
    ("set list 'x y'; for w in \"$list\"; echo $w; end", "x y\n"),
    ("set x 5; echo $x ${x} \"$x\" '$x'", "5 5 5 $x\n"),
    ("echo ${nope:-fallback}", "fallback\n"),
    ("set e ''; echo ${e:-empty-is-unset}", "empty-is-unset\n"),
    ("set x a b c; echo $x", "a b c\n"),
    ("echo $HOME", "/home/op\n"),
    ("set HOME /mine; echo $HOME", "/mine\n"),
    ("set a $(echo hi); echo [$a]", "[hi]\n"),
    ("echo $(echo a; echo b)", "a\nb\n"),
    ("echo $(echo $(echo deep))", "deep\n"),
    ("set v \"  padded  \"; echo [$(echo $v)]", "[padded]\n"),
    ("if 10 > 9; echo numeric; end", "numeric\n"),
    ("if b == b; echo text; end", "text\n"),
    ("if 10 != 9a; echo text-differs; end", "text-differs\n"),
    ("if 1.0 == 1; echo equal; end", "equal\n"),
    ("if -2 < -1; echo neg; end", "neg\n"),
    ("if NaN == NaN; echo same-string; end", "same-string\n"),
    ("if not 1 == 2; echo not; end", "not\n"),
    ("if true; echo ran; end", "ran\n"),
    ("if false; echo no; else; echo else; end", "else\n"),
    ("if not false; echo negated; end", "negated\n"),
    ("set x 2; if $x == 1; echo one; else if $x == 2; echo two; else; echo other; end", "two\n"),
    ("fail 3; echo $?", ""),
    ("set on-error continue; fail 3; echo $?", "3\n"),
    ("echo $?; false", "0\n"),
    ("exit 7; echo never", ""),
    ("for i in 1..5; if $i == 3; exit 0; end; echo $i; end", "1\n2\n"),
    // A failing $(…) fails the command that uses it: no half-expanded words run.
    ("set on-error continue; echo $(fail 4)after; echo next", "next\n"),
  ])
  func output(source: String, expected: String) throws {
    let (_, host) = try run(source)
    #expect(host.printed == expected)
  }

  @Test(arguments: [
    ("echo ok", Int32(0)),
    ("fail 3", 3),
    ("fail 3; echo never", 3),
    ("set on-error continue; fail 3; fail 4; echo end", 4),
    ("set on-error continue; fail 3; echo end", 3),
    ("exit 5", 5),
    ("exit 0", 0),
    ("assert 1 == 1", 0),
    ("assert 1 == 2", 1),
    // The script is wrong (what --check reports): a usage error, the same status either way.
    ("echo $undefined", 2),
    // Ordering needs numbers: text is a wrong value at run time (1), never a silent string comparison.
    ("if b > a; echo string; end", 1),
    ("if 10 > 9a; echo yes; end", 1),
    ("set lag n/a; assert $lag < 1000", 1),
    // A condition's command that fails with anything but 1 is no answer: the statement fails.
    ("if fail 2; echo yes; else; echo no; end", 2),
    ("if fail 3; echo yes; else; echo no; end", 3),
    ("if fail 1; echo yes; else; echo no; end", 0),
    ("set on-error continue; if fail 3; echo yes; else; echo no; end; echo after", 3),
    ("assert $(( 1 / 0 )) == 1", 1),
    // Too large for 64 bits is out of range, never quietly inexact; results never read as exponents.
    ("echo $(( 99999999999999999999 + 1 ))", 1),
    ("echo $(( 9223372036854775807 + 1 ))", 1),
    ("assert $(( 4000000000000.5 * 2 )) == 8000000000001", 0),
    ("set x 5; if $x / 0 > 1; echo; end", 1),
    ("set x $(fail 3)", 3),
    ("set on-error $(echo maybe)", 2),
    ("set on-error continue; echo $(fail 4)after", 4),
  ])
  func status(source: String, expected: Int32) throws {
    let (status, _) = try run(source)
    #expect(status == expected)
  }
}

struct InterpreterBehaviourTests {
  @Test func failureStopsAtTheLineAndNamesIt() throws {
    let (status, host) = try run("echo one\n\n\n\n\n\nfail 1\necho never")
    #expect(status == 1)
    #expect(host.printed == "one\n")
    #expect(host.errors == ["t.actl:7:1: fail: asked to fail with 1"])
  }

  @Test func undefinedVariableIsAnErrorWithItsPosition() throws {
    let (status, host) = try run("echo ok\necho  $missing")
    #expect(status == 2)
    #expect(host.errors == ["t.actl:2:7: undefined variable '$missing'"])
  }

  @Test func positionalParameters() throws {
    let (_, host) = try run("echo $# $1 $2 ${2:-x} ${3:-none} $0", args: ["a", "b c"])
    #expect(host.printed == "2 a b c b c none t.actl\n")
  }

  @Test func missingPositionalIsAnError() throws {
    let (status, host) = try run("echo $1")
    #expect(status == 2)
    #expect(host.errors.first?.contains("undefined variable '$1'") == true)
  }

  @Test func assertMessageAndValues() throws {
    let (_, host) = try run("set lag 523\nassert $lag < 500")
    #expect(host.errors == ["t.actl:2:1: assertion failed: $lag < 500 ('523' < '500')"])
    let (_, custom) = try run("assert 1 == 2 --message \"lag is $HOME\"")
    #expect(custom.errors == ["t.actl:1:1: assertion failed: lag is /home/op"])
  }

  @Test func waitPollsUntilTheSubstitutionHolds() throws {
    // `count` prints 1, 2, 3…: the condition is re-evaluated, $(…) included, each round.
    let (status, host) = try run("wait --timeout 1m --every 5s $(count) >= 3\necho done")
    #expect(status == 0)
    #expect(host.counter == 3)
    #expect(host.sleeps == [5, 5])
    #expect(host.printed == "done\n")
  }

  @Test func waitTimesOutWithTheLastError() throws {
    let (status, host) = try run("wait --timeout 10s --every 3s $(fail 3) == 0\necho never")
    #expect(status == 1)
    #expect(host.printed == "")
    #expect(host.sleeps == [3, 3, 3, 1])
    let message = try #require(host.errors.last)
    #expect(message.hasPrefix("t.actl:1:1: wait timed out after 10s"))
    #expect(message.contains("fail: asked to fail with 3"))
  }

  @Test func waitOnACommand() throws {
    let (status, host) = try run("wait --timeout 3s --every 1s false")
    #expect(status == 1)
    #expect(host.commands.count == 4)
  }

  @Test func waitDefaultsAreBounded() throws {
    let (status, host) = try run("wait false")
    #expect(status == 1)
    #expect(host.clock == Interpreter.defaultWaitTimeout)
  }

  @Test func includeRunsInTheSameSession() throws {
    let host = FakeHost()
    host.files = ["lib.actl": "set shared from-lib\necho in-lib $1"]
    let (status, _) = try run("include lib.actl\necho $shared", host: host, args: ["arg"])
    #expect(status == 0)
    #expect(host.printed == "in-lib arg\nfrom-lib\n")
  }

  @Test func includeCycleIsAnError() throws {
    let host = FakeHost()
    host.files = ["a.actl": "include b.actl", "b.actl": "include a.actl"]
    let (status, _) = try run("include a.actl", host: host)
    #expect(status == 2)
    #expect(host.errors.last?.contains("include cycle: t.actl → a.actl → b.actl → a.actl") == true)
  }

  @Test func includeSyntaxErrorNamesTheIncludedFile() throws {
    let host = FakeHost()
    host.files = ["bad.actl": "echo fine\nif x == y\n"]
    let (status, _) = try run("include bad.actl", host: host)
    #expect(status == 2)
    #expect(host.errors.last?.hasPrefix("bad.actl:3:1:") == true)
  }

  @Test func missingIncludeFails() throws {
    let (status, host) = try run("include nope.actl")
    #expect(status == 1)
    #expect(host.errors.last?.contains("no such file: nope.actl") == true)
  }

  @Test func settingsReachTheHost() throws {
    let (_, host) = try run("set output json; set timing on")
    #expect(host.settings == ["output=json", "timing=on"])
  }

  @Test func shellEscapeGetsTheRawLine() throws {
    let (_, host) = try run("! echo $HOME | wc -c")
    #expect(host.commands == [["!", "echo $HOME | wc -c"]])
  }

  @Test func interruptStopsALoopWith130() throws {
    let host = FakeHost()
    host.interruptAfterCommands = 3
    let (status, _) = try run("for i in 1..1000000000; echo $i; end", host: host)
    #expect(status == 130)
    #expect(host.commands.count == 3)
  }

  @Test func substitutionsCaptureInsteadOfPrinting() throws {
    let (_, host) = try run("set x $(echo captured)")
    #expect(host.printed == "")
  }

  @Test func interactiveLinesNeverStopTheSession() throws {
    let host = FakeHost()
    let interpreter = Interpreter(host: host, scriptName: "aetherctl")
    let r1 = interpreter.runInteractive(try Parser.parse("fail 4; echo after"), file: "<stdin>")
    #expect(r1.status == 0)
    #expect(host.printed == "after\n")
    let r2 = interpreter.runInteractive(try Parser.parse("exit 3"), file: "<stdin>")
    #expect(r2 == (3, true))
    let r3 = interpreter.runInteractive(try Parser.parse("echo $?"), file: "<stdin>")
    #expect(r3.status == 0)
  }
}

struct CheckerTests {
  func check(_ source: String, variables: Bool = true, positional: Int? = nil, host: FakeHost = FakeHost()) throws
    -> [String]
  {
    let checker = Checker(host: host, checkVariables: variables, positionalCount: positional)
    return checker.check(try Parser.parse(source), file: "t.actl").map(\.description)
  }

  @Test func unknownCommandsAnywhere() throws {
    let problems = try check("echo a\nif true\n  lagg crm\nend\necho $(nosuch)")
    #expect(problems == ["t.actl:3:3: unknown command 'lagg'", "t.actl:5:8: unknown command 'nosuch'"])
  }

  @Test func variablesSetAnywhereCount() throws {
    #expect(try check("echo $later\nset later 1").isEmpty)
    #expect(try check("for i in 1..3; echo $i; end").isEmpty)
    #expect(try check("echo $HOME ${maybe:-x} $? $#").isEmpty)
    #expect(try check("echo $never") == ["t.actl:1:6: undefined variable '$never'"])
  }

  @Test func positionalBeyondTheArgumentsGiven() throws {
    #expect(try check("echo $2", positional: 1) == ["t.actl:1:6: undefined variable '$2'"])
    #expect(try check("echo $2", positional: nil).isEmpty)
  }

  @Test func includesAreFollowed() throws {
    let host = FakeHost()
    host.files = ["lib.actl": "set fromlib 1\nbogus", "loop.actl": "include loop.actl"]
    #expect(try check("include lib.actl\necho $fromlib", host: host) == ["lib.actl:2:1: unknown command 'bogus'"])
    #expect(try check("include loop.actl", host: host).first?.contains("include cycle") == true)
    #expect(try check("include gone.actl", host: host).first?.contains("no such file") == true)
  }
}
