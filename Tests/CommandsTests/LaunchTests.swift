import Testing

@testable import Config
@testable import Shell

/// The launcher's quick parse must read every line it takes exactly as
/// ArgumentParser reads it, and leave every other line to ArgumentParser.
struct LaunchTests {
  static func parsed(_ args: [String]) throws -> Launch {
    Launch(try Invocation.parseAsRoot(args) as? Invocation ?? Invocation())
  }

  @Test(arguments: [
    [], ["--version"], ["lag", "crm-events-sse", "-o", "json"], ["-c", "echo hi"], ["-c", "echo $1", "a", "b"],
    ["-f", "drill.actl", "--check"], ["-f", "-"], ["-b", "h:1", "-p", "http://p", "topics"],
    ["--brokers=h:1", "--timeout", "2s", "-v", "--no-color", "-o", "csv", "groups"],
    ["-X", "a=1", "-X", "b=2", "--password-file", "/p", "--bearer-file", "/b", "topics"],
    ["--profile", "prod", "--config", "/c.toml", "--sandbox", "-c", "topics"], ["--norc"], ["-b", "", "topics"],
    ["tail", "t", "-p", "0", "--timeout", "1s"], ["-v", "-c", "x", "y", "--", "z"],
  ])
  func quickReadsWhatArgumentParserReads(args: [String]) throws {
    let quick = try #require(Launch.quick(args), "quick parse declined \(args)")
    #expect(quick == (try Self.parsed(args)))
  }

  /// Help, errors and unusual forms: ArgumentParser's to read and report.
  @Test(arguments: [
    ["--help"], ["-h"], ["-b"], ["-b", "-x"], ["--bogus"], ["-vb", "h"], ["-f", "a", "-c", "b"], ["--check"],
    ["-b", "a", "-b", "b"], ["--sandbox=1"], ["--", "topics"], ["-v", "-c", "x", "--", "y"], ["--check", "--version"], ["-f", "a", "-c", "b", "--version"], ["-bhost:1", "topics"],
  ])
  func quickDeclinesTheRest(args: [String]) {
    #expect(Launch.quick(args) == nil)
  }
}
