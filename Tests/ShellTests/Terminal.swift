import Foundation
import Testing
import TestSupport

#if canImport(Glibc)
  import Glibc
#endif

/// A real terminal: aetherctl runs inside a private tmux server; the test types
/// with send-keys and reads the screen with capture-pane.
final class Terminal {
  /// The server's socket lives in this terminal's home (`-S`), so it goes with
  /// the home: with `-L` it stayed in /tmp/tmux-UID after kill-server.
  var socket: String { home.appendingPathComponent("tmux-\(id).sock").path }
  private let id = UUID().uuidString.prefix(8)
  let home: URL
  /// A home passed in belongs to the test (it outlives this terminal).
  private let ownsHome: Bool

  static var binary: String {
    URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
      .appendingPathComponent("aetherctl").path
  }

  init(home: URL? = nil) throws {
    ownsHome = home == nil
    self.home =
      home ?? FileManager.default.temporaryDirectory.appendingPathComponent("aetherctl-tty-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: self.home, withIntermediateDirectories: true)
  }

  /// Starts `aetherctl ARGS` in a 100x30 terminal; when it exits, its status is printed.
  /// `promptWithin`: a pipeline sandbox starts a broker, Prometheus and
  /// Alertmanager before the first prompt; under a loaded CI that is more
  /// than the usual 10 s.
  func start(_ args: String = "--norc", environment extra: [String] = [], promptWithin: Double = 10) throws {
    // Hermetic: nothing of the caller's environment (AETHER_*, XDG_*, NO_COLOR) reaches the shell.
    let env = [
      "PATH=/usr/local/bin:/usr/bin:/bin", "HOME=\(home.path)", "TERM=xterm", "LANG=C.UTF-8", "SHELL=/bin/sh",
      "XDG_CONFIG_HOME=\(home.path)/config", "XDG_STATE_HOME=\(home.path)/state", "XDG_CACHE_HOME=\(home.path)/cache",
      // The name cache must not reach a broker or Prometheus on this machine: a
      // port nothing listens on, unless the test passes -b/-p (flags win).
      "AETHER_BROKERS=127.0.0.1:9", "AETHER_PROMETHEUS_URL=http://127.0.0.1:9", "AETHER_ALERTMANAGER_URL=http://127.0.0.1:9",
    ].joined(separator: " ") + extra.map { " " + $0 }.joined()
    let command = "env -i \(env) \(Self.binary) \(args); echo EXIT=$?; sleep 60"
    try tmux(["new-session", "-d", "-x", "100", "-y", "30", command])
    #expect(waitFor("]>", timeout: promptWithin), "no prompt: \(screen())")
  }

  /// Starts another interactive program (zsh, fish) and waits for its prompt.
  func startShell(_ command: String, prompt: String) throws {
    try tmux(["new-session", "-d", "-x", "100", "-y", "30", command + "; echo EXIT=$?; sleep 60"])
    #expect(waitFor(prompt), "no prompt: \(screen())")
  }

  deinit {
    // The panes' programs go first, and are waited for: a shell's name
    // refresher writing its names file after the home was removed would
    // make the home again, and leave it in /tmp.
    let panes = ((try? tmux(["list-panes", "-a", "-F", "#{pane_pid}"], capture: true)) ?? "")
      .split(separator: "\n").compactMap { pid_t($0.trimmingCharacters(in: .whitespaces)) }
    for pane in panes { kill(-pane, SIGKILL) }
    _ = try? tmux(["kill-server"])
    let until = Date().addingTimeInterval(5)
    while panes.contains(where: { kill(-$0, 0) == 0 }), Date() < until { usleep(10_000) }
    unlink(socket)
    if ownsHome { try? FileManager.default.removeItem(at: home) }
  }

  /// Runs a tmux client and waits for it with waitpid. Output, when wanted,
  /// goes through a file: the server that `new-session` forks inherits the
  /// client's descriptors, so a pipe would never reach its end.
  @discardableResult
  func tmux(_ args: [String], capture: Bool = false) throws -> String {
    let outPath = home.appendingPathComponent("tmux-out-\(UUID().uuidString)").path
    defer { unlink(outPath) }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, capture ? outPath : "/dev/null", O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
    CleanSpawn.closeFrom3(&actions)
    // A clean signal mask: a test thread's blocked SIGHUP, inherited by the
    // tmux server and the shell in it, kept both alive after kill-server.
    var attributes = CleanSpawn.attributes(newGroup: false)
    defer { posix_spawnattr_destroy(&attributes) }
    // -f /dev/null: no tmux.conf of the machine's changes keys or the shell.
    let argv = ["/usr/bin/tmux", "-f", "/dev/null", "-S", socket] + args
    var cArgs = argv.map { strdup($0) } + [nil]
    defer { for a in cArgs { free(a) } }
    var pid: pid_t = 0
    // A fixed environment: the server's default shell (which runs the wrapper
    // commands) is /bin/sh, and nothing of the caller's (AETHER_*, TMUX) leaks in.
    let fixed: [String] = ["PATH=/usr/bin:/bin", "HOME=\(home.path)", "SHELL=/bin/sh", "TERM=xterm", "LANG=C.UTF-8"]
    var cEnv: [UnsafeMutablePointer<CChar>?] = fixed.map { strdup($0) } + [nil]
    defer { for e in cEnv { free(e) } }
    let rc = posix_spawn(&pid, "/usr/bin/tmux", &actions, &attributes, &cArgs, &cEnv)
    guard rc == 0 else { throw POSIXError(POSIXErrorCode(rawValue: rc) ?? .EIO) }
    var status: Int32 = 0
    while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
    guard capture, let data = FileManager.default.contents(atPath: outPath) else { return "" }
    return String(decoding: data, as: UTF8.self)
  }

  /// Types text literally (no tmux key names).
  func type(_ text: String) { _ = try? tmux(["send-keys", "-l", "--", text]) }

  /// Presses keys by name: Enter, Tab, C-c, C-d, Up.
  func press(_ keys: String...) { _ = try? tmux(["send-keys"] + keys) }

  func screen() -> String { (try? tmux(["capture-pane", "-p"], capture: true)) ?? "" }

  /// Polls the screen until `text` appears; false after `timeout` seconds.
  @discardableResult
  func waitFor(_ text: String, timeout: Double = 10) -> Bool {
    waitUntil(timeout: timeout) { $0.contains(text) }
  }

  /// Waits until the shell shows a fresh, empty prompt: it is reading keys
  /// again. A key pressed before that reaches a terminal still in cooked mode,
  /// where the kernel turns ^D into a NUL the line editor never sees.
  func waitForPrompt(timeout: Double = 10) -> Bool {
    waitUntil(timeout: timeout) { screen in
      let last = screen.split(separator: "\n").last.map(String.init) ?? ""
      return last.hasSuffix("]>") || last.hasSuffix("]> ")
    }
  }

  /// Polls the screen until `holds` is true of it; false after `timeout` seconds.
  func waitUntil(timeout: Double = 10, _ holds: (String) -> Bool) -> Bool {
    eventually(by: Date().addingTimeInterval(timeout), every: 0.05) { holds(screen()) }
  }

  /// Types `text` and presses TAB until the line reads `expected` (names
  /// that a background refresh fills in), clearing the line between tries.
  func completes(_ text: String, to expected: String, timeout: Double = 10) -> Bool {
    let deadline = Date().addingTimeInterval(timeout)
    while Date() < deadline {
      _ = waitForPrompt(timeout: 2)
      type(text)
      press("Tab")
      if waitFor(expected, timeout: 0.5) { return true }
      press("C-c")
    }
    return false
  }

  /// The line the cursor is on (what is being typed), without the prompt.
  func currentLine() -> String {
    let lines = screen().split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    guard let cursorLine = try? tmux(["display-message", "-p", "#{cursor_y}"], capture: true),
      let y = Int(cursorLine.trimmingCharacters(in: .whitespacesAndNewlines)), y < lines.count
    else { return "" }
    let line = lines[y]
    guard let r = line.range(of: "> ") else { return line }
    return String(line[r.upperBound...])
  }
}
