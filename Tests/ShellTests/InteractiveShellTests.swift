import Foundation
import Testing
import TestSupport

@Suite(.serialized) struct InteractiveShellTests {
  @Test func tabCompletesCommandsAndListsOnSecondTab() throws {
    let t = try Terminal()
    try t.start()
    t.type("gr")
    t.press("Tab")
    #expect(t.waitFor("]> group"))
    t.press("Tab")
    #expect(t.waitFor("groups"), "\(t.screen())")
    let listing = t.screen().split(separator: "\n").first { $0.contains("groups") && !$0.contains("]>") }
    #expect(listing?.contains("group ") == true, "\(t.screen())")
  }

  /// Quick fixes complete their placeholders and then values: on the
  /// pipeline sandbox, `fix stop container=` lists its containers, and a
  /// unique start completes the whole `KEY=VALUE`.
  @Test func quickFixArgumentsCompleteTheirValues() throws {
    let t = try Terminal()
    try t.start("--norc --sandbox=pipeline --drill-speed 30", promptWithin: 90)
    t.type("fix stop container=")
    t.press("Tab")
    t.press("Tab")
    #expect(t.waitFor("container=aether-kafka-exporter"), "\(t.screen())")
    #expect(t.screen().contains("container=aether-crm-events-sink"), "\(t.screen())")
    t.type("crm-events-s")
    t.press("Tab")
    #expect(t.waitFor("]> fix stop container=aether-crm-events-sink"), "\(t.screen())")
    t.press("C-u")
    t.type("fix scale s")
    t.press("Tab")
    #expect(t.waitFor("]> fix scale service="), "\(t.screen())")
  }

  /// Ctrl-R is readline's incremental reverse search: typing narrows,
  /// Ctrl-R again goes older, Enter runs the line shown under the usual
  /// prompt; Esc leaves it for editing; Ctrl-G restores the line there was.
  @Test func ctrlRSearchesTheHistoryAsReadlineDoes() throws {
    let t = try Terminal()
    try t.start()
    // The last line is longer than any match: what runs must be the match
    // alone (libedit keeps a longer line's bytes after a shorter one's end).
    for line in ["echo alpha-1", "echo beta-2", "echo alpha-3", "echo a-line-longer-than-every-match"] {
      t.type(line)
      t.press("Enter")
      #expect(t.waitFor(String(line.dropFirst(5))), "\(t.screen())")
    }
    #expect(t.waitForPrompt(), "\(t.screen())")
    t.press("C-r")
    t.type("alp")
    #expect(t.waitFor("(reverse-i-search)`alp': echo alpha-3"), "\(t.screen())")
    t.press("C-r")
    #expect(t.waitFor("(reverse-i-search)`alp': echo alpha-1"), "\(t.screen())")
    t.press("Enter")
    #expect(t.waitFor("]> echo alpha-1\nalpha-1\n"), "\(t.screen())")
    // At the prompt again (before it, the terminal driver would take ^R as its reprint key).
    #expect(t.waitForPrompt(), "\(t.screen())")
    // Another key ends the search and acts on the match: Ctrl-E, then typing.
    t.press("C-r")
    t.type("beta")
    #expect(t.waitFor("(reverse-i-search)`beta': echo beta-2"), "\(t.screen())")
    t.press("C-e")
    t.type("X")
    t.press("Enter")
    #expect(t.waitFor("\nbeta-2X\n"), "\(t.screen())")
    #expect(t.waitForPrompt(), "\(t.screen())")
    // Non-ASCII is searched for like any other character.
    t.type("echo café-au-lait")
    t.press("Enter")
    #expect(t.waitFor("\ncafé-au-lait\n"), "\(t.screen())")
    t.type("echo other")
    t.press("Enter")
    #expect(t.waitFor("\nother\n") && t.waitForPrompt(), "\(t.screen())")
    t.press("C-r")
    t.type("fé-")
    #expect(t.waitFor("(reverse-i-search)`fé-': echo café-au-lait"), "\(t.screen())")
    t.press("C-g")
    // Nothing matches: said; Ctrl-G gives back what was typed.
    t.type("echo kept")
    t.press("C-r")
    t.type("zzz")
    #expect(t.waitFor("(failed reverse-i-search)`zzz'"), "\(t.screen())")
    t.press("C-g")
    t.press("Enter")
    #expect(t.waitFor("\nkept\n"), "\(t.screen())")
    #expect(t.waitForPrompt(), "\(t.screen())")
    // Backspace undoes the last step (a Ctrl-R: back to the newer match);
    // Ctrl-R on nothing typed searches for the last pattern again.
    t.press("C-r")
    t.type("alp")
    #expect(t.waitFor("`alp': echo alpha-1"), "\(t.screen())")
    t.press("C-r")
    #expect(t.waitFor("`alp': echo alpha-3"), "\(t.screen())")
    t.press("BSpace")
    #expect(t.waitFor("`alp': echo alpha-1"), "\(t.screen())")
    t.press("C-g")
    #expect(t.waitForPrompt(), "\(t.screen())")
    t.press("C-r")
    t.press("C-r")
    #expect(t.waitFor("`alp': echo alpha-1"), "\(t.screen())")
  }

  /// Long output on a terminal goes through the pager (AETHER_PAGER here,
  /// less -FRX by default); short output, --no-pager, scripts and pipes do not.
  @Test func longOutputIsPagedOnATerminalOnly() throws {
    let t = try Terminal()
    try t.start("--norc", environment: ["'AETHER_PAGER=sed s/^/paged:/'"])
    t.type("help")
    t.press("Enter")
    #expect(t.waitFor("paged:"), "\(t.screen())")
    #expect(t.waitForPrompt(), "\(t.screen())")
    t.press("C-l")
    t.type("help --no-pager")
    t.press("Enter")
    #expect(t.waitForPrompt(), "\(t.screen())")
    t.type("echo short")
    t.press("Enter")
    #expect(t.waitFor("\nshort\n"), "\(t.screen())")
    #expect(!t.screen().contains("paged:"), "\(t.screen())")
    // The default pager is less: Ctrl-C there is less's (the command that
    // printed is not marked interrupted), q gives the prompt back.
    let less = try Terminal()
    try less.start()
    less.type("help")
    less.press("Enter")
    #expect(less.waitFor("\n:"), "\(less.screen())")
    less.press("C-c")
    less.press("q")
    #expect(less.waitForPrompt(), "\(less.screen())")
    #expect(!less.screen().contains("130>"), "\(less.screen())")
    // A script on a terminal prints, never pages.
    let script = try Terminal()
    try script.startShell(
      "env -i PATH=/usr/bin:/bin HOME=\(script.home.path) TERM=xterm XDG_CONFIG_HOME=\(script.home.path)/config "
        + "XDG_STATE_HOME=\(script.home.path)/state 'AETHER_PAGER=sed s/^/paged:/' \(Terminal.binary) -c help; echo SCRIPT-DONE",
      prompt: "SCRIPT-DONE")
    #expect(!script.screen().contains("paged:"), "\(script.screen())")
    // Not in a pipe, nor in a script.
    let piped = try runToCompletion(
      "/bin/sh", ["-c", "'\(Terminal.binary)' help | head -3"],
      environment: ["PATH": "/usr/bin:/bin", "HOME": t.home.path, "AETHER_PAGER": "sed s/^/paged:/"])
    #expect(piped.end == .exited(0) && !piped.stdout.contains("paged:"), "\(piped.stdout)")
  }

  @Test func flagAndValueCompletion() throws {
    let t = try Terminal()
    try t.start()
    t.type("eta --out")
    t.press("Tab")
    t.type("j")
    t.press("Tab")
    #expect(t.waitFor("eta --output json"), "\(t.screen())")
    t.type("--lag 600 --consume-rate 2.7")
    t.press("Enter")
    #expect(t.waitFor("\"etaSeconds\""), "\(t.screen())")
  }

  @Test func ctrlCStopsTheCommandNotTheShell() throws {
    let t = try Terminal()
    try t.start()
    t.type("echo sleeping; sleep 30")
    t.press("Enter")
    #expect(t.waitFor("\nsleeping"), "\(t.screen())")
    let pressed = Date()
    t.press("C-c")
    #expect(t.waitFor("] 130>", timeout: 5), "\(t.screen())")
    #expect(Date().timeIntervalSince(pressed) < 2)
    t.type("echo status $?")
    t.press("Enter")
    #expect(t.waitFor("status 130"))
    // Ctrl-C while typing discards the line and shows a new prompt.
    t.type("echo never-run")
    t.press("C-c")
    t.type("echo fresh")
    t.press("Enter")
    #expect(t.waitFor("\nfresh"))
    #expect(!t.screen().contains("\nnever-run"))
  }

  @Test func ctrlDExitsZero() throws {
    let t = try Terminal()
    try t.start()
    t.press("C-d")
    #expect(t.waitFor("EXIT=0"), "\(t.screen())")
  }

  /// A paced produce of a few hundred shows its progress while it runs (a
  /// few times a second, whatever the rate), and clears it at the end.
  @Test func pacedProduceShowsProgressWhileItRuns() throws {
    let t = try Terminal()
    try t.start("--norc --sandbox")
    t.type("produce aetherlink.events 'p{{seq}}' --count 300 --rate 60 -o plain")
    t.press("Enter")
    // A count part of the way: the line moved before the run ended.
    let midway = try Regex(#"\] (\d+)/300  delivered"#)
    #expect(
      t.waitUntil(timeout: 8) { screen in
        screen.matches(of: midway).contains { Int($0.output[1].substring ?? "").map { $0 > 0 && $0 < 300 } ?? false }
      }, "\(t.screen())")
    #expect(t.waitFor("\n300\n", timeout: 15), "\(t.screen())")
    #expect(t.waitForPrompt(), "\(t.screen())")
    #expect(!t.screen().contains("/300  delivered"), "the progress line is cleared: \(t.screen())")
  }

  /// What `echo` prints to a terminal shows a server's control characters
  /// (a runbook echoing captured text): the title is not rewritten.
  @Test func echoShowsControlCharactersOnATerminal() throws {
    let t = try Terminal()
    try t.start()
    t.type(#"echo "X$(! printf 'A\033]0;pwned\007B')Y""#)
    t.press("Enter")
    #expect(t.waitFor(#"XA\x1B]0;pwned\x07BY"#), "\(t.screen())")
  }

  @Test func multiLineBlockRunsOnceComplete() throws {
    let t = try Terminal()
    try t.start()
    for line in ["for i in 1..3", "echo n$i", "end"] {
      t.type(line)
      t.press("Enter")
    }
    #expect(t.waitFor("n3"))
    let s = t.screen()
    #expect(s.contains("   ...> echo n$i"))
    #expect(s.components(separatedBy: "\nn").count == 4, "\(s)")
  }

  @Test func historySurvivesARestartAndKeepsNoSecrets() throws {
    let home = FileManager.default.temporaryDirectory.appendingPathComponent("aetherctl-hist-\(UUID().uuidString)")
    let file = home.appendingPathComponent("state/aetherctl/history")
    defer { try? FileManager.default.removeItem(at: home) }
    do {
      let t = try Terminal(home: home)
      try t.start()
      // Issue 29: a URL's password and --user are secrets too.
      for line in [
        "echo remembered-42", "echo -X sasl.password=hunter2", "http get x --bearer s3cr3t", " echo hidden-line",
        "echo http://ops:pa55w0rd@prom:9090", "echo --user ops:letme1n",
      ] {
        t.type(line)
        t.press("Enter")
        #expect(t.waitFor(line.hasPrefix("http") ? "is not an http:// or https:// URL" : String(line.split(separator: " ").last ?? "")))
      }
      #expect(t.waitForPrompt(), "\(t.screen())")
      t.press("C-d")
      #expect(t.waitFor("EXIT=0"), "\(t.screen())")
      let text = try String(contentsOf: file, encoding: .utf8)
      #expect(text.contains("echo remembered-42"))
      #expect(!text.contains("hunter2"))
      #expect(!text.contains("s3cr3t"))
      #expect(!text.contains("hidden-line"))
      #expect(!text.contains("pa55w0rd") && !text.contains("letme1n"), "\(text)")
      let attributes = try FileManager.default.attributesOfItem(atPath: file.path)
      #expect((attributes[.posixPermissions] as? Int) == 0o600)
      let dir = try FileManager.default.attributesOfItem(atPath: file.deletingLastPathComponent().path)
      #expect((dir[.posixPermissions] as? Int) == 0o700)
    }
    // From bash (no shell running): the file's last entries, numbered.
    let env = [
      "PATH": "/usr/bin:/bin", "HOME": home.path, "XDG_STATE_HOME": home.path + "/state",
      "XDG_CONFIG_HOME": home.path + "/config", "XDG_CACHE_HOME": home.path + "/cache",
    ]
    let fromBash = try runToCompletion("/bin/bash", ["-c", "'\(Terminal.binary)' history 2"], environment: env)
    #expect(fromBash.end == .exited(0), "\(fromBash.stderr)")
    #expect(fromBash.stdout.contains("echo remembered-42"), "\(fromBash.stdout)")
    #expect(!fromBash.stdout.contains("hunter2"), "\(fromBash.stdout)")
    let none = try runToCompletion(
      "/bin/bash", ["-c", "'\(Terminal.binary)' history"], environment: env.merging(["XDG_STATE_HOME": home.path + "/empty"]) { $1 })
    #expect(none.end == .exited(1))
    #expect(none.stderr.contains("no history yet"), "\(none.stderr)")

    let again = try Terminal(home: home)
    try again.start()
    again.press("Up")
    #expect(again.waitFor("> echo remembered-42"), "\(again.screen())")
  }

  /// The terminal going away (tmux's server killed: SIGHUP) ends the shell at
  /// once, as it did before SIGHUP stopped commands like Ctrl-C: a shell that
  /// outlives its terminal is a leak.
  @Test func aClosedTerminalEndsTheShellAtTheNextMoment() throws {
    let t = try Terminal()
    try t.start("--norc --sandbox")
    let shells = { () -> [pid_t] in
      let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
      return entries.compactMap(pid_t.init).filter { pid in
        guard let environ = FileManager.default.contents(atPath: "/proc/\(pid)/environ"),
          let cmdline = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline")
        else { return false }
        return String(decoding: cmdline, as: UTF8.self).contains("aetherctl")
          && String(decoding: environ, as: UTF8.self).contains(t.home.path)
      }
    }
    #expect(!shells().isEmpty, "the shell under test was not found")
    _ = try? t.tmux(["kill-server"])
    #expect(eventually(by: Date().addingTimeInterval(5), every: 0.05) { shells().isEmpty }, "left running: \(shells())")
  }

  @Test func startupFileRunsFirstAndNorcSkipsIt() throws {
    let t = try Terminal()
    let rc = t.home.appendingPathComponent("config/aetherctl/rc.actl")
    try FileManager.default.createDirectory(at: rc.deletingLastPathComponent(), withIntermediateDirectories: true)
    try "set greeting hello-from-rc\nnosuchcommand\n".write(to: rc, atomically: true, encoding: .utf8)
    try t.start("")
    #expect(t.waitFor("nosuchcommand' (try 'help')"), "\(t.screen())")
    t.type("echo $greeting")
    t.press("Enter")
    #expect(t.waitFor("\nhello-from-rc"))
    // The same home with --norc: the file does not run. `t` owns the home: kept to the end.
    defer { withExtendedLifetime(t) {} }
    let skipped = try Terminal(home: t.home)
    try skipped.start("--norc")
    skipped.type("echo ${greeting:-no-rc}")
    skipped.press("Enter")
    #expect(skipped.waitFor("\nno-rc"), "\(skipped.screen())")
    #expect(!skipped.screen().contains("nosuchcommand"), "\(skipped.screen())")
  }

  @Test func topicNamesCompleteFromTheCluster() throws {
    let t = try Terminal()
    try t.start("--norc --sandbox")
    #expect(t.waitFor("aether[sandbox]>"))
    // The name cache fills in the background: TAB until it has the names.
    #expect(t.completes("tail aeth", to: "tail aetherlink.events"), "\(t.screen())")
  }

  @Test func metricNamesCompleteFromPrometheus() throws {
    let prometheus = try PrometheusServer.start()
    defer { prometheus.stop() }
    let t = try Terminal()
    try t.start("--norc -p \(prometheus.url)")
    #expect(t.waitFor("]>"))
    #expect(t.completes("prom query kafka:group_l", to: "prom query kafka:group_lag_sum"), "\(t.screen())")
    t.press("Enter")
    #expect(t.waitFor("339"), "\(t.screen())")
  }

  @Test func runbookAndFixNamesAndFixArgumentsComplete() throws {
    let t = try Terminal()
    try t.start()
    t.type("runbook run CrmEventsHot")
    t.press("Tab")
    #expect(t.waitFor("runbook run CrmEventsHotKeySkewHigh"), "\(t.screen())")
    t.press("C-c")
    t.type("fix reset-o")
    t.press("Tab")
    #expect(t.waitFor("fix reset-offsets"), "\(t.screen())")
    t.type("crm-events-sse t")
    t.press("Tab")
    #expect(t.waitFor("fix reset-offsets crm-events-sse to"), "\(t.screen())")
  }

  @Test func helpInsideTheShellMatchesBash() throws {
    let t = try Terminal()
    try t.start()
    // What bash prints for `aetherctl help skew` is what the shell prints, line for line.
    let fromBash = try runToCompletion(
      Terminal.binary, ["help", "skew"], environment: ["PATH": "/usr/bin:/bin", "COLUMNS": "100"])
    #expect(fromBash.end == .exited(0))
    let lines = fromBash.stdout.split(separator: "\n").map(String.init).filter { !$0.isEmpty }
    #expect(lines.count >= 5)
    t.type("help skew")
    t.press("Enter")
    #expect(t.waitFor("USAGE: aetherctl skew"), "\(t.screen())")
    let screen = t.screen()
    for line in lines.prefix(12) { #expect(screen.contains(line), "missing from the shell: \(line)\n\(screen)") }
    t.type("lagg")
    t.press("Enter")
    #expect(t.waitFor("unknown command 'lagg'; did you mean 'lag'?"), "\(t.screen())")
  }
}
