import Testing

@testable import ShellLanguage

/// Inputs the fuzzer (scripts/fuzz) found, kept as they were found.
struct FuzzRegressionTests {
  /// script target, timeout-3f186a4a…: `--every 0s` never let the fake clock
  /// move, and on a real clock spun a core for the whole timeout.
  @Test func waitEveryZeroIsRefusedNotSpun() throws {
    let found: [UInt8] = Array("# monit -d --scals hi\"\nwait --timeout 3s --every 0s $hechg 1) == yCCCC".utf8)
      + [0xBC] + Array("CCCCnd\non-error c3".utf8) + [0x97] + Array("3333333Run ]o\nn the host".utf8)
    let (status, host) = try run(String(decoding: found, as: UTF8.self))
    #expect(status == 2)
    #expect(host.errors.first?.contains("wait --every must be at least 10ms, got 0s") == true, "\(host.errors)")
    #expect(host.sleeps.isEmpty)
  }

  @Test(arguments: ["0s", "1ms", "0.001"])
  func waitEveryBelowTenMillisecondsIsAUsageError(every: String) throws {
    let (status, host) = try run("wait --timeout 1h --every \(every) false\necho never")
    #expect(status == 2)
    #expect(host.printed.isEmpty)
  }
}
