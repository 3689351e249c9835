import Clients
import Config
import Output

/// Clients for a thread of a command's own (the dashboard's feeds, the
/// shell's name refreshers): made from the session's settings as they were
/// when it was asked for, so a slow broker or server holds up only that
/// thread, never the session's clients. They log nothing, even with -v: they
/// run behind a full screen or a prompt. (A command's own consumer and bulk
/// reader come from the context too: `consumer(group:)`, `messageCounter()`.)
public struct BackgroundClients: Sendable {
  let properties: [(key: String, value: String)]
  let bootstrap: String
  public let deadlines: Deadlines

  /// A Kafka client; a bootstrap that refuses everywhere is said at once
  /// (exit 3), as the commands say it. `deadlines` replace the session's
  /// (the completion callbacks' short bound).
  public func kafka(deadlines: Deadlines? = nil) throws -> KafkaClient {
    let d = deadlines ?? self.deadlines
    if let refusal = BootstrapProbe.refusal(bootstrap: bootstrap, deadlines: d) {
      throw CommandFailure.unreachable(refusal)
    }
    return try KafkaClient(properties: properties, deadlines: d)
  }

  /// A reader of single messages (the time lag), with the same settings.
  public func logPeek() throws -> LogPeek { try LogPeek(properties: properties, deadlines: deadlines) }

  /// An HTTP client; the requests it sends carry their URL, credentials and
  /// timeouts, so it needs no settings (and works when Kafka's are bad).
  public static func http() -> HTTPClient { HTTPClient() }
}

extension CommandContext {
  /// Clients for a thread of this command's own, on the settings in effect
  /// now: the session's deadlines, or `deadlines`.
  public func backgroundClients(deadlines: Deadlines? = nil) throws -> BackgroundClients {
    BackgroundClients(
      properties: try session.kafkaProperties, bootstrap: session.settings.brokers.value,
      deadlines: deadlines ?? session.deadlines)
  }
}
