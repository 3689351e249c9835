import Foundation
import Testing

/// libcurl, with its TLS, Kerberos, LDAP and SSH dependencies, is opened by
/// the first HTTP request, not at start (about 5 ms of every invocation). The
/// dynamic loader's own log shows what a run loads.
struct LazyLibraryTests {
  @Test(arguments: [["--version"], ["-c", "echo hi"], ["eta", "--lag", "10", "--consume-rate", "1"]])
  func commandsWithoutHTTPDoNotLoadLibcurl(_ args: [String]) throws {
    let r = try aetherctl(args, env: ["LD_DEBUG": "files"])
    #expect(r.status == 0, "\(r.stderr)")
    #expect(r.stderr.contains("file=librdkafka.so"), "the loader's log is there at all")
    #expect(!r.stderr.contains("libcurl"))
  }

  @Test func anHTTPCommandLoadsItAndReportsThroughIt() throws {
    let r = try aetherctl(["--prometheus", "http://127.0.0.1:1", "prom", "query", "up"], env: ["LD_DEBUG": "files"])
    #expect(r.stderr.contains("file=libcurl.so.4"))
    #expect(r.stderr.contains("prom: POST http://127.0.0.1:1/api/v1/query: cannot connect"))
    #expect(r.status == 3)
  }

  @Test func versionNamesTheLibcurlItLoaded() throws {
    let r = try aetherctl(["version"])
    #expect(r.status == 0)
    #expect(r.stdout.contains("libcurl     libcurl/"), "\(r.stdout)")
  }
}
