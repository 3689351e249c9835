import Clients
import Testing

@testable import Config
@testable import Host

/// The session keeps one Kafka client and one producer between commands, and
/// makes new ones when anything that configured them changes.
struct ClientCacheTests {
  @Test func aChangedTimeoutMakesANewClient() throws {
    let cluster = try SandboxCluster()
    let config = try ConfigFile.parse(
      "profile = \"fast\"\n[profiles.fast]\ntimeout = \"4s\"\n[profiles.slow]\ntimeout = \"9s\"\n", file: "c.toml")
    var flags = GlobalFlags()
    flags.give(SettingsTable.brokers, cluster.bootstrapServers)
    let session = try Session(flags: flags, environment: [:], config: config)

    let first = try session.kafka()
    #expect(first.deadlines == Deadlines(seconds: 4))
    #expect(try session.kafka() === first, "the same settings reuse the client")
    let producer = try session.producer()
    #expect(producer.deadlines == Deadlines(seconds: 4))
    #expect(try session.producer() === producer)

    try session.useProfile("slow")
    let second = try session.kafka()
    #expect(second !== first, "another timeout is another client")
    #expect(second.deadlines == Deadlines(seconds: 9))
    let slowProducer = try session.producer()
    #expect(slowProducer !== producer)
    #expect(slowProducer.deadlines == Deadlines(seconds: 9))

    // A trailing --timeout applies to that command alone.
    #expect(session.execute(["topics", "--timeout", "2s"], capture: true).status == 0)
    #expect(session.deadlines == Deadlines(seconds: 9))
    #expect(try session.kafka().deadlines == Deadlines(seconds: 9))
  }
}
