import Foundation
import Testing
import TestSupport

/// On a protected profile at a terminal, a destructive change (deleting a
/// topic) wants the topic's own name typed back; anything else changes
/// nothing. A non-destructive one (creating a topic) wants the profile's.
@Suite struct ProtectedConfirmationTests {
  static func topics(_ broker: RealBroker) throws -> [String] {
    let r = try runToCompletion("/usr/bin/kcat", ["-b", broker.bootstrap, "-L", "-J"])
    let json = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
    return (json?["topics"] as? [[String: Any]] ?? []).compactMap { $0["topic"] as? String }.filter { !$0.hasPrefix("__") }
      .sorted()
  }

  @Test func aDestructiveChangeWantsTheNameTypedBack() throws {
    let broker = try RealBroker(topics: [("aetherlink.events", 3), ("old.events", 1)])
    let t = try Terminal()
    let config = t.home.appendingPathComponent("config/aetherctl")
    try FileManager.default.createDirectory(at: config, withIntermediateDirectories: true)
    try "[profiles.local]\nprotected = true\n".write(
      to: config.appendingPathComponent("config.toml"), atomically: true, encoding: .utf8)
    try t.start("--norc -b \(broker.bootstrap)")
    t.type("topic delete old.events --execute")
    t.press("Enter")
    #expect(t.waitFor("type the topic name 'old.events'"), "\(t.screen())")
    // The plan comes first: what goes, and the note that nothing is deleted yet.
    #expect(t.screen().contains("groups with commits  none") && t.screen().contains("not deleted yet"), "\(t.screen())")
    t.type("local")
    t.press("Enter")
    #expect(t.waitFor("not confirmed; nothing changed"), "\(t.screen())")
    // The prompt shows the refused command's status.
    #expect(t.waitFor("broker!] 1>"), "\(t.screen())")
    #expect(try Self.topics(broker) == ["aetherlink.events", "old.events"])
    t.press("C-l")
    t.type("topic delete old.events --execute")
    t.press("Enter")
    #expect(t.waitFor("type the topic name 'old.events'"), "\(t.screen())")
    t.type("old.events")
    t.press("Enter")
    #expect(t.waitFor("deleted: old.events"), "\(t.screen())")
    #expect(try Self.topics(broker) == ["aetherlink.events"])
    // Creating is not destructive: the profile's name, as for any change there.
    #expect(t.waitForPrompt(), "\(t.screen())")
    t.press("C-l")
    t.type("topic create new.events --partitions 2")
    t.press("Enter")
    #expect(t.waitFor("To create topic new.events, type the profile name"), "\(t.screen())")
    t.type("local")
    t.press("Enter")
    #expect(t.waitFor("created"), "\(t.screen())")
    #expect(try Self.topics(broker) == ["aetherlink.events", "new.events"])
    // The new name completes at once: a line that may change topics refreshes the shell's names.
    #expect(t.waitForPrompt(), "\(t.screen())")
    t.press("C-l")
    t.type("topic describe new.e")
    t.press("Tab")
    #expect(t.waitFor("]> topic describe new.events", timeout: 5), "\(t.screen())")
  }
}
