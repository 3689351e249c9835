import Foundation
import Testing
import TestSupport

/// Secrets from every place they may come from (config, --password-file,
/// --bearer-file, environment) never reach output, -v logs, errors or a spawned
/// argv; TLS is verified unless the operator says otherwise.
@Suite struct SecretTests {
  static let secrets = ["cfg-sasl-pw-1", "cfg-prom-tok-2", "file-sasl-pw-3", "file-bearer-4", "env-sasl-pw-5", "env-tok-6"]

  /// A home with a 0600 config holding two secrets, and two secret files.
  static func home() throws -> (dir: URL, env: [String: String]) {
    let dir = try scratch([
      "config/aetherctl/config.toml": """
        [profiles.ops]
        brokers = "127.0.0.1:1"
        prometheus_token = "cfg-prom-tok-2"
        [profiles.ops.kafka]
        "sasl.username" = "ops"
        "sasl.password" = "cfg-sasl-pw-1"

        """,
      "pw": "file-sasl-pw-3\n",
      "token": "file-bearer-4\n",
    ])
    let config = dir.appendingPathComponent("config/aetherctl/config.toml").path
    chmod(config, 0o600)
    // AETHER_BROKERS empty: the ops profile's brokers apply, not the harness's pinned ones.
    return (dir, ["XDG_CONFIG_HOME": dir.appendingPathComponent("config").path, "AETHER_BROKERS": ""])
  }

  static func expectClean(_ r: Run, _ what: String) {
    for s in secrets {
      #expect(!r.stdout.contains(s), "\(what): stdout shows \(s)")
      #expect(!r.stderr.contains(s), "\(what): stderr shows \(s)")
    }
  }

  @Test func configShowMasksSecretsFromEverySource() throws {
    let (dir, env) = try Self.home()
    defer { try? FileManager.default.removeItem(at: dir) }
    for format in ["table", "json", "plain", "csv"] {
      let fromConfig = try aetherctl(["-o", format, "config", "show"], env: env)
      #expect(fromConfig.status == 0, "\(fromConfig.stderr)")
      #expect(!fromConfig.stderr.contains("readable by others"), "a 0600 file must not warn")
      Self.expectClean(fromConfig, "config \(format)")
      let fromEnv = try aetherctl(
        ["-o", format, "config", "show"],
        env: env.merging(["AETHER_KAFKA_PASSWORD": "env-sasl-pw-5", "AETHER_PROMETHEUS_TOKEN": "env-tok-6"]) { $1 })
      Self.expectClean(fromEnv, "env \(format)")
      let fromFiles = try aetherctl(
        [
          "--password-file", dir.appendingPathComponent("pw").path, "--bearer-file",
          dir.appendingPathComponent("token").path, "-o", format, "config", "show",
        ], env: env)
      Self.expectClean(fromFiles, "files \(format)")
    }
    // Issue 29: a URL's password is masked in every URL setting, from every source.
    for format in ["table", "json", "plain", "csv"] {
      let url = try aetherctl(
        ["-p", "http://ops:url-pw-7@prom:9090", "-o", format, "config", "show"],
        env: env.merging(["AETHER_ALERTMANAGER_URL": "https://am:url-pw-8@am:9093/"]) { $1 })
      #expect(url.status == 0, "\(url.stderr)")
      #expect(!url.stdout.contains("url-pw-7") && !url.stdout.contains("url-pw-8"), "\(format): \(url.stdout)")
      #expect(url.stdout.contains("http://ops:***@prom:9090"), "\(format): \(url.stdout)")
    }
    let plain = try aetherctl(
      ["-o", "plain", "config", "show"], env: env.merging(["AETHER_KAFKA_PASSWORD": "env-sasl-pw-5"]) { $1 })
    #expect(plain.stdout.contains("kafka.sasl.password=********"))
    let json = try aetherctl(
      ["--password-file", dir.appendingPathComponent("pw").path, "-o", "json", "config", "show"], env: env)
    #expect(json.stdout.contains(#""kafka.sasl.password file":{"value":"\#(dir.appendingPathComponent("pw").path)","source":"flag"}"#))
    #expect(!json.stdout.contains(#""kafka.sasl.password":"#), "the file replaces the config's inline password")
  }

  @Test func configWithSecretsReadableByOthersWarns() throws {
    let (dir, env) = try Self.home()
    defer { try? FileManager.default.removeItem(at: dir) }
    let config = dir.appendingPathComponent("config/aetherctl/config.toml").path
    chmod(config, 0o644)
    let r = try aetherctl(["-o", "plain", "config", "show"], env: env)
    #expect(r.stderr.contains("holds secrets but is readable by others (mode 644); run: chmod 600 \(config)"))
    Self.expectClean(r, "warning")
  }

  /// The bearer token is sent (the echo server saw it) but appears nowhere in
  /// -v logs, and the error printed for an echoed body masks it.
  @Test func bearerFileIsSentButNeverLogged() throws {
    try LoopbackServer.with { server in
      let (dir, env) = try Self.home()
      defer { try? FileManager.default.removeItem(at: dir) }
      let token = dir.appendingPathComponent("token").path
      let http = try aetherctl(["-v", "http", "get", server.base + "/echo", "--bearer-file", token], env: env)
      #expect(http.status == 0, "\(http.stderr)")
      #expect(http.stdout.contains("Bearer file-bearer-4"), "the token must reach the server")
      #expect(http.stderr.contains("bearer ***"), "-v shows that a token is sent: \(http.stderr)")
      #expect(!http.stderr.contains("file-bearer-4"))
      // A server that quotes the credentials back in its error page: the
      // message shows the page's first line with the token masked.
      let quoted = try aetherctl(["http", "get", server.base + "/whoami", "--bearer-file", token], env: env)
      #expect(quoted.status == 1)
      #expect(quoted.stderr.contains("HTTP 500 from GET \(server.base)/whoami: denied for Bearer ********"), "\(quoted.stderr)")
      // Issue 29: basic auth echoed back base64'd, and a token given as a raw header, are masked too.
      let basic = try aetherctl(["http", "get", server.base + "/whoami", "--user", "ops:basic-pw-11"], env: env)
      #expect(basic.status == 1)
      #expect(basic.stderr.contains("denied for Basic ********"), "\(basic.stderr)")
      #expect(!basic.stderr.contains("b3BzOmJhc2ljLXB3LTEx"), "\(basic.stderr)")
      let header = try aetherctl(
        ["http", "get", server.base + "/whoami", "--header", "Authorization: Bearer hdr-tok-12"], env: env)
      #expect(header.status == 1)
      #expect(!header.stderr.contains("hdr-tok-12"), "\(header.stderr)")
      #expect(header.stderr.contains("denied for "), "\(header.stderr)")
      // Prometheus with the global --bearer-file, and with the profile's token.
      let prom = try aetherctl(
        ["-v", "--profile", "ops", "--bearer-file", token, "-p", server.base + "/whoami", "prom", "query", "up"], env: env)
      #expect(prom.end == .exited(1), "an HTTP 500 is a failed command: \(prom.stderr)")
      #expect(prom.stderr.contains("denied for Bearer ********"), "\(prom.stderr)")
      #expect(!prom.stderr.contains("file-bearer-4"), "\(prom.stderr)")
      let fromConfig = try aetherctl(["-v", "--profile", "ops", "-p", server.base + "/whoami", "prom", "query", "up"], env: env)
      #expect(fromConfig.stderr.contains("denied for Bearer ********"), "\(fromConfig.stderr)")
      #expect(!fromConfig.stderr.contains("cfg-prom-tok-2"), "\(fromConfig.stderr)")
    }
  }

  @Test func kafkaPasswordNeverInVerboseLogsOrErrors() throws {
    let (dir, env) = try Self.home()
    defer { try? FileManager.default.removeItem(at: dir) }
    let pw = dir.appendingPathComponent("pw").path
    for extra in [["--password-file", pw], ["--profile", "ops"]] {
      let r = try aetherctl(
        ["-v", "--timeout", "1s"] + extra + ["-X", "security.protocol=sasl_plaintext", "-X", "sasl.mechanisms=PLAIN", "-X", "debug=conf,security", "topics"],
        env: env.merging(["AETHER_BROKERS": "127.0.0.1:1"]) { $1 })
      #expect(r.status == 3, "\(r.stderr)")
      #expect(r.stderr.contains("debug: "), "-v logs librdkafka")
      Self.expectClean(r, "kafka \(extra)")
    }
    // -vv's own debug contexts, with the password in the environment.
    let env5 = try aetherctl(
      ["-vv", "--timeout", "1s", "-X", "sasl.mechanisms=PLAIN", "-X", "security.protocol=sasl_plaintext", "topics"],
      env: env.merging(["AETHER_KAFKA_PASSWORD": "env-sasl-pw-5", "AETHER_BROKERS": "127.0.0.1:1"]) { $1 })
    #expect(env5.status == 3)
    Self.expectClean(env5, "kafka env")
    let missing = try aetherctl(["--password-file", "/nonexistent/pw", "--sandbox", "topics"])
    #expect(missing.status == 2)
    #expect(missing.stderr.contains("--password-file: cannot read '/nonexistent/pw'"))
  }

  /// A secret kept in a file is masked from the start of the session, not
  /// only once a client has read it: an `assert` before any request.
  @Test func secretFilesAreMaskedBeforeAnyClientReadsThem() throws {
    let (dir, env) = try Self.home()
    defer { try? FileManager.default.removeItem(at: dir) }
    let config = dir.appendingPathComponent("config/aetherctl/config.toml")
    try Data(
      """
      [profiles.tf]
      prometheus_token_file = "\(dir.appendingPathComponent("token").path)"

      """.utf8
    ).write(to: config)
    chmod(config.path, 0o600)
    let r = try aetherctl(
      ["--password-file", dir.appendingPathComponent("pw").path, "--profile", "tf", "-c",
       "assert \"file-sasl-pw-3 file-bearer-4\" == \"nope\""], env: env)
    #expect(r.status == 1, "\(r.stderr)")
    #expect(r.stderr.contains("assertion failed"), "\(r.stderr)")
    Self.expectClean(r, "assert")
  }

  /// What a quick fix spawns gets its argv from the template alone: no secret
  /// of the session is ever put on it (argv is what `ps` shows to everyone).
  @Test func spawnedFixArgvCarriesNoSecret() throws {
    let (dir, env) = try Self.home()
    defer { try? FileManager.default.removeItem(at: dir) }
    let config = dir.appendingPathComponent("config/aetherctl/config.toml")
    var text = try String(contentsOf: config, encoding: .utf8)
    text += """
      [fixes.argv]
      run = ["sh", "-c", "printf '%s\\\\n' \\"$0\\" \\"$@\\" > \\"$1\\"", "sh", "{out}", "{brokers}", "{group}", "{topic}"]

      """
    try text.write(to: config, atomically: true, encoding: .utf8)
    chmod(config.path, 0o600)
    let out = dir.appendingPathComponent("argv").path
    let r = try aetherctl(
      ["--profile", "ops", "--password-file", dir.appendingPathComponent("pw").path, "fix", "argv", "out=\(out)", "--yes"],
      env: env.merging(["AETHER_PROMETHEUS_TOKEN": "env-tok-6"]) { $1 })
    #expect(r.status == 0, "\(r.stderr)")
    let argv = try String(contentsOfFile: out, encoding: .utf8)
    #expect(argv.contains("127.0.0.1:1"), "the fix got its placeholders: \(argv)")
    for s in Self.secrets { #expect(!argv.contains(s), "spawned argv shows \(s)") }
    // Issue 29: a Prometheus URL with a password in it would go on the argv through {prometheus}: refused, nothing run.
    text += """
      [fixes.promurl]
      run = ["touch", "{out}", "{prometheus}"]

      """
    try text.write(to: config, atomically: true, encoding: .utf8)
    chmod(config.path, 0o600)
    let leaked = dir.appendingPathComponent("leaked").path
    let refused = try aetherctl(
      ["--profile", "ops", "-p", "http://ops:url-pw-9@prom:9090", "fix", "promurl", "out=\(leaked)", "--yes"], env: env)
    #expect(refused.status == 2, "\(refused.stderr)")
    #expect(refused.stderr.contains("http://ops:***@prom:9090 carries a password"), "\(refused.stderr)")
    #expect(!refused.stderr.contains("url-pw-9") && !refused.stdout.contains("url-pw-9"))
    #expect(!FileManager.default.fileExists(atPath: leaked), "nothing was spawned")
  }

  @Test func httpsIsVerifiedByDefault() throws {
    let server = try LoopbackServer(tls: true)
    defer { server.stop() }
    let refused = try aetherctl(["--timeout", "5s", "http", "get", server.base + "/ok"])
    #expect(refused.status == 3, "\(refused.stderr)")
    #expect(refused.stderr.lowercased().contains("certificate"), "\(refused.stderr)")
    let trusted = try aetherctl(["--timeout", "5s", "http", "get", server.base + "/ok", "--cacert", server.certificatePath!])
    #expect(trusted.status == 0, "\(trusted.stderr)")
    #expect(trusted.stdout.contains("hello"))
    let insecure = try aetherctl(["--timeout", "5s", "http", "get", server.base + "/ok", "--insecure"])
    #expect(insecure.status == 0, "\(insecure.stderr)")
    let health = try aetherctl(["--timeout", "5s", "health", server.base + "/healthz"])
    #expect(health.end == .exited(3), "health must not trust a self-signed certificate either: \(health.stderr)")
    #expect(health.stderr.lowercased().contains("certificate"), "\(health.stderr)")
  }

  /// Kafka over SSL: librdkafka verifies the broker's certificate unless told
  /// not to. The TLS server is not a broker, so with verification off the
  /// handshake passes and the Kafka exchange fails differently.
  @Test func kafkaSSLIsVerifiedByDefault() throws {
    let server = try LoopbackServer(tls: true)
    defer { server.stop() }
    let broker = "127.0.0.1:\(server.port)"
    let verified = try aetherctl(["-b", broker, "--timeout", "3s", "-X", "security.protocol=ssl", "topics"])
    #expect(verified.status == 3, "\(verified.stderr)")
    #expect(verified.stderr.contains("certificate verify failed"), "\(verified.stderr)")
    let unverified = try aetherctl([
      "-b", broker, "--timeout", "3s", "-X", "security.protocol=ssl", "-X", "enable.ssl.certificate.verification=false",
      "topics",
    ])
    // Past the handshake the server speaks no Kafka: no answer within the timeout.
    #expect(unverified.end == .exited(3), "\(unverified.stderr)")
    #expect(!unverified.stderr.contains("certificate verify failed"), "\(unverified.stderr)")
  }
}
