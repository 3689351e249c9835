import Foundation
import Testing

@testable import Commands
@testable import Config
@testable import Host

struct FailureTests {
  @Test(arguments: [["lag", "crm-events-sse"], ["topics"], ["produce", "aetherlink.events", "x"], ["tail", "t", "--no-follow"]])
  func unreachableBrokerIsStatusThreeWithinTheTimeout(argv: [String]) throws {
    var flags = GlobalFlags()
    flags.give(SettingsTable.brokers, "127.0.0.1:1")
    flags.give(SettingsTable.timeoutSeconds, "1s")
    let session = try Session(flags: flags, environment: [:], config: ConfigFile())
    let start = Date()
    let o = session.execute(argv, capture: true)
    #expect(o.status == 3, "\(argv): \(o.error ?? "")")
    #expect(o.error?.contains("127.0.0.1:1") == true, "\(o.error ?? "")")
    // Bounded by the timeout (plus a margin for process scheduling).
    #expect(Date().timeIntervalSince(start) < 8)
  }

  @Test func badLibrdkafkaPropertyIsAUsageError() throws {
    var flags = GlobalFlags()
    for p in ["no.such.property=1"] { flags.give(SettingsTable.kafkaProperties, p) }
    let session = try Session(flags: flags, environment: [:], config: ConfigFile())
    let o = session.execute(["topics"], capture: true)
    #expect(o.status == 2)
    #expect(o.error?.contains("no.such.property") == true)
  }

  @Test func secretPropertyValuesNeverAppearInErrors() throws {
    var flags = GlobalFlags()
    for p in ["sasl.password=hunter2", "security.protocol=bogus"] { flags.give(SettingsTable.kafkaProperties, p) }
    let session = try Session(flags: flags, environment: [:], config: ConfigFile())
    let o = session.execute(["topics"], capture: true)
    #expect(o.status == 2)
    #expect(o.error?.contains("hunter2") == false)
  }

  @Test func unknownTopic() throws {
    let f = try Fixture()
    let o = f.run(["topic", "describe", "nope"])
    #expect(o.status == 1)
    #expect(o.error == "topic: topic nope: unknown topic" || o.error?.contains("unknown topic") == true)
  }
}
