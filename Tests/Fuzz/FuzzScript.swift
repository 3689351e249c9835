import ScriptLanguage
import Vocabulary

/// An in-memory host with a budget: the fuzzer may write `for i in 1..1e9` or
/// `wait 1h`, so commands, loop turns and the fake clock are all bounded and
/// the interpreter's own interruption path ends the run.
final class FuzzHost: ScriptHost {
  var steps = 0
  var clock = 0.0
  let files: [String: String] = ["a.actl": "set a 1\ninclude b.actl\n", "b.actl": "include a.actl\n"]

  func runCommand(_ argv: [String], at location: ScriptLocation, capture: Bool) -> CommandOutcome {
    steps += 1
    switch argv.first {
    case "fail": return CommandOutcome(status: Int32(argv.count > 1 ? argv[1] : "1") ?? 1, error: "failed")
    case "exit": return CommandOutcome(status: Int32(argv.count > 1 ? argv[1] : "0") ?? 0, exitRequested: true)
    default:
      let out = argv.dropFirst().joined(separator: " ")
      return CommandOutcome(status: 0, output: capture ? String(out.prefix(4096)) : "")
    }
  }

  func runShell(_ command: String, variables: [String: String], at location: ScriptLocation, capture: Bool)
    -> CommandOutcome
  {
    steps += 1
    return CommandOutcome(status: 0, output: capture ? "x" : "")
  }

  func environmentValue(_ name: String) -> String? { name == "HOME" ? "/home/op" : nil }

  struct Missing: Error {}
  func readInclude(_ path: String, from location: ScriptLocation) throws -> (file: String, source: String) {
    guard let s = files[path] else { throw Missing() }
    return (path, s)
  }

  func applySetting(_ setting: Setting, value: String) {}
  func sleep(seconds: Double) -> Bool {
    clock += seconds
    return clock < 1e6
  }
  func monotonicSeconds() -> Double { clock }
  var isInterrupted: Bool {
    steps += 1
    return steps > 20_000
  }
  func reportError(_ message: String, at location: ScriptLocation) {}
  func checkCommand(_ words: [String?]) -> String? { nil }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzScript(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  let source = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
  // Differential: a script read a statement at a time (large scripts) must
  // give the statements, or the error, of the whole-script parser.
  let whole = Result { () throws(ParseError) in try Parser.parse(source).statements }
  var stream = StatementStream(source)
  let streamed = Result { () throws(ParseError) -> [Statement] in
    var out: [Statement] = []
    while let s = try stream.next() { out.append(s) }
    return out
  }
  switch (whole, streamed) {
  case (.success(let a), .success(let b)): if a != b { fatalError("streamed statements differ") }
  case (.failure(let a), .failure(let b)):
    // The whole parser lexes everything first, so a lexical error late in
    // the script can be reported before a syntax error earlier on; read a
    // statement at a time, the earlier one is. Both refuse the script.
    if b.position.line > a.position.line || (b.position.line == a.position.line && b.position.column > a.position.column) {
      fatalError("streamed error comes later: \(a) / \(b)")
    }
  default: fatalError("streamed and whole parses disagree: \(whole) / \(streamed)")
  }
  guard let script = try? Parser.parse(source) else { return 0 }
  let host = FuzzHost()
  _ = Checker(host: host, checkVariables: true, positionalCount: 2).check(script, file: "fuzz.actl")
  _ = try? Checker(host: FuzzHost(), checkVariables: true, positionalCount: 2).check(source, file: "fuzz.actl")
  let interpreter = Interpreter(host: host, scriptName: "fuzz.actl", positional: ["one", "two words"])
  _ = interpreter.run(script, file: "fuzz.actl")
  _ = Durations.format(Double(size) * 1.5)
  return 0
}
