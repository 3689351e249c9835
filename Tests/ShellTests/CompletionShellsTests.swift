import Foundation
import Testing
import TestSupport

/// The zsh and fish completion scripts in the real shells, under tmux: TAB on
/// a command and on a flag completes, as an operator would press it.
@Suite(.serialized) struct CompletionShellsTests {
  /// A directory with the binary as `aetherctl` on PATH, for the scripts' callbacks.
  static func binDirectory(_ home: URL) throws -> URL {
    let bin = home.appendingPathComponent("bin")
    try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
    try? FileManager.default.removeItem(at: bin.appendingPathComponent("aetherctl"))
    try FileManager.default.createSymbolicLink(
      atPath: bin.appendingPathComponent("aetherctl").path, withDestinationPath: Terminal.binary)
    return bin
  }

  static let completions = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("completions")

  @Test func zshCompletesACommandAndAFlag() throws {
    try #require(FileManager.default.isExecutableFile(atPath: "/usr/bin/zsh"), "zsh is not installed: run scripts/setup")
    let t = try Terminal()
    let bin = try Self.binDirectory(t.home)
    try """
      fpath=(\(Self.completions.path) $fpath)
      autoload -U compinit && compinit -u -d \(t.home.path)/zcompdump
      PS1='zsh> '
      """.write(to: t.home.appendingPathComponent(".zshrc"), atomically: true, encoding: .utf8)
    try t.startShell(
      "env -i PATH=\(bin.path):/usr/bin:/bin HOME=\(t.home.path) TERM=xterm ZDOTDIR=\(t.home.path) /usr/bin/zsh -d -i",
      prompt: "zsh>")
    t.type("aetherctl la")
    t.press("Tab")
    #expect(t.waitFor("zsh> aetherctl lag"), "\(t.screen())")
    // The space after the completed command is there: the flag is a word of its own.
    t.type("--tot")
    t.press("Tab")
    #expect(t.waitFor("aetherctl lag --total"), "\(t.screen())")
  }

  @Test func fishCompletesACommandAndAFlag() throws {
    try #require(FileManager.default.isExecutableFile(atPath: "/usr/bin/fish"), "fish is not installed: run scripts/setup")
    let t = try Terminal()
    let bin = try Self.binDirectory(t.home)
    // fish keeps a runtime file there, and takes only a private (0700) directory, else /tmp/fish.USER.
    let run = t.home.appendingPathComponent("run")
    try FileManager.default.createDirectory(at: run, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
    try t.startShell(
      "env -i PATH=\(bin.path):/usr/bin:/bin HOME=\(t.home.path) TERM=xterm XDG_CONFIG_HOME=\(t.home.path)/config "
        + "XDG_DATA_HOME=\(t.home.path)/data XDG_RUNTIME_DIR=\(run.path) /usr/bin/fish --no-config -C "
        + "'source \(Self.completions.path)/aetherctl.fish; function fish_prompt; echo \"fish> \"; end'",
      prompt: "fish>")
    t.type("aetherctl la")
    t.press("Tab")
    #expect(t.waitFor("fish> aetherctl lag"), "\(t.screen())")
    // The space after the completed command is there: the flag is a word of its own.
    t.type("--tot")
    t.press("Tab")
    #expect(t.waitFor("aetherctl lag --total"), "\(t.screen())")
  }

  /// The documented config (its docker fixes) where the shells' callbacks read it.
  static func documentedConfig(_ home: URL) throws -> URL {
    let config = home.appendingPathComponent("config")
    try FileManager.default.createDirectory(
      at: config.appendingPathComponent("aetherctl"), withIntermediateDirectories: true)
    let documented = completions.deletingLastPathComponent().appendingPathComponent("examples/config.toml")
    try FileManager.default.copyItem(at: documented, to: config.appendingPathComponent("aetherctl/config.toml"))
    return config
  }

  /// `aetherctl fix scale ` TAB offers the placeholders; a key's start
  /// completes to `KEY=`, and a value's start to the whole `KEY=VALUE`: the
  /// same candidates as the interactive shell, in each real shell.
  /// zsh and fish show what each candidate is beside it.
  func typeFixScale(_ t: Terminal, prompt: String, listTwice: Bool, described: Bool = false) {
    t.type("aetherctl fix scale ")
    t.press("Tab")
    if listTwice { t.press("Tab") }
    #expect(t.waitFor("replicas="), "\(t.screen())")
    #expect(t.screen().contains("service="), "\(t.screen())")
    if described {
      #expect(t.waitFor("how many replicas to run"), "\(t.screen())")
      #expect(t.screen().contains("a compose service of the stack"), "\(t.screen())")
    }
    t.type("s")
    t.press("Tab")
    #expect(t.waitFor("\(prompt) aetherctl fix scale service="), "\(t.screen())")
    t.type("crm-events-s")
    t.press("Tab")
    #expect(t.waitFor("\(prompt) aetherctl fix scale service=crm-events-sink"), "\(t.screen())")
  }

  /// Fresh names of the default places: an alert matcher and a metric whose
  /// name has colons (zsh's listing splits a candidate at its first colon
  /// unless it is escaped).
  static func writeNames(_ home: URL) throws {
    let place = "alertmanager http://localhost:9093"
    let kafka = "kafka localhost:9092"
    let prometheus = "prometheus http://localhost:9090"
    let now = Int(Date().timeIntervalSince1970)
    try FileManager.default.createDirectory(
      at: home.appendingPathComponent("cache/aetherctl"), withIntermediateDirectories: true)
    try """
      at\t\(place)\t\(now)
      alert\t\(place)\tseverity="critical"
      at\t\(kafka)\t\(now)
      at\t\(prometheus)\t\(now)
      metric\t\(prometheus)\tkafka:group_lag_sum
      metric\t\(prometheus)\tkafka:group_lag_eta_seconds

      """.write(to: home.appendingPathComponent("cache/aetherctl/names"), atomically: true, encoding: .utf8)
  }

  /// A recording rule's name completes whole, colons and all.
  func typeMetric(_ t: Terminal, prompt: String) {
    t.press("C-u")
    t.type("aetherctl prom query kafka:group_lag_s")
    t.press("Tab")
    #expect(t.waitFor("\(prompt) aetherctl prom query kafka:group_lag_sum"), "\(t.screen())")
  }

  @Test func bashCompletesAFixsPlaceholdersAndValues() throws {
    let t = try Terminal()
    let bin = try Self.binDirectory(t.home)
    let config = try Self.documentedConfig(t.home)
    try """
      source \(Self.completions.path)/aetherctl.bash
      PS1='bash> '
      """.write(to: t.home.appendingPathComponent(".bashrc"), atomically: true, encoding: .utf8)
    try t.startShell(
      "env -i PATH=\(bin.path):/usr/bin:/bin HOME=\(t.home.path) TERM=xterm XDG_CONFIG_HOME=\(config.path) "
        + "XDG_CACHE_HOME=\(t.home.path)/cache /bin/bash --noprofile --rcfile \(t.home.path)/.bashrc -i",
      prompt: "bash>")
    typeFixScale(t, prompt: "bash>", listTwice: true)
    // bash breaks words at '=': a matcher's value still completes after it.
    try Self.writeNames(t.home)
    t.press("C-u")
    t.type("aetherctl am alerts severity=")
    t.press("Tab")
    // Quoted for the line as bash reads it back.
    #expect(t.waitFor(#"bash> aetherctl am alerts severity=\"critical\""#), "\(t.screen())")
    t.press("C-u")
    t.type("aetherctl prom query ka")
    t.press("Tab")
    #expect(t.waitFor("bash> aetherctl prom query kafka:group_lag_"), "\(t.screen())")
    // bash breaks words at ':': a name with colons still completes, whole.
    typeMetric(t, prompt: "bash>")
    t.press("C-u")
    t.type("aetherctl prom query kafka:")
    t.press("Tab")
    #expect(t.waitFor("bash> aetherctl prom query kafka:group_lag_"), "\(t.screen())")
    t.press("C-u")
    t.type("aetherctl --timeout 2s prom query kafka:group_lag_e")
    t.press("Tab")
    #expect(t.waitFor("bash> aetherctl --timeout 2s prom query kafka:group_lag_eta_seconds"), "\(t.screen())")
  }

  @Test func zshCompletesAFixsPlaceholdersAndValues() throws {
    try #require(FileManager.default.isExecutableFile(atPath: "/usr/bin/zsh"), "zsh is not installed: run scripts/setup")
    let t = try Terminal()
    let bin = try Self.binDirectory(t.home)
    let config = try Self.documentedConfig(t.home)
    try """
      fpath=(\(Self.completions.path) $fpath)
      autoload -U compinit && compinit -u -d \(t.home.path)/zcompdump
      PS1='zsh> '
      """.write(to: t.home.appendingPathComponent(".zshrc"), atomically: true, encoding: .utf8)
    try t.startShell(
      "env -i PATH=\(bin.path):/usr/bin:/bin HOME=\(t.home.path) TERM=xterm ZDOTDIR=\(t.home.path) "
        + "XDG_CONFIG_HOME=\(config.path) XDG_CACHE_HOME=\(t.home.path)/cache /usr/bin/zsh -d -i",
      prompt: "zsh>")
    typeFixScale(t, prompt: "zsh>", listTwice: false, described: true)
    try Self.writeNames(t.home)
    typeMetric(t, prompt: "zsh>")
  }

  @Test func fishCompletesAFixsPlaceholdersAndValues() throws {
    try #require(FileManager.default.isExecutableFile(atPath: "/usr/bin/fish"), "fish is not installed: run scripts/setup")
    let t = try Terminal()
    let bin = try Self.binDirectory(t.home)
    let config = try Self.documentedConfig(t.home)
    let run = t.home.appendingPathComponent("run")
    try FileManager.default.createDirectory(at: run, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
    try t.startShell(
      "env -i PATH=\(bin.path):/usr/bin:/bin HOME=\(t.home.path) TERM=xterm XDG_CONFIG_HOME=\(config.path) "
        + "XDG_CACHE_HOME=\(t.home.path)/cache XDG_DATA_HOME=\(t.home.path)/data XDG_RUNTIME_DIR=\(run.path) "
        + "/usr/bin/fish --no-config -C "
        + "'source \(Self.completions.path)/aetherctl.fish; function fish_prompt; echo \"fish> \"; end'",
      prompt: "fish>")
    typeFixScale(t, prompt: "fish>", listTwice: false, described: true)
    try Self.writeNames(t.home)
    typeMetric(t, prompt: "fish>")
  }
}
