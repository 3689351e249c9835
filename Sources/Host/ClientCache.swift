import Capacity
import Clients
import Config
import Formats
import Output
import Pipeline
import Prometheus
import ScriptLanguage

/// Everything that configures a Kafka client: a cached one is reused only
/// when all of it is the same (`profile use` with another timeout, or a
/// trailing `--timeout`, gets a new client).
struct ClientKey: Equatable {
  var properties: [(key: String, value: String)]
  var deadlines: Deadlines
  var logs: Bool

  static func == (a: ClientKey, b: ClientKey) -> Bool {
    a.deadlines == b.deadlines && a.logs == b.logs && a.properties.map(\.key) == b.properties.map(\.key)
      && a.properties.map(\.value) == b.properties.map(\.value)
  }
}

/// One client kept between commands, and the key it was made for.
final class CachedClient<Client> {
  private var client: Client?
  private var key: ClientKey?

  /// The cached client when `key` matches (after `check`), else a new one from `make`.
  func reuse(key: ClientKey, check: (Client) throws -> Void, make: (ClientKey) throws -> Client) throws -> Client {
    if let c = client, self.key == key {
      try check(c)
      return c
    }
    let c = try make(key)
    client = c
    self.key = key
    return c
  }
}

/// The clients a session keeps, and the sandbox cluster it may run.
final class ClientCache {
  let kafka = CachedClient<KafkaClient>()
  let producer = CachedClient<KafkaProducer>()
  /// Made on the first time lag a session reads, and kept like the others.
  let peek = CachedClient<LogPeek>()
  /// One HTTP client: consecutive requests to Prometheus or a service reuse
  /// the connection (and TLS session). Its bounds travel with each request.
  lazy var http = HTTPClient()
  var sandbox: (any SandboxKafka)?
  /// With `--sandbox=pipeline`: the whole pipeline, whose cluster is `sandbox`.
  var pipeline: PipelineSandbox?
}
