import Foundation
import Testing

/// Ctrl-C in the interactive shell clears the line or stops the running
/// command; it never ends the shell (and with --sandbox, never loses the
/// in-process cluster). Each wait is on something the screen shows.
@Suite(.serialized) struct InterruptInTheShellTests {
  /// `^C` glued to what follows it (`^Cinterrupted`, `^Caether[…]`): the next
  /// output must start on its own line.
  static func glued(_ screen: String) -> [String] {
    screen.split(separator: "\n").map(String.init).filter { line in
      guard let r = line.range(of: "^C") else { return false }
      return !line[r.upperBound...].trimmingCharacters(in: .whitespaces).isEmpty
    }
  }

  @Test func ctrlCOnAnEmptyPromptNeverEndsTheShell() throws {
    let t = try Terminal()
    try t.start("--norc --sandbox")
    for i in 1...3 {
      #expect(t.waitForPrompt(), "\(t.screen())")
      t.press("C-c")
      // This press's own ^C, not an earlier one: the count on screen grows.
      #expect(t.waitUntil { $0.components(separatedBy: "]> ^C").count - 1 == i }, "\(t.screen())")
    }
    #expect(t.waitForPrompt(), "\(t.screen())")
    // The shell, and its sandbox, are still there.
    t.type("produce aetherlink.events still-here -o plain")
    t.press("Enter")
    #expect(t.waitFor("\n1\n"), "\(t.screen())")
    #expect(!t.screen().contains("EXIT="), "\(t.screen())")
    #expect(t.waitForPrompt())
    t.press("C-d")
    #expect(t.waitFor("EXIT=0"), "\(t.screen())")
  }

  /// Each long-running command stops on Ctrl-C with $? = 130, the shell
  /// stays, and the next output starts on a new line.
  @Test(arguments: [
    // Markers the command prints, never text of the typed line itself.
    ("sleep 30", "\ngo"),
    ("wait --timeout 1m --every 1s 1 > 2", "\ngo"),
    ("watch 1s echo tick", "\ntick"),
    ("tail aetherlink.events --follow --format '%s\\n'", "m5"),
    ("lag crm-events-sse --watch 1s", "total lag"),
    ("produce aetherlink.events 'x{{seq}}' --count 1000000 --rate 200", "delivered"),
  ])
  func ctrlCStopsTheCommandAndTheShellStays(command: String, marker: String) throws {
    let t = try Terminal()
    try t.start("--norc --sandbox")
    // Something to read and a group with commits, for tail and lag.
    t.type("produce aetherlink.events 'm{{seq}}' --count 5 -o plain; tail aetherlink.events --group crm-events-sse --no-follow --format ''; echo ready")
    t.press("Enter")
    #expect(t.waitFor("\nready"), "\(t.screen())")
    #expect(t.waitForPrompt())
    t.type("echo go; \(command)")
    t.press("Enter")
    #expect(t.waitFor(marker, timeout: 15), "\(command): \(t.screen())")
    t.press("C-c")
    #expect(t.waitFor("] 130>", timeout: 10), "\(command): \(t.screen())")
    #expect(Self.glued(t.screen()).isEmpty, "\(command): \(Self.glued(t.screen()))")
    t.type("echo status=$?")
    t.press("Enter")
    #expect(t.waitFor("status=130"), "\(command): \(t.screen())")
    #expect(!t.screen().contains("EXIT="), "\(command): \(t.screen())")
  }

  /// A question (a protected profile's confirmation) gives up on Ctrl-C and
  /// changes nothing; before, the read was retried and the shell stopped listening.
  @Test func ctrlCAtAConfirmationCancelsIt() throws {
    let t = try Terminal()
    let config = t.home.appendingPathComponent("config/aetherctl")
    try FileManager.default.createDirectory(at: config, withIntermediateDirectories: true)
    try "[profiles.local]\nprotected = true\n".write(
      to: config.appendingPathComponent("config.toml"), atomically: true, encoding: .utf8)
    try t.start("--norc --sandbox")
    t.type("produce aetherlink.events m --count 3 -o plain; group seek g --to start --execute")
    t.press("Enter")
    #expect(t.waitFor("type the profile name"), "\(t.screen())")
    t.press("C-c")
    #expect(t.waitFor("interrupted; nothing changed"), "\(t.screen())")
    #expect(t.waitFor("] 130>"), "\(t.screen())")
    t.type("group describe g -o plain")
    t.press("Enter")
    #expect(t.waitFor("has no committed offsets"), "nothing was committed: \(t.screen())")
  }
}
