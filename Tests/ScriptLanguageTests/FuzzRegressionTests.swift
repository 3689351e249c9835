import Testing

@testable import ScriptLanguage

/// Inputs the fuzzer (scripts/fuzz) found, kept as they were found.
struct FuzzRegressionTests {
  /// script target, timeout-3f186a4a…: `--every 0s` never let the fake clock
  /// move, and on a real clock spun a core for the whole timeout.
  @Test func waitEveryZeroIsRefusedNotSpun() throws {
    let found: [UInt8] = Array("# monit -d --scals hi\"\nwait --timeout 3s --every 0s $hechg 1) == yCCCC".utf8)
      + [0xBC] + Array("CCCCnd\non-error c3".utf8) + [0x97] + Array("3333333Run ]o\nn the host".utf8)
    // Since arithmetic, `$hechg 1)` before `==` is a broken expression: refused
    // by the parser before anything runs, so nothing can spin.
    do {
      _ = try run(String(decoding: found, as: UTF8.self))
      Issue.record("the fuzzer's input parsed")
    } catch let e as ParseError {
      #expect(e.message.contains("in arithmetic"), "\(e.message)")
    }
    let (again, other) = try run("wait --timeout 3s --every 0s $hechg == yCCCC")
    #expect(again == 2)
    #expect(other.errors.first?.contains("wait --every must be at least 100ms, got 0s") == true, "\(other.errors)")
    #expect(other.sleeps.isEmpty)
  }

  @Test(arguments: ["0s", "1ms", "0.001", "99ms"])
  func waitEveryBelowTheIntervalFloorIsAUsageError(every: String) throws {
    let (status, host) = try run("wait --timeout 1h --every \(every) false\necho never")
    #expect(status == 2)
    #expect(host.printed.isEmpty)
  }
}

/// script target, oom-e1bb615e…: a value doubled by `set` in a loop took
/// the fuzzer past 2 GB. Values are capped, and the cap is an error, not a crash.
struct ValueLimitTests {
  @Test(arguments: [
    "set x 0123456789abcdef; for i in 1..40; set x $x $x; end; echo never",
    "set x 0123456789abcdef; for i in 1..40; set x $x$x; end; echo never",
    "set x 0123456789abcdef; for i in 1..40; set x $(echo $x $x); end; echo never",
  ])
  func doublingStopsAtTheLimit(source: String) throws {
    let (status, host) = try run(source)
    #expect(status == 1)
    #expect(host.errors.contains { $0.contains("a value grew past 64 MiB") }, "\(host.errors)")
    #expect(!host.printed.contains("never"))
  }
}
