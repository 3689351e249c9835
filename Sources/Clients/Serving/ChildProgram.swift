import CShims
import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// A program the sandbox runs (Prometheus, Alertmanager) that must end with
/// it however it ends. It runs under `sh` holding a pipe from this process on
/// its stdin: when that pipe closes (stop(), an exit, a crash, SIGKILL) the
/// shell stops the program. It has a process group of its own, so a Ctrl-C
/// meant for a command in the shell does not reach it; its output goes to a
/// log file, for the report when it dies.
public final class ChildProgram: Sendable {
  public let name: String
  public let logPath: String
  private let pid: pid_t
  /// The pipe's write end (-1 once closed) and, once reaped, how it ended.
  private let state: Locked<(stdinFd: Int32, ended: Int32?)>

  /// `argv[0]` is looked up on PATH. `removeOnExit`: a directory (the
  /// program's data) deleted once the program has stopped after the pipe
  /// closed: when the sandbox ends, however it ends.
  public init(name: String, argv: [String], logPath: String, removeOnExit: String? = nil) throws {
    self.name = name
    self.logPath = logPath
    // A background list's stdin is /dev/null unless redirected: the pipe is
    // kept on descriptor 3 for the watcher.
    let script = """
      log=$1; dir=$2; shift 2
      exec 3<&0
      "$@" >>"$log" 2>&1 </dev/null 3<&- & p=$!
      {
        cat <&3 >/dev/null; kill $p 2>/dev/null
        while kill -0 $p 2>/dev/null; do sleep 0.1; done
        [ -n "$dir" ] && rm -rf "$dir"
      } &
      wait $p
      """
    let args = ["sh", "-c", script, "sh", logPath, removeOnExit ?? ""] + argv
    // Both ends close-on-exec from the start (the read end reaches the shell
    // as its stdin through dup2, which clears the flag): another program
    // started meanwhile must not hold the write end, or this one would never
    // see its end of input.
    var pipeFds: [Int32] = [0, 0]
    guard aether_pipe_cloexec(&pipeFds) == 0 else { throw ServeError("pipe(): \(String(cString: strerror(errno)))") }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_adddup2(&actions, pipeFds[0], 0)
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    var defaults = sigset_t()
    sigfillset(&defaults)
    var empty = sigset_t()
    sigemptyset(&empty)
    posix_spawnattr_setsigdefault(&attributes, &defaults)
    posix_spawnattr_setsigmask(&attributes, &empty)
    posix_spawnattr_setpgroup(&attributes, 0)
    posix_spawnattr_setflags(
      &attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))
    var cArgs = args.map { strdup($0) } + [nil]
    defer { for a in cArgs { free(a) } }
    var child: pid_t = 0
    let rc = posix_spawnp(&child, "sh", &actions, &attributes, &cArgs, environ)
    close(pipeFds[0])
    guard rc == 0 else {
      close(pipeFds[1])
      throw ServeError("cannot start \(name): \(String(cString: strerror(rc)))")
    }
    pid = child
    state = Locked((stdinFd: pipeFds[1], ended: nil))
  }

  deinit { stop() }

  /// nil while it runs; else its exit status (128+N for signal N).
  public var exitStatus: Int32? {
    state.update { s in
      if let ended = s.ended { return ended }
      var status: Int32 = 0
      guard waitpid(pid, &status, WNOHANG) == pid else { return nil }
      s.ended = shellStatus(waitStatus: status)
      return s.ended
    }
  }

  /// Closes its stdin (the shell stops the program) and waits up to `grace`
  /// seconds, then kills the group.
  public func stop(grace: Double = 10) {
    let fd = state.update { s in
      defer { s.stdinFd = -1 }
      return s.stdinFd
    }
    guard fd >= 0 else { return }
    close(fd)
    let deadline = Date().addingTimeInterval(grace)
    while exitStatus == nil {
      if Date() > deadline {
        kill(-pid, SIGKILL)
        state.update { s in
          var status: Int32 = 0
          if s.ended == nil, waitpid(pid, &status, 0) == pid { s.ended = shellStatus(waitStatus: status) }
        }
        return
      }
      usleep(20_000)
    }
  }

  /// The last lines it wrote, for a report of why it stopped.
  public func logTail(lines: Int = 5) -> String {
    guard let text = try? String(contentsOfFile: logPath, encoding: .utf8) else { return "" }
    return text.split(separator: "\n").suffix(lines).joined(separator: "\n")
  }

  /// The path of a program on PATH, nil when it is not installed.
  public static func which(_ program: String) -> String? {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
    for dir in path.split(separator: ":") {
      let candidate = "\(dir)/\(program)"
      if access(candidate, X_OK) == 0 { return candidate }
    }
    return nil
  }
}

/// A wait status as a shell reports it: the exit code, or 128 + the signal.
public func shellStatus(waitStatus status: Int32) -> Int32 {
  let signal = status & 0x7f
  return signal != 0 ? 128 + signal : (status >> 8) & 0xff
}
