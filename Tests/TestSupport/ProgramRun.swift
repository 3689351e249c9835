import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// How a process ended: an exit status, or a signal. On Linux a process
/// killed by SIGSEGV reports a bare 11 through Foundation, which reads like a
/// normal failure; here the two can never be confused.
public enum Termination: Equatable, Sendable, CustomStringConvertible {
  case exited(Int32)
  case signalled(Int32)

  public var description: String {
    switch self {
    case .exited(let s): "exit \(s)"
    case .signalled(let s): "killed by signal \(s) (\(String(cString: strsignal(s))))"
    }
  }

  /// From a `waitpid` status.
  public init(waitStatus status: Int32) {
    self = (status & 0x7f) == 0 ? .exited((status >> 8) & 0xff) : .signalled(status & 0x7f)
  }

  /// The status a shell would show: the exit code, or 128 + the signal.
  public var shellStatus: Int32 {
    switch self {
    case .exited(let s): s
    case .signalled(let s): 128 + s
    }
  }
}

/// When a test acts on a running program (a SIGINT, a broker taken down):
/// on something the program or the world shows, never after a fixed sleep.
public enum Trigger {
  /// This text appeared in the program's stdout or stderr.
  case output(String)
  /// This text appeared at least this many times (the third snapshot of a watch).
  case outputCount(String, Int)
  /// The condition became true (polled): messages reached the log, a file appeared.
  case condition(() -> Bool)
}

/// One finished run of a program: what a user would see, and how it ended.
public struct ProgramRun {
  public var end: Termination
  public var stdout: String
  public var stderr: String
  public var seconds: Double
  /// The program was still running at the deadline and was stopped.
  public var timedOut: Bool
  /// The trigger never fired before the program ended or the deadline passed.
  public var triggerMissed: Bool
  /// Seconds into the run when the trigger fired.
  public var triggeredAt: Double?

  /// The exit status; a signal reads as 128 + N (and the harness records it).
  public var status: Int32 { end.shellStatus }
}

/// Spawns `path` with posix_spawn in a process group of its own, with a clean
/// signal mask and default dispositions (a test thread's blocked signals must
/// not be inherited) and no descriptor of ours beyond 0–2. Output goes through
/// files (a pipe would fill and block a chatty child). When `trigger` fires,
/// `action` gets the child's pid, once. At `deadline` the group gets SIGTERM,
/// then SIGKILL two seconds later; the run is always reaped.
public func runToCompletion(
  _ path: String, _ args: [String], stdin: String? = nil, environment: [String: String]? = nil, cwd: URL? = nil,
  deadline: Double = 30, when trigger: Trigger? = nil, action: ((pid_t) -> Void)? = nil
) throws -> ProgramRun {
  let dir = FileManager.default.temporaryDirectory.appendingPathComponent("aetherctl-run-\(UUID().uuidString)")
  try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
  defer { try? FileManager.default.removeItem(at: dir) }
  let outPath = dir.appendingPathComponent("out").path
  let errPath = dir.appendingPathComponent("err").path
  let inPath = dir.appendingPathComponent("in").path
  guard FileManager.default.createFile(atPath: inPath, contents: Data((stdin ?? "").utf8)) else {
    throw FixtureError("cannot write \(inPath)")
  }

  var actions = posix_spawn_file_actions_t()
  posix_spawn_file_actions_init(&actions)
  defer { posix_spawn_file_actions_destroy(&actions) }
  posix_spawn_file_actions_addopen(&actions, 0, stdin == nil ? "/dev/null" : inPath, O_RDONLY, 0)
  posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
  posix_spawn_file_actions_addopen(&actions, 2, errPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
  CleanSpawn.closeFrom3(&actions)
  if let cwd { CleanSpawn.changeDirectory(&actions, cwd.path) }
  var attributes = CleanSpawn.attributes()
  defer { posix_spawnattr_destroy(&attributes) }

  let env = (environment ?? ProcessInfo.processInfo.environment).map { "\($0.key)=\($0.value)" }
  var cArgs = ([path] + args).map { strdup($0) } + [nil]
  var cEnv = env.map { strdup($0) } + [nil]
  defer {
    for a in cArgs { free(a) }
    for e in cEnv { free(e) }
  }
  var pid: pid_t = 0
  let start = Date()
  let rc = posix_spawn(&pid, path, &actions, &attributes, &cArgs, &cEnv)
  guard rc == 0 else { throw FixtureError("cannot start \(path): \(String(cString: strerror(rc)))") }

  func output() -> String {
    ((try? String(contentsOfFile: outPath, encoding: .utf8)) ?? "")
      + ((try? String(contentsOfFile: errPath, encoding: .utf8)) ?? "")
  }
  var pendingTrigger = trigger
  var triggeredAt: Double?
  var status: Int32 = 0
  var reaped = false
  var timedOut = false
  while !reaped {
    if waitpid(pid, &status, WNOHANG) == pid {
      reaped = true
      break
    }
    if let t = pendingTrigger {
      let fired: Bool
      switch t {
      case .output(let text): fired = output().contains(text)
      case .outputCount(let text, let n): fired = output().components(separatedBy: text).count - 1 >= n
      case .condition(let holds): fired = holds()
      }
      if fired {
        pendingTrigger = nil
        triggeredAt = Date().timeIntervalSince(start)
        action?(pid)
      }
    }
    if Date().timeIntervalSince(start) >= deadline {
      timedOut = true
      kill(-pid, SIGTERM)
      let killAt = Date().addingTimeInterval(2)
      while waitpid(pid, &status, WNOHANG) != pid {
        if Date() >= killAt { kill(-pid, SIGKILL) }
        usleep(10_000)
      }
      reaped = true
      break
    }
    usleep(10_000)
  }
  // Whatever the program left in its group (a child it started) goes with it.
  kill(-pid, SIGKILL)
  let end = Termination(waitStatus: status)
  return ProgramRun(
    end: end, stdout: (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? "",
    stderr: (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? "", seconds: Date().timeIntervalSince(start),
    timedOut: timedOut, triggerMissed: pendingTrigger != nil, triggeredAt: triggeredAt)
}

/// Spawn attributes every fixture and program under test gets: a process
/// group of its own (so it can be stopped whole), an empty signal mask and
/// default dispositions.
public enum CleanSpawn {
  /// glibc 2.34's posix_spawn_file_actions_addclosefrom_np and _addchdir_np,
  /// which Swift's Glibc module does not import: looked up once by name.
  private typealias CloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
  private typealias ChangeDirectory =
    @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, UnsafePointer<CChar>) -> Int32
  private static let closeFrom: CloseFrom? = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addclosefrom_np")
    .map { unsafeBitCast($0, to: CloseFrom.self) }
  private static let chdir: ChangeDirectory? = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addchdir_np")
    .map { unsafeBitCast($0, to: ChangeDirectory.self) }

  /// The child gets no descriptor of ours beyond 0–2: a tmux server or a
  /// fixture that inherited a pipe would keep another fixture alive.
  public static func closeFrom3(_ actions: inout posix_spawn_file_actions_t) {
    precondition(closeFrom != nil, "glibc without posix_spawn_file_actions_addclosefrom_np")
    _ = closeFrom?(&actions, 3)
  }

  public static func changeDirectory(_ actions: inout posix_spawn_file_actions_t, _ path: String) {
    precondition(chdir != nil, "glibc without posix_spawn_file_actions_addchdir_np")
    _ = path.withCString { chdir?(&actions, $0) }
  }

  public static func attributes(newGroup: Bool = true) -> posix_spawnattr_t {
    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    var empty = sigset_t()
    sigemptyset(&empty)
    posix_spawnattr_setsigmask(&attributes, &empty)
    var all = sigset_t()
    sigfillset(&all)
    sigdelset(&all, SIGKILL)
    sigdelset(&all, SIGSTOP)
    posix_spawnattr_setsigdefault(&attributes, &all)
    var flags = Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF)
    if newGroup {
      flags |= Int16(POSIX_SPAWN_SETPGROUP)
      posix_spawnattr_setpgroup(&attributes, 0)
    }
    posix_spawnattr_setflags(&attributes, flags)
    return attributes
  }
}
