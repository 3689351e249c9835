import Foundation
import Testing
import TestSupport

/// Every command that takes a group defaults to the session's, the same
/// way, and says on stderr which one it used (and where it came from) when
/// it was a default; stdout keeps only the answer.
@Suite struct DefaultGroupTests {
  @Test func everyGroupCommandTakesTheProfilesGroupAndSaysSo() throws {
    let script = """
      produce aetherlink.events 'e{{seq}}' --count 30 -o plain
      set read $(tail aetherlink.events --group crm-events-sse -n 10 --no-follow -o plain)
      echo "== lag"
      lag --total
      echo "== skew"
      skew
      echo "== eta"
      eta --window 1s
      echo "== scale-hint"
      scale-hint --window 1s --capacity 100
      echo "== named"
      lag crm-events-sse --total
      """
    let r = try aetherctl(["--sandbox", "-o", "plain", "-c", script], deadline: 120)
    #expect(r.end == .exited(0), "\(r.stdout) \(r.stderr)")
    for command in ["lag", "skew", "eta", "scale-hint"] {
      #expect(r.stderr.contains("\(command): group crm-events-sse (default)"), "\(command): \(r.stderr)")
    }
    // Named: nothing said.
    #expect(r.stderr.components(separatedBy: "lag: group crm-events-sse").count == 2, "\(r.stderr)")
    // The answers are the group's: 20 of 30 unread.
    #expect(r.stdout.contains("== lag\n20\n"), "\(r.stdout)")
    #expect(r.stdout.contains("== named\n20\n"), "\(r.stdout)")

    // AETHER_GROUP is named as the source.
    let env = try aetherctl(["--sandbox", "-o", "plain", "-c", "skew"], env: ["AETHER_GROUP": "billing-sse"], deadline: 60)
    #expect(env.stderr.contains("skew: group billing-sse (AETHER_GROUP)"), "\(env.stderr)")
  }
}
