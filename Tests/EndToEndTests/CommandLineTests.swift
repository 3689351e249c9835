import Foundation
import Testing

struct CommandLineTests {
  @Test func etaJSON() throws {
    let r = try aetherctl(["-o", "json", "eta", "--lag", "600", "--consume-rate", "2.7"])
    #expect(r.status == 0)
    #expect(r.stderr == "")
    let lines = r.stdout.split(separator: "\n")
    #expect(lines.count == 1)
    let object = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
    let eta = try #require(object["etaSeconds"] as? Double)
    #expect(abs(eta - 222.2) < 0.05)
    #expect(object["status"] as? String == "draining")
    #expect(object["lag"] as? Int == 600)
    #expect(Set(object.keys) == ["group", "lag", "consumeRate", "produceRate", "netRate", "etaSeconds", "status"])
  }

  @Test func etaNeverIsNullInJSON() throws {
    let r = try aetherctl(["-o", "json", "eta", "--lag", "600", "--consume-rate", "2", "--produce-rate", "3"])
    let object = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
    #expect(object["etaSeconds"] is NSNull)
    #expect(object["status"] as? String == "growing")
  }

  @Test func scaleHintCappedByPartitions() throws {
    let r = try aetherctl(["scale-hint", "--rate", "20", "--capacity", "5", "--partitions", "3"])
    #expect(r.status == 0)
    #expect(r.stdout.contains("needed       4"))
    #expect(r.stdout.contains("recommended  3"))
    #expect(r.stdout.contains("the partition count caps it"))
    let j = try aetherctl(["-o", "json", "scale-hint", "--rate", "20", "--capacity", "5", "--partitions", "3"])
    let object = try #require(try JSONSerialization.jsonObject(with: Data(j.stdout.utf8)) as? [String: Any])
    #expect(object["needed"] as? Int == 4)
    #expect(object["recommended"] as? Int == 3)
    #expect(object["max"] as? Int == 3)
    #expect(object["reason"] as? String == "partition-cap")
    #expect(object["current"] is NSNull)
  }

  @Test func skewJSONAndCSV() throws {
    let j = try aetherctl(["--output", "json", "skew", "--lags", "0,0,339"])
    let object = try #require(try JSONSerialization.jsonObject(with: Data(j.stdout.utf8)) as? [String: Any])
    #expect(object["skewRatio"] as? Double == 3)
    let hottest = try #require(object["hottest"] as? [String: Any])
    #expect(hottest["partition"] as? Int == 2)
    #expect(hottest["lag"] as? Int == 339)
    // Numbers alone name no topic (none was given; the profile's is not made up).
    #expect(hottest["topic"] is NSNull)
    let c = try aetherctl(["-o", "csv", "skew", "--lags", "0,0,339"])
    #expect(c.stdout == "topic,partition,lag\n,0,0\n,1,0\n,2,339\n")
    let named = try aetherctl(["-o", "csv", "skew", "--lags", "0,0,339", "--topic", "aetherlink.events"])
    #expect(named.stdout == "topic,partition,lag\naetherlink.events,0,0\naetherlink.events,1,0\naetherlink.events,2,339\n")
    // Nothing lags: nothing is hot.
    let idle = try aetherctl(["-o", "json", "skew", "--lags", "0,0,0"])
    let none = try #require(try JSONSerialization.jsonObject(with: Data(idle.stdout.utf8)) as? [String: Any])
    #expect(none["hottest"] is NSNull)
    #expect(try aetherctl(["skew", "--lags", "0,0,0"]).stdout.contains("none: no partition lags"))
  }

  @Test func substitutionCapturesPlainWhateverTheOutputFormat() throws {
    let r = try aetherctl(["-o", "json", "-c", "echo eta=$(eta --lag 600 --consume-rate 2.7)"])
    #expect(r.stdout == "eta=222.2\n")
  }

  @Test func setOutputSwitchesFormatMidScript() throws {
    let r = try aetherctl(["-c", "set output plain; skew --lags 1,1; set output json; skew --lags 1,1"])
    let lines = r.stdout.split(separator: "\n")
    #expect(lines.first == "1")
    #expect(lines.last?.hasPrefix("{\"skewRatio\":1") == true)
  }

  @Test func noColourWhenNotATerminal() throws {
    let r = try aetherctl(["skew", "--lags", "0,0,900"])
    #expect(!r.stdout.contains("\u{1B}["))
  }

  @Test(arguments: [
    (["nosuch"], Int32(2), "aetherctl: unknown command 'nosuch'"),
    (["eta", "--lag", "-5", "--consume-rate", "1"], 2, "aetherctl: eta: "),
    (["--outptu", "json"], 2, "did you mean '--output'?"),
    (["-o", "yaml", "eta"], 2, "aetherctl: "),
    (["--timeout", "soon", "version"], 2, "bad duration 'soon'"),
    (["-b", "127.0.0.1:1", "--timeout", "500ms", "lag", "crm-events-sse"], 3, "no broker answers (127.0.0.1:1: connection refused)"),
    (["-f", "x.actl", "-c", "echo"], 2, "give -f or -c, not both"),
  ])
  func errorsGoToStderrWithTheRightStatus(args: [String], status: Int32, message: String) throws {
    let r = try aetherctl(args)
    #expect(r.status == status)
    #expect(r.stdout == "")
    #expect(r.stderr.contains(message), "got: \(r.stderr)")
    #expect(r.stderr.split(separator: "\n").count == 1, "one line: \(r.stderr)")
  }

  @Test func versionAndHelp() throws {
    let v = try aetherctl(["--version"])
    #expect(v.status == 0)
    #expect(v.stdout.split(separator: ".").count == 3)
    let version = try aetherctl(["-o", "json", "version"])
    #expect(version.stdout.contains("\"librdkafka\":\"2."))
    let h = try aetherctl(["--help"])
    #expect(h.status == 0)
    #expect(h.stdout.contains("--brokers"))
    #expect(h.stdout.contains("scale-hint"))
    let sub = try aetherctl(["eta", "--help"])
    #expect(sub.stdout.contains("USAGE: aetherctl eta"))
    #expect(sub.stdout.contains("--consume-rate"))
  }

  @Test func configFileErrorsNameFileLineAndKey() throws {
    let dir = try scratch(["c.toml": "[profiles.local]\nbrokers = \"b:1\"\ncapacity = \"lots\"\n"])
    defer { try? FileManager.default.removeItem(at: dir) }
    let path = dir.appendingPathComponent("c.toml").path
    let r = try aetherctl(["--config", path, "config", "show"])
    #expect(r.status == 2)
    #expect(r.stderr == "aetherctl: config: \(path):3: key 'profiles.local.capacity' must be a finite number, got a string\n")
  }

  @Test func configFromXDGWithProfilesAndEnv() throws {
    let dir = try scratch([
      "aetherctl/config.toml": """
        profile = "staging"
        [profiles.staging]
        brokers = "staging:9092"
        capacity = 5
        [profiles.staging.kafka]
        "sasl.password" = "hunter2"
        [profiles.prod]
        brokers = "prod:9092"
        """
    ])
    defer { try? FileManager.default.removeItem(at: dir) }
    // The profile's brokers, not the harness's pinned AETHER_BROKERS (empty is unset).
    let env = ["XDG_CONFIG_HOME": dir.path, "AETHER_BROKERS": ""]
    let show = try aetherctl(["-o", "plain", "config", "show"], env: env)
    #expect(show.stdout.contains("brokers=staging:9092"))
    #expect(!show.stdout.contains("hunter2"))
    #expect(show.stderr.contains("readable by others"))
    let viaEnv = try aetherctl(["-o", "plain", "config", "show"], env: env.merging(["AETHER_PROFILE": "prod"]) { $1 })
    #expect(viaEnv.stdout.contains("brokers=prod:9092"))
    let viaFlag = try aetherctl(["-b", "flag:1", "-o", "json", "config", "show"], env: env)
    #expect(viaFlag.stdout.contains("\"brokers\":{\"value\":\"flag:1\",\"source\":\"flag\"}"))
    let hint = try aetherctl(["scale-hint", "--rate", "12"], env: env)
    #expect(hint.stdout.contains("recommended  3"))
  }

  @Test func quickstartRunsOnTheSandbox() throws {
    let quickstart = Binary.packageRoot.appendingPathComponent("examples/quickstart.actl").path
    let r = try aetherctl(["--sandbox", "-f", quickstart])
    #expect(r.status == 0, "\(r.stderr)")
    #expect(r.stdout.contains("delivered  600"))
    #expect(r.stdout.contains("lag 400 is under the CrmEventsConsumerLagHigh threshold"))
    #expect(r.stdout.contains("stalled"))
    #expect(r.stdout.contains("2m28s"))  // 400 / 2.7
    #expect(r.stdout.contains("at 14/s: 3 replica(s)"))
    #expect(r.stdout.contains("dry run: nothing changed"))
  }
}
