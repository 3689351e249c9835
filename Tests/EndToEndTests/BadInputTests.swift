import Foundation
import Testing
import TestSupport

/// The bad-input table of docs/RELIABILITY.md: each input gets a one-line
/// error naming what and where, the documented status, and no crash (a
/// status ≥ 128 is a signal) or hang (the harness deadline).
struct BadInputCase: CustomTestStringConvertible, Sendable {
  var name: String
  var args: [String]
  var files: [String: [UInt8]] = [:]
  var status: Int32
  var stderr: String = ""
  var stdout: String? = nil
  /// Ctrl-C once this text has been printed.
  var interruptWhen: String? = nil
  var testDescription: String { name }
}

private func text(_ s: String) -> [UInt8] { Array(s.utf8) }

let oneMiB = 1 << 20

/// Issue 29's crash classes: every file the tool reads, given a directory;
/// every duration that reaches a C or integer API, given one past its range.
let hostileValues: [BadInputCase] = [
  BadInputCase(name: "a script that is a directory", args: ["-f", "d/"], files: ["d/": []], status: 2, stderr: "d/ is a directory"),
  BadInputCase(
    name: "an include that is a directory", args: ["-f", "inc.actl"], files: ["d/": [], "inc.actl": text("include d/\n")],
    status: 2, stderr: "inc.actl:1:1: include d/: d/ is a directory"),
  BadInputCase(
    name: "a config file that is a directory", args: ["--config", "d/", "lag", "g"], files: ["d/": []], status: 2,
    stderr: "cannot read the config file (is a directory)"),
  BadInputCase(
    name: "produce --file of a directory", args: ["--sandbox", "-c", "produce aetherlink.events --file d/"], files: ["d/": []],
    status: 1, stderr: "--file d/: is a directory"),
  BadInputCase(
    name: "a JSON body file that is a directory", args: ["http", "post", "http://127.0.0.1:9/", "--json", "@d/"],
    files: ["d/": []], status: 2, stderr: "--json: cannot read 'd/': is a directory"),
  BadInputCase(
    name: "a bearer file that is a directory", args: ["http", "get", "http://127.0.0.1:9/", "--bearer-file", "d/"],
    files: ["d/": []], status: 2, stderr: "--bearer-file: cannot read 'd/': is a directory"),
  BadInputCase(
    name: "a user runbook that is a directory is skipped, and said", args: ["runbook", "show", "CrmEventsNoClients"],
    files: ["config/aetherctl/runbooks/Broken.actl/": []], status: 0, stderr: "runbook: skipped: "),
  BadInputCase(
    name: "a timeout past librdkafka's 32-bit milliseconds", args: ["--timeout", "25d", "lag", "g"], status: 2,
    stderr: "the timeout must be at most 24d, got 25d"),
  BadInputCase(
    name: "a profile's timeout past librdkafka's range", args: ["lag", "g"],
    files: ["config/aetherctl/config.toml": text("[profiles.local]\ntimeout = \"30d\"\n")], status: 2,
    stderr: "the timeout must be at most 24d"),
  BadInputCase(name: "a zero timeout", args: ["--timeout", "0s", "lag", "g"], status: 2, stderr: "must be longer than 0s"),
  BadInputCase(
    name: "an HTTP timeout past the range", args: ["http", "get", "http://127.0.0.1:9/", "--timeout", "1000d"], status: 2,
    stderr: "the timeout must be at most 24d"),
  BadInputCase(name: "a watch every millisecond", args: ["lag", "g", "--watch", "1ms"], status: 2, stderr: "must be at least 100ms"),
  BadInputCase(name: "a watch of zero", args: ["watch", "0s", "echo", "x"], status: 2, stderr: "must be at least 100ms"),
  BadInputCase(
    name: "a watch past any clock", args: ["watch", "99999999999999999999d", "echo", "x"], status: 2,
    stderr: "is longer than the longest allowed, 3650d"),
  BadInputCase(
    name: "a sleep past Int64 seconds", args: ["sleep", "9223372036854775807s"], status: 2,
    stderr: "is longer than the longest allowed"),
  BadInputCase(name: "status sampled every microsecond", args: ["status", "g", "--every", "0.001ms"], status: 2, stderr: "at least 100ms"),
  BadInputCase(name: "wait every millisecond", args: ["-c", "wait --every 1ms 1 == 1"], status: 2, stderr: "wait --every must be at least 100ms"),
  BadInputCase(
    name: "an arithmetic result past Int64 is an error, never a trap", args: ["-c", "echo $((9000000000000 * 9000000000000.5))"],
    status: 1, stderr: "-c:1:23: the result is out of range"),
  BadInputCase(
    name: "a watch of a group that does not exist ends, never loops", args: ["--sandbox", "lag", "nosuchgroup", "--watch", "200ms"],
    status: 1, stderr: "nosuchgroup"),
  BadInputCase(
    name: "overrides that weaken produce's guarantees are said",
    args: ["--sandbox", "-X", "acks=0", "-X", "enable.idempotence=false", "produce", "aetherlink.events", "x"], status: 0,
    stderr: "produce: acks=0: the broker confirms nothing, so 'delivered' means sent, not stored"),
  BadInputCase(
    name: "integers a double cannot tell apart compare as different",
    args: ["-c", "if 9007199254740993 == 9007199254740992\necho same\nelse\necho differ\nend"], status: 0,
    stdout: "differ\n"),
  BadInputCase(
    name: "a large decimal result prints whole", args: ["-c", "echo $((90000000000 * 9000000.5))"],
    status: 0, stdout: "810000045000000000\n"),
]

let badInputs: [BadInputCase] = hostileValues + [
  BadInputCase(
    name: "a global setting given twice before the command", args: ["-o", "json", "--output", "table", "echo", "hi"],
    status: 2, stderr: "-o/--output takes one value, given more than once"),
  BadInputCase(
    name: "a global setting given twice after the command", args: ["lag", "g", "--timeout", "1s", "--timeout", "2s"],
    status: 2, stderr: "lag: --timeout takes one value, given more than once"),
  BadInputCase(
    name: "a command's option given twice, in a script", args: ["-c", "lag g --topic a --topic b"],
    status: 2, stderr: "lag: --topic takes one value, given more than once"),
  BadInputCase(
    name: "repeatable globals and switches given twice", args: ["-X", "a=1", "-X", "b=2", "-v", "-v", "echo", "hi"],
    status: 0, stdout: "hi\n"),
  BadInputCase(
    name: "NUL bytes in a script", args: ["-f", "nul.actl"], files: ["nul.actl": text("echo a\n") + [0] + text("b\n")],
    status: 2, stderr: "nul.actl:2: NUL byte in script (is this a binary file?)"),
  BadInputCase(
    name: "binary garbage in a script", args: ["-f", "garbage.actl"],
    files: ["garbage.actl": text("echo fine\n") + [0x01, 0x02, 0xFF, 0xFE, 0x80, 0x1B] + text("[31m\n")],
    status: 2, stderr: "garbage.actl:2: not valid UTF-8 (is this a binary file?)"),
  BadInputCase(
    name: "control characters in a command name", args: ["-c", "zz\u{1B}[2J"], status: 2,
    stderr: "-c:1:1: unknown command 'zz\\x1B[2J'"),
  BadInputCase(
    name: "a 10 MB line", args: ["-f", "long.actl"],
    files: ["long.actl": text("echo ") + [UInt8](repeating: 0x78, count: 10_000_000) + text("\n")], status: 0,
    stdout: String(repeating: "x", count: 10_000_000) + "\n"),
  BadInputCase(
    name: "1,000-deep nested if", args: ["-f", "deep.actl"],
    files: ["deep.actl": text(String(repeating: "if 1 == 1\n", count: 1000) + "echo deep\n" + String(repeating: "end\n", count: 1000))],
    status: 2, stderr: "deep.actl:257:1: blocks nested more than 256 deep"),
  BadInputCase(
    name: "unterminated quote at end of file", args: ["-f", "quote.actl"], files: ["quote.actl": text("echo ok\necho \"abc")],
    status: 2, stderr: "quote.actl:2:6: unterminated double quote"),
  BadInputCase(
    name: "undefined variable", args: ["-f", "undefined.actl"], files: ["undefined.actl": text("echo start\necho $nope\n")],
    status: 2, stderr: "undefined.actl:2:6: undefined variable '$nope'"),
  BadInputCase(
    name: "ordering a non-number in a condition", args: ["-c", "set lag n/a; if $lag > 1000; echo high; end"], status: 1,
    stderr: "-c:1:17: 'n/a' is not a number ('>' compares numbers; == and != compare text)"),
  BadInputCase(
    name: "division by zero", args: ["-c", "set lag 600; assert $lag / 0 == 5"], status: 1,
    stderr: "-c:1:26: division by zero"),
  BadInputCase(
    name: "arithmetic on a non-number", args: ["-c", "set eta never; if $eta * 2 > 300; echo late; end"], status: 1,
    stderr: "-c:1:19: 'never' is not a number (in arithmetic)"),
  BadInputCase(
    name: "a broken arithmetic expression", args: ["-c", "echo start; echo $(( 2 * ))"], status: 2,
    stderr: "-c:1:18: arithmetic expression ends after an operator"),
  BadInputCase(
    name: "a condition whose command is unknown", args: ["-c", "set lag 700; if $lag / 2 > 300; echo y; end; if lga x; echo y; else; echo n; end"],
    status: 2, stderr: "-c:1:49: unknown command 'lga'; did you mean 'lag'?"),
  BadInputCase(
    name: "an empty broker list", args: ["-b", "", "topics"], status: 2, stderr: "--brokers: no broker given"),
  BadInputCase(
    name: "a broker list that is no address", args: ["-b", "garbage!!@@", "topics"], status: 2,
    stderr: "--brokers: 'garbage!!@@': not a host name (expected HOST:PORT)"),
  BadInputCase(
    name: "for over a huge range is interruptible", args: ["-c", "echo looping; for i in 1..999999999999; set x $i; end"],
    status: 130, interruptWhen: "looping"),
  BadInputCase(
    name: "recursive include", args: ["-f", "a.actl"], files: ["a.actl": text("include b.actl\n"), "b.actl": text("include a.actl\n")],
    status: 2, stderr: "include cycle:"),
  BadInputCase(
    name: "a template with an unknown placeholder", args: ["--sandbox", "produce", "aetherlink.events", "{{seq}} {{nope}}"],
    status: 2, stderr: "value template: column 9: unknown placeholder '{{nope}}', did you mean '{{now}}'?"),
  BadInputCase(
    name: "a negative --count", args: ["--sandbox", "produce", "aetherlink.events", "x", "--count", "-5"], status: 2,
    stderr: "--count must be at least 1, got -5"),
  BadInputCase(
    name: "an offset beyond the log end",
    args: ["--sandbox", "-c", "produce aetherlink.events m --partition 0 --count 3 -o plain\ntail aetherlink.events --partition 0 --from 999 --no-follow -o plain"],
    status: 0, stderr: "tail: offset 999 is past the end of aetherlink.events[0] (log 0…3); starting at 3", stdout: "3\n"),
  BadInputCase(
    name: "a timestamp before the topic's first message",
    args: ["--sandbox", "-c", "produce aetherlink.events m{{seq}} --partition 0 --count 3 -o plain\ntail aetherlink.events --partition 0 --from @2000-01-01T00:00:00Z --no-follow -o plain"],
    status: 0, stdout: "3\nm1\nm2\nm3\n"),
  BadInputCase(
    name: "invalid UTF-8 in a message value",
    args: ["--sandbox", "-c", "produce aetherlink.events --file bad.bin --partition 0 -o plain\ntail aetherlink.events --no-follow -o plain"],
    files: ["bad.bin": text("ok") + [0xFF, 0xFE, 0x00] + text("end\n")], status: 0, stdout: "1\nok\\xff\\xfe\\x00end\n"),
  BadInputCase(
    name: "a 1 MiB message",
    args: ["--sandbox", "-c", "produce aetherlink.events --file big.txt --partition 0 -o plain\ntail aetherlink.events --no-follow --format '%S\\n'"],
    files: ["big.txt": [UInt8](repeating: 0x79, count: oneMiB)], status: 0, stdout: "1\n\(oneMiB)\n"),
  BadInputCase(
    name: "a config file with a syntax error", args: ["config", "show"],
    files: ["config/aetherctl/config.toml": text("[profiles.x\nbrokers = \"b:9092\"\n")], status: 2,
    stderr: "config/aetherctl/config.toml:1: expected ']' to close the table header"),
  BadInputCase(
    name: "a config file with a wrong type", args: ["config", "show"],
    files: ["config/aetherctl/config.toml": text("[profiles.x]\ncapacity = \"fast\"\n")], status: 2,
    stderr: "config/aetherctl/config.toml:2: key 'profiles.x.capacity' must be a finite number, got a string"),
]

@Suite struct BadInputTests {
  @Test(arguments: badInputs)
  func refusedClearly(_ c: BadInputCase) throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("aetherctl-bad-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: dir) }
    for (name, bytes) in c.files {
      let url = dir.appendingPathComponent(name)
      // A name ending in "/" is a directory where a file is expected.
      if name.hasSuffix("/") {
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        continue
      }
      try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
      try Data(bytes).write(to: url)
    }
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    let r = try aetherctl(
      c.args, env: ["XDG_CONFIG_HOME": dir.appendingPathComponent("config").path], cwd: dir, deadline: 60,
      interruptWhen: c.interruptWhen.map { .output($0) })
    // Exactly this exit status: a crash (a signal) or another status fails.
    #expect(r.end == .exited(c.status), "\(c.name): \(r.end), stderr: \(r.stderr.prefix(500))")
    if !c.stderr.isEmpty { #expect(r.stderr.contains(c.stderr), "\(c.name): stderr was \(r.stderr.prefix(500))") }
    if c.status != 0 && c.status != 130 {
      let lines = r.stderr.split(separator: "\n")
      #expect(lines.count == 1, "\(c.name): expected one line, got \(r.stderr.prefix(500))")
      #expect(!r.stderr.contains("Fatal error"), "\(c.name): crashed")
    }
    if let out = c.stdout { #expect(r.stdout == out, "\(c.name): stdout was \(r.stdout.prefix(300))") }
  }

  /// Key, value and header bytes that are not UTF-8 reach the broker as
  /// given, from a command's own argv and from a script's arguments, as kcat
  /// sends them; a terminal-bound diagnostic shows such a byte as \xNN.
  @Test func argvBytesAreSentAsGiven() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("aetherctl-bad-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let script = dir.appendingPathComponent("bytes.actl")
    try Data(
      """
      produce aetherlink.events $1 --key $2 --header $3 --partition 0
      produce aetherlink.events $1 --raw --partition 1
      tail aetherlink.events --no-follow -o json

      """.utf8
    ).write(to: script)
    let r = try runToCompletion(
      "/bin/sh",
      [
        "-c", "exec \"$0\" --sandbox -f \"$1\" \"$(printf 'v\\377\\376{{seq}}')\" \"$(printf 'k\\200')\" \"$(printf 'h=\\303')\"",
        Binary.url.path, script.path,
      ],
      environment: hermeticEnvironment(home: dir), deadline: 60)
    #expect(r.end == .exited(0), "\(r.end) \(r.stderr.prefix(300))")
    let rows = r.stdout.split(separator: "\n").compactMap {
      try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
    }.filter { $0["partition"] != nil }
    func bytes(_ row: [String: Any]?, _ field: String) -> [UInt8]? {
      (row?[field] as? String).flatMap { Data(base64Encoded: $0) }.map { Array($0) }
    }
    let templated = rows.first { $0["partition"] as? Int == 0 }
    let raw = rows.first { $0["partition"] as? Int == 1 }
    #expect(bytes(templated, "value") == [0x76, 0xFF, 0xFE, 0x31], "\(r.stdout)")
    #expect(bytes(templated, "key") == [0x6B, 0x80])
    // A header is [name, value, "base64"] when its value is not UTF-8.
    let header = (templated?["headers"] as? [[Any]])?.first
    #expect(header?.first as? String == "h")
    #expect((header?.dropFirst().first as? String).flatMap { Data(base64Encoded: $0) } == Data([0xC3]))
    #expect(bytes(raw, "value") == [0x76, 0xFF, 0xFE] + Array("{{seq}}".utf8))
    // A mistyped command made of such bytes is named with them visible.
    let unknown = try runToCompletion(
      "/bin/sh", ["-c", "exec \"$0\" \"$(printf 'pr\\377duce')\"", Binary.url.path],
      environment: hermeticEnvironment(home: dir), deadline: 30)
    #expect(unknown.end == .exited(2))
    #expect(unknown.stderr.contains("unknown command 'pr\\xFFduce'"), "\(unknown.stderr)")
  }

  /// A script over 4 MiB is read a statement at a time (memory bounded by
  /// its size): a syntax error on its last line still stops it before its
  /// first command, and a good one runs to its end.
  @Test func aLargeScriptIsCheckedWholeThenRun() throws {
    let body = String(repeating: "set x 12345\n", count: 400_000)
    let bad = try scratch(["big.actl": "echo first\n" + body + "end\n"])
    defer { try? FileManager.default.removeItem(at: bad) }
    let refused = try aetherctl(["-f", bad.appendingPathComponent("big.actl").path], deadline: 120)
    #expect(refused.end == .exited(2), "\(refused.stderr.prefix(300))")
    #expect(refused.stdout.isEmpty, "ran before the check: \(refused.stdout.prefix(100))")
    #expect(refused.stderr.contains("big.actl:400002:1: 'end' without 'if' or 'for'"), "\(refused.stderr.prefix(300))")
    let good = try scratch(["big.actl": "echo first\n" + body + "echo last $x\n"])
    defer { try? FileManager.default.removeItem(at: good) }
    let ran = try aetherctl(["-f", good.appendingPathComponent("big.actl").path], deadline: 120)
    #expect(ran.end == .exited(0), "\(ran.stderr.prefix(300))")
    #expect(ran.stdout == "first\nlast 12345\n")
  }

  /// Standard input redirected from a directory (`aetherctl < dir`): one line, exit 2, no trap.
  @Test func standardInputThatIsADirectory() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("aetherctl-bad-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let r = try runToCompletion(
      "/bin/sh", ["-c", "exec \"$0\" < \"$1\"", Binary.url.path, dir.path],
      environment: hermeticEnvironment(home: dir), deadline: 30)
    #expect(r.end == .exited(2), "\(r.end) \(r.stderr.prefix(300))")
    #expect(r.stderr == "aetherctl: <stdin> is a directory\n", "\(r.stderr.prefix(300))")
  }
}
