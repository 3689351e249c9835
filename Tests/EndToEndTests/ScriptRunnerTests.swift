import Foundation
import Testing

struct ScriptRunnerTests {
  @Test func inlineLoop() throws {
    let r = try aetherctl(["-c", "for i in 1..3; echo $i; end"])
    #expect(r.status == 0)
    #expect(r.stdout == "1\n2\n3\n")
    #expect(r.stderr == "")
  }

  @Test func aFailureOnLineSevenStopsThere() throws {
    let dir = try scratch([
      "script.actl": "echo one\necho two\n# three\n\nset x 4\necho five\neta --lag 10 --consume-rate 1 --produce-rate $x --window 1s\necho never\n"
    ])
    defer { try? FileManager.default.removeItem(at: dir) }
    let r = try aetherctl(["-f", "script.actl"], cwd: dir)
    #expect(r.status == 2)
    #expect(r.stdout == "one\ntwo\nfive\n")
    #expect(r.stderr.hasPrefix("script.actl:7:1: eta: "))
    #expect(r.stderr.split(separator: "\n").count == 1)
  }

  @Test func aFailedAssertOnLineSevenExitsOne() throws {
    let dir = try scratch(["script.actl": "echo 1\n\n\n\n\nset lag 900\nassert $lag < 500\necho never\n"])
    defer { try? FileManager.default.removeItem(at: dir) }
    let r = try aetherctl(["-f", "script.actl"], cwd: dir)
    #expect(r.status == 1)
    #expect(r.stdout == "1\n")
    #expect(r.stderr == "script.actl:7:1: assertion failed: $lag < 500 ('900' < '500')\n")
  }

  @Test func syntaxErrorIsReportedBeforeAnythingRuns() throws {
    let dir = try scratch(["s.actl": "! touch ran.txt\necho first\n" + String(repeating: "echo x\n", count: 37) + "if $x == 1\necho y\n"])
    defer { try? FileManager.default.removeItem(at: dir) }
    let r = try aetherctl(["-f", "s.actl"], cwd: dir)
    #expect(r.status == 2)
    #expect(r.stdout == "")
    #expect(r.stderr.hasPrefix("s.actl:42:1: 'if' at 40:1 has no 'end'"))
    #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("ran.txt").path))
  }

  @Test func unknownCommandIsFoundBeforeAnythingRuns() throws {
    let r = try aetherctl(["-c", "echo first; lagg crm-events-sse"])
    #expect(r.status == 2)
    #expect(r.stdout == "")
    #expect(r.stderr.hasPrefix("-c:1:13: unknown command 'lagg'"))
  }

  @Test func argumentsAreDollarN() throws {
    let dir = try scratch(["a.actl": "echo $# $1 \"$2\"\n"])
    defer { try? FileManager.default.removeItem(at: dir) }
    let r = try aetherctl(["-f", dir.appendingPathComponent("a.actl").path, "crm-events-sse", "two words"])
    #expect(r.stdout == "2 crm-events-sse two words\n")
  }

  @Test func pipedStdinIsAScript() throws {
    let r = try aetherctl([], stdin: "set x 41\necho $x\nexit 3\necho never\n")
    #expect(r.status == 3)
    #expect(r.stdout == "41\n")
  }

  @Test func dashFDashReadsStdin() throws {
    let r = try aetherctl(["-f", "-", "arg"], stdin: "echo got $1\n")
    #expect(r.stdout == "got arg\n")
  }

  @Test func onErrorContinueEndsWithTheLastFailure() throws {
    let r = try aetherctl(["-c", "set on-error continue; exit-not-a-command-but-checked; echo x"])
    #expect(r.status == 2)  // the static check still refuses unknown commands
    let s = try aetherctl([
      "-c", "set on-error continue; assert 1 == 2; echo after; sleep bogus-not-checked-$x",
    ], env: ["x": "y"])
    #expect(s.status == 2)
    #expect(s.stdout == "after\n")
    #expect(s.stderr.contains("-c:1:24: assertion failed"))
  }

  @Test func checkParsesAndResolvesWithoutRunning() throws {
    let dir = try scratch([
      "ok.actl": "set g crm-events-sse\n! touch ran.txt\neta --lag 5 --consume-rate $rate\nset rate 2\n",
      "bad.actl": "echo $nowhere\neta --lagg 5\nnosuch\ninclude missing.actl\n",
    ])
    defer { try? FileManager.default.removeItem(at: dir) }
    let ok = try aetherctl(["-f", "ok.actl", "--check"], cwd: dir)
    #expect(ok.status == 0)
    #expect(ok.stdout == "ok.actl: ok\n")
    #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("ran.txt").path))
    let bad = try aetherctl(["-f", "bad.actl", "--check"], cwd: dir)
    #expect(bad.status == 2)
    let lines = bad.stderr.split(separator: "\n").map(String.init)
    #expect(lines.count == 4)
    #expect(lines[0] == "bad.actl:1:6: undefined variable '$nowhere'")
    #expect(lines[1].hasPrefix("bad.actl:2:1: eta: unknown option '--lagg'; did you mean '--lag'?"))
    #expect(lines[2].hasPrefix("bad.actl:3:1: unknown command 'nosuch'"))
    #expect(lines[3].hasPrefix("bad.actl:4:1: include missing.actl: no such file"))
  }

  @Test func includeIsRelativeToTheIncludingFile() throws {
    let dir = try scratch([
      "drills/main.actl": "include lib/common.actl\necho main $shared\n",
      "drills/lib/common.actl": "set shared from-lib\n",
      "loop/a.actl": "include b.actl\n", "loop/b.actl": "include a.actl\n",
    ])
    defer { try? FileManager.default.removeItem(at: dir) }
    let r = try aetherctl(["-f", dir.appendingPathComponent("drills/main.actl").path])
    #expect(r.status == 0)
    #expect(r.stdout == "main from-lib\n")
    let loop = try aetherctl(["-f", "loop/a.actl"], cwd: dir)
    #expect(loop.status == 2)
    #expect(loop.stderr.contains("include cycle"))
  }

  @Test func nulBytesAreRefused() throws {
    let dir = try scratch(["bin.actl": "echo a\necho \u{0}b\n"])
    defer { try? FileManager.default.removeItem(at: dir) }
    let r = try aetherctl(["-f", "bin.actl"], cwd: dir)
    #expect(r.status == 2)
    #expect(r.stderr.contains("bin.actl:2: NUL byte in script"))
    #expect(r.stdout == "")
  }

  @Test func missingScriptFile() throws {
    let r = try aetherctl(["-f", "/nonexistent/x.actl"])
    #expect(r.status == 2)
    #expect(r.stderr == "aetherctl: no such file: /nonexistent/x.actl\n")
  }

  @Test func ctrlCStopsASleepingScriptWith130() throws {
    let r = try aetherctl(["-c", "echo started; sleep 30; echo never"], deadline: 10, interruptWhen: .output("started"))
    #expect(r.status == 130)
    #expect(r.stdout == "started\n")
  }

  @Test func shellEscapeSeesScriptVariables() throws {
    let r = try aetherctl(["-c", "set lag 42\n! echo \"lag is $lag\""])
    #expect(r.stdout == "lag is 42\n")
  }

  @Test func waitReevaluatesSubstitutions() throws {
    let dir = try scratch([:])
    defer { try? FileManager.default.removeItem(at: dir) }
    let counter = dir.appendingPathComponent("n").path
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    let script = """
      ! echo 0 > \(counter)
      wait --timeout 20s --every 100ms $(! n=$(cat \(counter)); echo $((n+1)) | tee \(counter)) >= 3
      echo done $(! cat \(counter))
      """
    let r = try aetherctl(["-c", script])
    #expect(r.status == 0, "\(r.stderr)")
    #expect(r.stdout == "done 3\n")
  }

  @Test func waitTimeoutExitsOne() throws {
    let r = try aetherctl(["-c", "wait --timeout 300ms --every 100ms 1 == 2\necho never"])
    #expect(r.status == 1)
    #expect(r.stderr.hasPrefix("-c:1:1: wait timed out after 300ms: 1 == 2"))
  }
}
