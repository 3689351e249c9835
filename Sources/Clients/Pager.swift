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
  ///
  /// While the pager runs, Ctrl-C and Ctrl-\ are its (less uses them):
  /// aetherctl blocks them, so its own handler neither ends the process
  /// under the pager nor marks the finished command interrupted; the pager
  /// starts with them unblocked and at their defaults.
  public static func show(_ text: String, command: String, environment: [String: String]) -> Bool {
    var fds: [Int32] = [0, 0]
    // Close-on-exec: no other child started meanwhile holds the write end
    // (the pager would never see the end of its input). dup2 onto the
    // pager's stdin clears the flag there.
    guard pipe(&fds) == 0 else { return false }
    for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_adddup2(&actions, fds[0], 0)

    var held = sigset_t()
    sigemptyset(&held)
    sigaddset(&held, SIGINT)
    sigaddset(&held, SIGQUIT)
    var before = sigset_t()
    pthread_sigmask(SIG_BLOCK, &held, &before)
    defer {
      // A Ctrl-C the pager took is not the command's: dropped, not delivered.
      var pending = sigset_t()
      sigpending(&pending)
      if sigismember(&pending, SIGINT) == 1 || sigismember(&pending, SIGQUIT) == 1 {
        var ignore = sigaction()
        ignore.__sigaction_handler.sa_handler = SIG_IGN
        var old = sigaction()
        var oldQuit = sigaction()
        sigaction(SIGINT, &ignore, &old)
        sigaction(SIGQUIT, &ignore, &oldQuit)
        pthread_sigmask(SIG_SETMASK, &before, nil)
        sigaction(SIGINT, &old, nil)
        sigaction(SIGQUIT, &oldQuit, nil)
      } else {
        pthread_sigmask(SIG_SETMASK, &before, nil)
      }
      Interrupts.clear()
    }
    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    var none = sigset_t()
    sigemptyset(&none)
    posix_spawnattr_setsigmask(&attributes, &none)
    var defaults = sigset_t()
    sigemptyset(&defaults)
    for s in [SIGINT, SIGQUIT, SIGPIPE, SIGTERM, SIGHUP] { sigaddset(&defaults, s) }
    posix_spawnattr_setsigdefault(&attributes, &defaults)
    posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

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
    let rc = posix_spawn(&pid, "/bin/sh", &actions, &attributes, &argv, &cEnv)
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

  /// The terminal rows `text` takes at `columns` wide, counted up to
  /// `limit`: a line wider than the terminal wraps onto several, so a wide
  /// table of few lines can still scroll off. Colour sequences take no
  /// room; a tab goes to the next multiple of 8.
  public static func rows(of text: String, columns: Int, upTo limit: Int) -> Int {
    let columns = max(1, columns)
    var rows = 0
    var width = 0
    var escape = 0  // 0: text; 1: after ESC; 2: inside CSI
    func endLine() {
      rows += max(1, (width + columns - 1) / columns)
      width = 0
    }
    for scalar in text.unicodeScalars {
      switch (escape, scalar.value) {
      case (1, 0x5B): escape = 2
      case (1, _): escape = 0
      case (2, 0x40...0x7E): escape = 0
      case (2, _): break
      case (_, 0x1B): escape = 1
      case (_, 0x0A):
        endLine()
        if rows >= limit { return rows }
      case (_, 0x09): width += 8 - width % 8
      case (_, 0x00..<0x20), (_, 0x7F): break
      default: width += 1
      }
    }
    if width > 0 { endLine() }
    return rows
  }

  /// Whether `program` is on `path` (the default pager is used only when it is).
  public static func installed(_ program: String, path: String?) -> Bool {
    for dir in (path ?? "/usr/bin:/bin").split(separator: ":") where access("\(dir)/\(program)", X_OK) == 0 {
      return true
    }
    return false
  }
}

/// The terminal's height: LINES when set, else the tty's, else 24.
public func terminalRows(environment: [String: String] = ProcessInfo.processInfo.environment) -> Int {
  if let r = environment["LINES"].flatMap(Int.init), r > 0 { return r }
  var size = winsize()
  if ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_row > 0 { return Int(size.ws_row) }
  return 24
}
