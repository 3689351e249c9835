import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// A helper program the tests start (a fixture server, Prometheus), spawned with
/// posix_spawn and reaped with waitpid: Foundation's Process hangs on this
/// toolchain when a test process starts many children. Its stdin stays open so
/// a fixture can exit when the test process dies; stdout is a pipe the test
/// reads lines from; stderr goes to a file for the failure message.
/// `@unchecked Sendable`: one test drives a child at a time; a child shared
/// by the suite (its Prometheus) is only read through immutable fields.
public final class ChildProcess: @unchecked Sendable {
  public let pid: pid_t
  private let stdinWrite: Int32
  private let stdoutRead: Int32
  private var buffered: [UInt8] = []
  private var reaped = false
  private var inputClosed = false
  public let stderrPath: String

  public init(_ argv: [String], environment: [String: String]? = nil, stderrPath: String? = nil) throws {
    var inPipe: [Int32] = [0, 0]
    var outPipe: [Int32] = [0, 0]
    // Close-on-exec: no other child (a tmux server, another fixture) may hold
    // these, or this fixture would outlive the test waiting for their EOF.
    guard pipe(&inPipe) == 0, pipe(&outPipe) == 0 else { throw FixtureError("pipe() failed") }
    for fd in inPipe + outPipe { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
    self.stderrPath = stderrPath ?? NSTemporaryDirectory() + "child-\(UUID().uuidString).err"
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_adddup2(&actions, inPipe[0], 0)
    posix_spawn_file_actions_adddup2(&actions, outPipe[1], 1)
    posix_spawn_file_actions_addopen(&actions, 2, self.stderrPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    CleanSpawn.closeFrom3(&actions)
    var attributes = CleanSpawn.attributes()
    defer { posix_spawnattr_destroy(&attributes) }
    let env = (environment ?? ProcessInfo.processInfo.environment).map { "\($0.key)=\($0.value)" }
    var cArgs = argv.map { strdup($0) } + [nil]
    var cEnv = env.map { strdup($0) } + [nil]
    defer {
      for a in cArgs { free(a) }
      for e in cEnv { free(e) }
    }
    var pid: pid_t = 0
    let rc = posix_spawnp(&pid, argv[0], &actions, &attributes, &cArgs, &cEnv)
    close(inPipe[0])
    close(outPipe[1])
    guard rc == 0 else {
      close(inPipe[1])
      close(outPipe[0])
      throw FixtureError("cannot start \(argv[0]): \(String(cString: strerror(rc)))")
    }
    self.pid = pid
    stdinWrite = inPipe[1]
    stdoutRead = outPipe[0]
  }

  /// The next line of stdout, or nil at end of file or after `timeout` seconds.
  public func readLine(timeout: Double) -> String? {
    let deadline = Date().addingTimeInterval(timeout)
    while true {
      if let nl = buffered.firstIndex(of: 10) {
        let line = String(decoding: buffered[..<nl], as: UTF8.self)
        buffered.removeSubrange(...nl)
        return line
      }
      let left = deadline.timeIntervalSinceNow
      guard left > 0 else { return nil }
      var p = pollfd(fd: stdoutRead, events: Int16(POLLIN), revents: 0)
      let ready = poll(&p, 1, Int32(max(1, left * 1000)))
      if ready < 0, errno == EINTR { continue }
      guard ready > 0 else { return nil }
      var chunk = [UInt8](repeating: 0, count: 4096)
      let n = read(stdoutRead, &chunk, chunk.count)
      guard n > 0 else { return nil }
      buffered.append(contentsOf: chunk[..<n])
    }
  }

  /// Writes one line to its stdin (for fixtures driven by commands).
  public func writeLine(_ line: String) {
    let bytes = Array((line + "\n").utf8)
    _ = bytes.withUnsafeBytes { write(stdinWrite, $0.baseAddress, $0.count) }
  }

  /// Sends `signal` and reaps it: the abrupt death of a server mid-request.
  public func terminate(signal: Int32) {
    guard !reaped else { return }
    reaped = true
    _ = Glibc.kill(-pid, signal)
    var status: Int32 = 0
    _ = waitpid(pid, &status, 0)
    closeInput()
    finish()
  }

  /// Closes its stdin: end of input, as when the parent goes away.
  public func closeInput() {
    guard !inputClosed else { return }
    inputClosed = true
    close(stdinWrite)
  }

  /// Waits for it to end by itself; nil when it is still running at the deadline.
  public func waitForExit(timeout: Double) -> Termination? {
    let deadline = Date().addingTimeInterval(timeout)
    var status: Int32 = 0
    while Date() < deadline {
      if waitpid(pid, &status, WNOHANG) == pid {
        reaped = true
        closeInput()
        _ = Glibc.kill(-pid, SIGKILL)
        finish()
        return Termination(waitStatus: status)
      }
      usleep(10_000)
    }
    return nil
  }

  public var stderrText: String {
    (try? String(contentsOfFile: stderrPath, encoding: .utf8)) ?? ""
  }

  /// Closes its stdin (fixtures exit on that), then SIGTERM, then SIGKILL,
  /// `grace` seconds apart; always reaps.
  public func stop(grace: Double = 3) {
    guard !reaped else { return }
    reaped = true
    closeInput()
    var status: Int32 = 0
    // The whole process group: a wrapper shell and what it started go together.
    for signal in [Int32(0), SIGTERM, SIGKILL] {
      if signal != 0 { _ = Glibc.kill(-pid, signal) }
      let deadline = Date().addingTimeInterval(signal == SIGKILL ? 30 : grace)
      while Date() < deadline {
        if waitpid(pid, &status, WNOHANG) == pid {
          _ = Glibc.kill(-pid, SIGKILL)
          return finish()
        }
        usleep(20_000)
      }
    }
    finish()
  }

  private func finish() {
    close(stdoutRead)
    unlink(stderrPath)
  }

  deinit { stop() }
}

public struct FixtureError: Error, CustomStringConvertible {
  public var description: String
  public init(_ description: String) { self.description = description }
}

/// A port on 127.0.0.1 that nothing listens on at the moment of asking.
public func freeLoopbackPort() throws -> Int {
  let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
  guard fd >= 0 else { throw FixtureError("socket() failed") }
  defer { close(fd) }
  var address = sockaddr_in()
  address.sin_family = sa_family_t(AF_INET)
  address.sin_addr.s_addr = inet_addr("127.0.0.1")
  let size = socklen_t(MemoryLayout<sockaddr_in>.size)
  let bound = withUnsafePointer(to: &address) {
    $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, size) }
  }
  guard bound == 0 else { throw FixtureError("bind() failed") }
  var length = size
  _ = withUnsafeMutablePointer(to: &address) {
    $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
  }
  return Int(UInt16(bigEndian: address.sin_port))
}
