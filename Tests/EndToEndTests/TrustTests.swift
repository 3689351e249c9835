import Foundation
import Testing
import TestSupport

/// The README's promises as an operator in a hurry tries them: missing groups,
/// arithmetic, typos, conditions whose command cannot answer, dead brokers,
/// broken configs. Each answer is right or a one-line error with the right
/// status, through the built binary.
@Suite struct TrustTests {
  static let noCommits = "group 'crm-events-ss' has no committed offsets on aetherlink.events (does it exist?)"

  /// Every command that reads a group's lag refuses a group that never
  /// committed, instead of answering "lag 0".
  @Test(arguments: [
    "lag crm-events-ss", "lag crm-events-ss --total", "group describe crm-events-ss",
    "eta crm-events-ss --window 1s", "scale-hint crm-events-ss --window 1s --capacity 5", "skew crm-events-ss",
  ])
  func aGroupWithoutCommitsIsAnErrorNeverLagZero(command: String) throws {
    let r = try aetherctl(["--sandbox", "-c", "produce aetherlink.events m --count 5 -o plain; " + command])
    #expect(r.status == 1, "\(command): \(r.stderr)")
    #expect(r.stderr.contains(Self.noCommits), "\(command): \(r.stderr)")
    #expect(!r.stdout.contains("total lag"), "\(command): \(r.stdout)")
  }

  @Test func totalOfAMissingGroupPrintsNothingAndAWaitOnItDoesNotPass() throws {
    let total = try aetherctl(["--sandbox", "lag", "crm-events-ss", "--total"])
    #expect(total.status == 1)
    #expect(total.stdout == "")
    let wait = try aetherctl([
      "--sandbox", "-c", "wait --timeout 1s --every 200ms $(lag crm-events-ss --total) < 100; echo passed",
    ])
    #expect(wait.status == 1, "\(wait.stderr)")
    #expect(wait.stdout == "")
    #expect(wait.stderr.contains("wait timed out after 1s"), "\(wait.stderr)")
    #expect(wait.stderr.contains(Self.noCommits), "\(wait.stderr)")
  }

  @Test func aPartlyCommittedGroupSaysWhatItsTotalCounts() throws {
    let r = try aetherctl([
      "--sandbox", "-c",
      """
      produce aetherlink.events 'm{{seq}}' --partition 0 --count 4 -o plain
      produce aetherlink.events 'n{{seq}}' --partition 1 --count 6 -o plain
      tail aetherlink.events --group g --partition 0 -n 1 --no-follow --format ''
      echo total=$(lag g --total)
      lag g
      """,
    ])
    #expect(r.status == 0, "\(r.stderr)")
    #expect(r.stdout.contains("total=3\n"), "\(r.stdout)")
    #expect(
      r.stderr.contains("lag: total lag counts 1 of 3 partitions; 2 never committed (backlog 6, not in the total)"),
      "\(r.stderr)")
    #expect(r.stdout.contains("no commit (backlog 6)"), "\(r.stdout)")
    #expect(r.stdout.contains("total lag counts 1 of 3 partitions"), "\(r.stdout)")
  }

  @Test func arithmeticInConditionsAndValues() throws {
    let r = try aetherctl([
      "-c",
      """
      set lag 700
      if $lag / 2 > 300; echo high; else; echo low; end
      set rate $(( 161 / 60 ))
      echo rate=$rate eta=$(( 600 / $rate )) int=$(( (1 + 2) * 3 % 4 )) neg=$(( -$lag + 1 ))
      assert ( $lag - 100 ) * 2 == 1200
      """,
    ])
    #expect(r.status == 0, "\(r.stderr)")
    #expect(r.stdout == "high\nrate=2.683333 eta=223.602512 int=1 neg=-699\n", "\(r.stdout)")
  }

  @Test func aConditionWhoseCommandCannotAnswerStopsTheScript() throws {
    let dir = try scratch([
      "typo.actl": "set lag 700\nif lga crm-events-sse\n  echo yes\nelse\n  echo no\nend\necho after\n",
      "down.actl": "if health http://127.0.0.1:1/healthz\n  echo up\nelse\n  echo down\nend\necho after\n",
      "goes-on.actl":
        "set on-error continue\nif health http://127.0.0.1:1/healthz\n  echo up\nelse\n  echo down\nend\necho after\n",
      "false.actl":
        "if health http://127.0.0.1:1/healthz --unreachable-is-down\n  echo up\nelse\n  echo down\nend\necho after\n",
    ])
    defer { try? FileManager.default.removeItem(at: dir) }
    let typo = try aetherctl(["-f", "typo.actl"], cwd: dir)
    #expect(typo.status == 2)
    #expect(typo.stdout == "")
    #expect(typo.stderr == "typo.actl:2:4: unknown command 'lga'; did you mean 'lag'? (try 'help')\n", "\(typo.stderr)")
    let check = try aetherctl(["-f", "typo.actl", "--check"], cwd: dir)
    #expect(check.status == 2)
    let down = try aetherctl(["-f", "down.actl"], cwd: dir)
    #expect(down.status == 3, "\(down.stderr)")
    #expect(down.stdout == "", "neither branch, nothing after: \(down.stdout)")
    #expect(down.stderr.hasPrefix("down.actl:1:4: health: GET http://127.0.0.1:1/healthz"), "\(down.stderr)")
    let goesOn = try aetherctl(["-f", "goes-on.actl"], cwd: dir)
    #expect(goesOn.status == 3)
    #expect(goesOn.stdout == "after\n")
    let asFalse = try aetherctl(["-f", "false.actl"], cwd: dir)
    #expect(asFalse.status == 0, "\(asFalse.stderr)")
    #expect(asFalse.stdout.hasSuffix("no: unreachable\ndown\nafter\n"), "\(asFalse.stdout)")
  }

  @Test func runtimeValuesAreOneAndScriptMistakesTwoTheSameUnderCheck() throws {
    let dir = try scratch([
      "type.actl": "set eta never\nif $eta > 300\n  echo late\nend\n",
      "undefined.actl": "echo start\necho $nope\n",
      "zero.actl": "set rate 0\necho $(( 600 / $rate ))\n",
    ])
    defer { try? FileManager.default.removeItem(at: dir) }
    let type = try aetherctl(["-f", "type.actl"], cwd: dir)
    #expect(type.status == 1)
    #expect(type.stderr.contains("type.actl:2:4: 'never' is not a number"), "\(type.stderr)")
    let undefinedRun = try aetherctl(["-f", "undefined.actl"], cwd: dir)
    let undefinedCheck = try aetherctl(["-f", "undefined.actl", "--check"], cwd: dir)
    #expect(undefinedRun.status == 2)
    #expect(undefinedCheck.status == 2)
    #expect(undefinedRun.stderr.contains("undefined.actl:2:6: undefined variable '$nope'"), "\(undefinedRun.stderr)")
    #expect(undefinedCheck.stderr.contains("undefined.actl:2:6: undefined variable '$nope'"), "\(undefinedCheck.stderr)")
    let zero = try aetherctl(["-f", "zero.actl"], cwd: dir)
    #expect(zero.status == 1)
    #expect(zero.stderr == "zero.actl:2:14: division by zero\n", "\(zero.stderr)")
  }

  /// A bad flag on a line with variables is found before the first line runs:
  /// the produce on line 1 must not have happened.
  @Test func checkSeesLinesWithVariablesBeforeAnythingRuns() throws {
    let dir = try scratch([
      "bad.actl": "produce aetherlink.events first --count 1\nset t aetherlink.events\nproduce $t x --cuont 3\n",
      "good.actl": "set t aetherlink.events\nset c echo\nproduce $t 'v{{seq}}' --count 2 -o plain\n$c done\n",
    ])
    defer { try? FileManager.default.removeItem(at: dir) }
    let check = try aetherctl(["-f", "bad.actl", "--check"], cwd: dir)
    #expect(check.status == 2)
    #expect(
      check.stderr == "bad.actl:3:1: produce: unknown option '--cuont'; did you mean '--count'? (see 'help produce')\n",
      "\(check.stderr)")
    let run = try aetherctl(["--sandbox", "-f", "bad.actl"], cwd: dir)
    #expect(run.status == 2)
    #expect(run.stdout == "", "line 1 ran: \(run.stdout)")
    let good = try aetherctl(["--sandbox", "-f", "good.actl"], cwd: dir)
    #expect(good.status == 0, "\(good.stderr)")
    #expect(good.stdout == "2\ndone\n")
    #expect(try aetherctl(["-f", "good.actl", "--check"], cwd: dir).status == 0)
  }

  @Test func refusedBrokersFailAtOnceNamingThem() throws {
    let started = Date()
    let r = try aetherctl(["-b", "127.0.0.1:1,localhost:2", "topics"])
    #expect(r.status == 3)
    // The default timeout is 10 s: well under it, with room for two busy cores.
    #expect(Date().timeIntervalSince(started) < 3, "took \(Date().timeIntervalSince(started))s")
    #expect(r.stderr.contains("127.0.0.1:1: connection refused"), "\(r.stderr)")
    #expect(r.stderr.contains("localhost:2: connection refused"), "\(r.stderr)")
    #expect(r.stderr.split(separator: "\n").count == 1)
    let resolve = try aetherctl(["-b", "no-such-host.invalid:9092", "topics"])
    #expect(resolve.status == 3)
    #expect(resolve.stderr.contains("cannot resolve no-such-host.invalid"), "\(resolve.stderr)")
  }

  @Test func globalOptionsAfterTheCommand() throws {
    // A Prometheus that accepts and never answers: the trailing --timeout 2s is what ends it.
    let silent = try SilentSocket(listening: true)
    defer { withExtendedLifetime(silent) {} }
    let started = Date()
    let prom = try aetherctl(["prom", "query", "up", "--timeout", "2s", "--prometheus", "http://127.0.0.1:\(silent.port)"])
    let took = Date().timeIntervalSince(started)
    #expect(prom.status == 3, "\(prom.stderr)")
    #expect(prom.stderr.contains("http://127.0.0.1:\(silent.port)/api/v1/query"), "\(prom.stderr)")
    #expect(took >= 2 && took < 6, "the trailing --timeout 2s applied: took \(took)s (default 10s)")
    let kafka = try aetherctl(["topics", "--brokers=127.0.0.1:1"])
    #expect(kafka.status == 3, "\(kafka.stderr)")
    #expect(kafka.stderr.contains("127.0.0.1:1: connection refused"), "the trailing --brokers applied: \(kafka.stderr)")
    // A short option after the command is the command's or an error, never a global in disguise.
    let short = try aetherctl(["tail", "aetherlink.events", "-p", "0"])
    #expect(short.status == 2)
    #expect(short.stderr.contains("unknown option '-p'"), "\(short.stderr)")
    // In a script too, for that line alone.
    let own = try aetherctl(["-c", "lag g --timeout 2s --brokers 127.0.0.1:1"])
    #expect(own.status == 3)
    #expect(own.stderr.contains("no broker answers (127.0.0.1:1"), "\(own.stderr)")
    let bad = try aetherctl(["topics", "--timeout", "soon"])
    #expect(bad.status == 2)
    #expect(bad.stderr.contains("bad duration 'soon'"), "\(bad.stderr)")
  }

  @Test(arguments: [
    (["lga"], "unknown command 'lga'; did you mean 'lag'?"),
    (["eat", "--lag", "1"], "unknown command 'eat'; did you mean 'eta'?"),
    (["group", "descirbe", "g"], "unknown subcommand 'descirbe' of 'group'; did you mean 'describe'?"),
    (["prom", "qeury", "up"], "unknown subcommand 'qeury' of 'prom'; did you mean 'query'?"),
    (["lag", "g", "--totla"], "unknown option '--totla'; did you mean '--total'?"),
    (["tail", "t", "--form", "3"], "unknown option '--form'; did you mean '--from'?"),
    (["--verbsoe", "version"], "unknown option '--verbsoe'; did you mean '--verbose'?"),
    (["runbook", "show", "CrmEventsLagHigh"], "no runbook named 'CrmEventsLagHigh'; did you mean 'CrmEventsConsumerLagHigh'?"),
    (["runbook", "run", "crmeventssinkdwn"], "did you mean 'CrmEventsSinkDown'?"),
  ])
  func typosGetTheNearestName(args: [String], message: String) throws {
    let r = try aetherctl(args)
    #expect(r.status == 2)
    #expect(r.stderr.contains(message), "\(r.stderr)")
    #expect(r.stderr.split(separator: "\n").count == 1)
  }

  /// One letter says too little to guess from: no suggestion rather than a
  /// wrong one (`n` is not `!`, `-V` is not `-v`).
  @Test(arguments: [["n"], ["-V"], ["lag", "g", "-Q"]])
  func oneLetterGetsNoGuess(args: [String]) throws {
    let r = try aetherctl(args)
    #expect(r.status == 2)
    #expect(!r.stderr.contains("did you mean"), "\(r.stderr)")
  }

  @Test func aBrokenConfigStopsOnlyWhatNeedsIt() throws {
    let dir = try scratch(["config/aetherctl/config.toml": "a = \"x\n[profiles.local]\nbrokers = \"b:1\"\n"])
    defer { try? FileManager.default.removeItem(at: dir) }
    let env = ["XDG_CONFIG_HOME": dir.appendingPathComponent("config").path]
    let file = dir.appendingPathComponent("config/aetherctl/config.toml").path
    let warning = "aetherctl: warning: \(file):1: unterminated string"
    for args in [["echo", "hi"], ["eta", "--lag", "1", "--consume-rate", "1", "-o", "plain"], ["help", "lag"]] {
      let r = try aetherctl(args, env: env)
      #expect(r.status == 0, "\(args): \(r.stderr)")
      #expect(r.stderr.hasPrefix(warning), "\(args): \(r.stderr)")
      #expect(r.stderr.split(separator: "\n").count == 1, "\(args): \(r.stderr)")
    }
    for args in [["topics"], ["config", "show"], ["eta", "g"]] {
      let r = try aetherctl(args, env: env)
      #expect(r.status == 2, "\(args): \(r.stderr)")
      #expect(r.stderr.contains("\(file):1: unterminated string"), "\(args): \(r.stderr)")
      #expect(r.stderr.split(separator: "\n").count == 1, "\(args): \(r.stderr)")
    }
  }

  @Test func aBrokenConfigWithItsProfileNamedStillRunsHelp() throws {
    let dir = try scratch(["config/aetherctl/config.toml": "[profiles.prod\nbrokers = \"b:1\"\n"])
    defer { try? FileManager.default.removeItem(at: dir) }
    let env = ["XDG_CONFIG_HOME": dir.appendingPathComponent("config").path, "AETHER_PROFILE": "prod"]
    let help = try aetherctl(["--profile", "prod", "help", "lag"], env: env)
    #expect(help.status == 0, "\(help.stderr)")
    #expect(help.stderr.contains("config.toml:1: expected ']'"), "\(help.stderr)")
    let topics = try aetherctl(["--profile", "prod", "topics"], env: env)
    #expect(topics.status == 2)
    #expect(topics.stderr.contains("config.toml:1:"), "\(topics.stderr)")
    // A profile's bad broker list stops only what uses it.
    let bad = try scratch(["config/aetherctl/config.toml": "[profiles.local]\nbrokers = \"http://x/y\"\n"])
    defer { try? FileManager.default.removeItem(at: bad) }
    let badEnv = ["XDG_CONFIG_HOME": bad.appendingPathComponent("config").path, "AETHER_BROKERS": ""]
    #expect(try aetherctl(["echo", "hi"], env: badEnv).status == 0)
    let used = try aetherctl(["topics"], env: badEnv)
    #expect(used.status == 2)
    #expect(used.stderr.contains("profile local: brokers: 'http://x/y'"), "\(used.stderr)")
  }

  @Test func anUnreachableHealthCheckNeverShowsTheURLsPassword() throws {
    let r = try aetherctl(["health", "http://ops:s3cret-pw@127.0.0.1:1/healthz", "--unreachable-is-down"])
    #expect(r.status == 1)
    #expect(!(r.stdout + r.stderr).contains("s3cret-pw"), "\(r.stdout)\(r.stderr)")
    #expect(r.stdout.contains("unreachable"), "\(r.stdout)")
  }

  @Test func wordingMatchesWhatHappens() throws {
    let equal = try aetherctl(["-o", "json", "eta", "--lag", "600", "--consume-rate", "3", "--produce-rate", "3"])
    #expect(equal.stdout.contains(#""status":"holding""#), "\(equal.stdout)")
    let outrun = try aetherctl(["eta", "--lag", "600", "--consume-rate", "2", "--produce-rate", "3"])
    #expect(outrun.stdout.contains("growing"))
    #expect(outrun.stdout.contains("Producers outrun the consumers by 1/s"), "\(outrun.stdout)")
    #expect(!outrun.stdout.contains("keep pace"))
    let tail = try aetherctl(["tail", "--help"])
    #expect(tail.stdout.components(separatedBy: "(default: beginning)").count == 2, "\(tail.stdout)")
    #expect(tail.stdout.contains("-o json writes JSON Lines"))
    // No help text wraps so that a flag starts a line of prose, where it reads as an option.
    for command in [["prom", "range"], ["sse"], ["remedy"], ["tail"], ["lag"]] {
      let help = try aetherctl(["help"] + command)
      let prose = help.stdout.components(separatedBy: "\nUSAGE:")[0]
      #expect(!prose.split(separator: "\n").contains { $0.hasPrefix("--") }, "\(command): \(prose)")
    }
    let seek = try aetherctl([
      "--sandbox", "-c", "produce aetherlink.events m --count 3 -o plain; group seek g --to start",
    ])
    #expect(seek.stdout.contains("change  lag after"), "\(seek.stdout)")
    let sandbox = try aetherctl(["--sandbox", "-c", "sandbox"])
    #expect(sandbox.stdout.contains("ends with it"), "\(sandbox.stdout)")
    #expect(sandbox.stdout.contains("aetherctl sandbox serve"), "\(sandbox.stdout)")
    let quickstart = try String(
      contentsOf: Binary.packageRoot.appendingPathComponent("examples/quickstart.actl"), encoding: .utf8)
    #expect(!quickstart.contains("339:0:0"))
  }

  @Test func sseThatEndsEarlyOrOverflowsIsReported() throws {
    try LoopbackServer.with { s in
      let early = try aetherctl(["sse", s.base + "/sse/0", "--duration", "4s"], deadline: 15)
      #expect(early.status == 1, "\(early.stderr)")
      #expect(early.stderr.contains("stream closed by the server after"), "\(early.stderr)")
      #expect(early.stderr.contains(", 3 events"), "\(early.stderr)")
      let huge = try aetherctl(["-o", "json", "sse", s.base + "/hugeevent", "--limit", "3"], deadline: 30)
      #expect(huge.status == 1, "\(huge.stderr)")
      #expect(huge.stdout.split(separator: "\n").count == 2, "\(huge.stdout.prefix(300))")
      #expect(huge.stderr.contains("sse: an event over 8 MiB was dropped (1 so far)"), "\(huge.stderr)")
      #expect(huge.stderr.contains("ended inside an unfinished event"), "\(huge.stderr)")
    }
  }

  @Test func emptyAnswersAreErrorsNamingWhatIsMissing() throws {
    try LoopbackServer.with { s in
      let none = try aetherctl(["metrics", s.base + "/metrics", "--grep", "no_such_metric"])
      #expect(none.status == 1)
      #expect(none.stderr.contains("no series match 'no_such_metric' at \(s.base)/metrics"), "\(none.stderr)")
      let captured = try aetherctl([
        "-c", "set n $(metrics \(s.base)/metrics --grep no_such_metric); echo n=$n",
      ])
      #expect(captured.status == 1)
      #expect(captured.stdout == "")
    }
  }
}
