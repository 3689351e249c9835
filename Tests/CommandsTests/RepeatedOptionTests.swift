import Testing

@testable import Commands
@testable import Host

/// An option that takes one value, given twice, is a usage error in every
/// command (ArgumentParser would keep the last silently: `lag G --topic A
/// --topic B` answered for B alone); array options take every value.
struct RepeatedOptionTests {
  @Test(arguments: [
    (["lag", "g", "--topic", "a", "--topic", "b"], "--topic"),
    (["lag", "g", "--topic=a", "--topic", "b"], "--topic"),
    (["group", "describe", "g", "--topic", "a", "--topic", "b"], "--topic"),
    (["group", "seek", "g", "--to", "start", "--to", "end"], "--to"),
    (["status", "g", "--window", "5s", "--window", "9s"], "--window"),
    (["tail", "t", "-n", "1", "-n", "2"], "-n"),
    (["eta", "--lag", "5", "--lag", "6", "--consume-rate", "1"], "--lag"),
    (["scale-hint", "--rate", "3", "--rate", "4", "--capacity", "5"], "--rate"),
    (["skew", "--lags", "1,2", "--lags", "3,4"], "--lags"),
    (["prom", "query", "up", "--or", "0", "--or", "1"], "--or"),
    (["produce", "t", "x", "--count", "2", "--count", "3"], "--count"),
    // Short and long forms of one option count together, each given once too.
    (["tail", "t", "-n", "1", "--limit", "2", "-n", "3"], "--limit"),
    (["tail", "t", "-n", "1", "--limit", "2"], "--limit"),
    (["lag", "g", "--output", "json", "-o", "table"], "-o"),
    (["lag", "g", "-o", "json", "--topic", "a", "-o", "table"], "-o"),
  ])
  func aSingleValueOptionGivenTwiceIsRefused(argv: [String], option: String) {
    guard case .failure(let f) = Registry.parse(argv) else {
      Issue.record("\(argv) was accepted")
      return
    }
    #expect(f.status == 2)
    #expect(f.message.contains("\(option) takes one value, given more than once"), "\(f.message)")
  }

  @Test(arguments: [
    ["produce", "t", "x", "--header", "a=1", "--header", "b=2"],
    ["sandbox", "serve", "--topic", "a", "--topic", "b"],
    ["tail", "t", "--from", "-1", "--format", "%s"],
    // watch's inner command has options of its own.
    ["watch", "-o", "json", "5s", "lag", "g", "-o", "table"],
  ])
  func arrayOptionsAndNegativeValuesAreAccepted(argv: [String]) {
    guard case .command = Registry.parse(argv) else {
      Issue.record("\(argv) was refused")
      return
    }
  }

  /// Words that only look like repeated options: values (`--from -1` twice over)
  /// and what follows `--`.
  @Test func valuesAndWordsAfterTheTerminatorAreNotOptions() {
    #expect(Registry.repeatedOption(["tail", "t", "--from", "-1", "--format", "-1"]) == nil)
    #expect(Registry.repeatedOption(["lag", "g", "--", "--topic", "--topic"]) == nil)
    #expect(Registry.repeatedOption(["lag", "g", "--topic", "a", "--topic", "b"]) != nil)
  }
}
