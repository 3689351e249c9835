import ArgumentParser
import Config
import Testing

@testable import Commands
@testable import Host

/// A long line to a command with a variadic positional is parsed on its
/// first words and handed the rest (TrailingSplit): the command must come
/// out exactly as ArgumentParser would have made it from the whole line.
struct LongLineParsingTests {
  static let filler = (1...80).map { "w\($0)" }

  @Test(arguments: [
    ["echo"] + filler,
    ["echo", "-n"] + filler,
    ["echo"] + filler + ["-n"],
    ["echo", "-x"] + filler + ["-y", "--z", "-5"],
    ["echo", "--"] + filler + ["-n"],
    ["echo"] + filler + ["--", "x", "-n"],
    ["prom", "series"] + filler + ["-o", "json"],
    ["prom", "series", "-o", "json"] + filler,
    ["fix", "scale", "-o", "json"] + filler,
    ["fix", "scale"] + filler + ["-o", "json"],
    ["step"] + filler,
    ["watch", "1s", "echo"] + filler + ["-n"],
    ["watch", "--fail-fast", "1s", "echo"] + filler,
    ["remedy", "restart it", "fix", "restart"] + filler + ["--yes"],
    ["am", "silence", "expire"] + filler,
  ])
  func longLinesParseAsTheWholeLineWould(argv: [String]) throws {
    let whole = try Registry.Root.parseAsRoot(argv)
    guard case .command(let split, _) = Registry.parse(argv) else {
      Issue.record("\(argv.prefix(5)) was not parsed")
      return
    }
    #expect(String(describing: split) == String(describing: whole))
    guard let variadic = Registry.leafType(argv) as? any TrailingWords.Type else {
      Issue.record("\(argv.prefix(3)) is not a command with a variadic positional")
      return
    }
    let (parsed, trailing) = TrailingSplit.split(argv, parsing: variadic.trailingParsing)
    #expect(!trailing.isEmpty, "nothing was handed over: \(parsed.count) words parsed")
  }

  /// Errors stay ArgumentParser's: an option nobody declares, a bad value.
  @Test(arguments: [
    (["prom", "series"] + filler + ["--bogus"], "unknown option '--bogus'"),
    (["fix", "scale", "--bogus"] + filler, "unknown option '--bogus'"),
    (["watch", "0s", "echo"] + filler, "at least"),
    (["step"] + filler + ["-5"], "Unknown option '-5'"),
    (["sandbox", "control"] + filler, "expected consumer stop|start"),
    (["remedy", "restart it", "nosuch"] + filler, "unknown command 'nosuch'"),
    (["am", "silence", "expire"] + filler + ["a=~("], "matcher 81 'a=~('"),
  ])
  func longLinesFailAsTheWholeLineWould(argv: [String], message: String) {
    guard case .failure(let f) = Registry.parse(argv) else {
      Issue.record("\(argv.prefix(5)) was accepted")
      return
    }
    #expect(f.status == 2)
    #expect(f.message.contains(message), "\(f.message)")
  }

  /// 50,000 words parse (ArgumentParser alone took minutes): it is handed
  /// a few words whatever the line's length, which is what keeps the parse
  /// linear (a count, not a timing: the suite's speed varies with the machine).
  @Test func fiftyThousandWords() {
    let argv = ["echo"] + (1...50_000).map(String.init)
    let (seen, handedOver) = TrailingSplit.split(argv, parsing: .unrecognized)
    #expect(seen.count <= 4 && handedOver.count == 50_000 - seen.count + 1, "\(seen.count) / \(handedOver.count)")
    guard case .command(let c, _) = Registry.parse(argv), let echo = c as? Echo else {
      Issue.record("not parsed")
      return
    }
    #expect(echo.words.count == 50_000)
    #expect(echo.words.last == "50000")
    // A global option after the command takes the same linear path.
    let series = ["prom", "series"] + (1...50_000).map { "m\($0)" } + ["--timeout", "1s"]
    guard case .command(let c2, let globals) = Registry.parse(series), let p = c2 as? PromSeries else {
      Issue.record("prom series with a trailing global was not parsed")
      return
    }
    #expect(p.match.count == 50_000)
    #expect(globals.texts(SettingsTable.timeoutSeconds) == ["1s"])
  }
}
