import Foundation

/// One finished run of a program: what a user would see, and how long it took.
public struct ProgramRun {
  public var status: Int32
  public var stdout: String
  public var stderr: String
  public var seconds: Double
  /// The program was still running at the deadline and was terminated.
  public var timedOut: Bool
}

/// Runs `path` with `args` to completion or `deadline` seconds, output through
/// files (a pipe would fill and block a chatty child). `environment` replaces
/// ours when given. `after` seconds into the run, `action` gets the child's
/// pid: a SIGINT, a broker taken down, the cluster killed.
public func runToCompletion(
  _ path: String, _ args: [String], stdin: String? = nil, environment: [String: String]? = nil, cwd: URL? = nil,
  deadline: Double = 30, after: Double? = nil, action: ((pid_t) -> Void)? = nil
) throws -> ProgramRun {
  let dir = FileManager.default.temporaryDirectory.appendingPathComponent("aetherctl-run-\(UUID().uuidString)")
  try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
  defer { try? FileManager.default.removeItem(at: dir) }
  let outURL = dir.appendingPathComponent("out")
  let errURL = dir.appendingPathComponent("err")
  FileManager.default.createFile(atPath: outURL.path, contents: nil)
  FileManager.default.createFile(atPath: errURL.path, contents: nil)

  let p = Process()
  p.executableURL = URL(fileURLWithPath: path)
  p.arguments = args
  if let environment { p.environment = environment }
  if let cwd { p.currentDirectoryURL = cwd }
  p.standardOutput = try FileHandle(forWritingTo: outURL)
  p.standardError = try FileHandle(forWritingTo: errURL)
  let input = Pipe()
  p.standardInput = stdin == nil ? FileHandle.nullDevice : input
  let start = Date()
  try p.run()
  if let s = stdin {
    input.fileHandleForWriting.write(Data(s.utf8))
    try input.fileHandleForWriting.close()
  }
  if let after, let action {
    Thread.sleep(forTimeInterval: after)
    action(p.processIdentifier)
  }
  while p.isRunning && Date().timeIntervalSince(start) < deadline { Thread.sleep(forTimeInterval: 0.01) }
  let timedOut = p.isRunning
  if timedOut { p.terminate() }
  p.waitUntilExit()
  return ProgramRun(
    status: p.terminationStatus, stdout: String(decoding: try Data(contentsOf: outURL), as: UTF8.self),
    stderr: String(decoding: try Data(contentsOf: errURL), as: UTF8.self), seconds: Date().timeIntervalSince(start),
    timedOut: timedOut)
}
