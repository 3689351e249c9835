import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// Long output through a pager (`less -FRX`), as git and psql show it: the
/// pager reads the text on its stdin and has the terminal until it ends.
public enum Pager {
  /// Runs `command` through /bin/sh with `text` on its stdin and waits for it.
  /// False when it could not run (no /bin/sh, no such program: exit 127), so
  /// that the caller prints the text itself: output is never lost to a pager.
  public static func show(_ text: String, command: String, environment: [String: String]) -> Bool {
    var fds: [Int32] = [0, 0]
    guard pipe(&fds) == 0 else { return false }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_adddup2(&actions, fds[0], 0)
    posix_spawn_file_actions_addclose(&actions, fds[0])
    posix_spawn_file_actions_addclose(&actions, fds[1])
    // less's own defaults when nothing says otherwise: quit when one screen
    // holds it, colours as they are, no screen clearing (git does the same).
    var env = environment
    if env["LESS"] == nil { env["LESS"] = "FRX" }
    var cEnv: [UnsafeMutablePointer<CChar>?] = env.map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer { for e in cEnv { free(e) } }
    let words: [String] = ["/bin/sh", "-c", command]
    var argv: [UnsafeMutablePointer<CChar>?] = words.map { strdup($0) } + [nil]
    defer { for a in argv { free(a) } }
    var pid: pid_t = 0
    let rc = posix_spawn(&pid, "/bin/sh", &actions, nil, &argv, &cEnv)
    close(fds[0])
    guard rc == 0 else {
      close(fds[1])
      return false
    }
    // A pager quit early (q) closes the pipe: the rest is not wanted.
    let previous = signal(SIGPIPE, SIG_IGN)
    let bytes = Array(text.utf8)
    var written = 0
    while written < bytes.count {
      let n = bytes[written...].withUnsafeBytes { write(fds[1], $0.baseAddress, $0.count) }
      if n < 0 && errno == EINTR { continue }
      if n <= 0 { break }
      written += n
    }
    close(fds[1])
    signal(SIGPIPE, previous)
    var status: Int32 = 0
    while waitpid(pid, &status, 0) == -1 {
      guard errno == EINTR else { return true }
    }
    // sh's "not found": nothing was shown.
    let exited = (status & 0x7F) == 0
    return !(exited && (status >> 8) & 0xFF == 127)
  }
}

/// The terminal's height: LINES when set, else the tty's, else 24.
public func terminalRows() -> Int {
  if let r = ProcessInfo.processInfo.environment["LINES"].flatMap(Int.init), r > 0 { return r }
  var size = winsize()
  if ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_row > 0 { return Int(size.ws_row) }
  return 24
}
