import Foundation
import Vocabulary

#if canImport(Glibc)
  import Glibc
#endif

/// A whole file the operator pointed the tool at (a script, an include, a
/// config, a secret file, a request body), read with every failure a
/// sentence instead of a trap: Foundation's `FileHandle.readData` traps on a
/// directory, and `FileManager.contents` says only "nil".
public enum FileContents {
  public struct ReadError: Error, CustomStringConvertible, Equatable {
    /// Without the path: "is a directory", "no such file", "larger than 64 MiB".
    public var description: String
  }

  /// At most `limit` bytes; a larger file is an error, not a truncated read.
  public static func read(_ path: String, limit: Int) throws(ReadError) -> Data {
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else { throw ReadError(description: reason(errno)) }
    defer { close(fd) }
    return try read(descriptor: fd, limit: limit)
  }

  /// Standard input to its end (a script piped in), by the same rules.
  public static func readStandardInput(limit: Int) throws(ReadError) -> Data {
    try read(descriptor: STDIN_FILENO, limit: limit)
  }

  static func read(descriptor fd: Int32, limit: Int) throws(ReadError) -> Data {
    var info = stat()
    guard fstat(fd, &info) == 0 else { throw ReadError(description: reason(errno)) }
    if info.st_mode & S_IFMT == S_IFDIR { throw ReadError(description: "is a directory") }
    var data = Data()
    var chunk = [UInt8](repeating: 0, count: 64 << 10)
    while true {
      let n = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
      if n < 0 {
        if errno == EINTR { continue }
        throw ReadError(description: reason(errno))
      }
      if n == 0 { return data }
      guard data.count + n <= limit else {
        throw ReadError(description: "is larger than \(limit >= 1 << 20 ? "\(limit >> 20) MiB" : "\(limit) bytes")")
      }
      data.append(contentsOf: chunk[..<n])
    }
  }

  /// Whether `path` names a directory (for messages that must say so before opening).
  public static func isDirectory(_ path: String) -> Bool {
    var info = stat()
    return stat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFDIR
  }

  static func reason(_ code: Int32) -> String {
    switch code {
    case ENOENT: "no such file"
    case EACCES: "permission denied"
    case EISDIR: "is a directory"
    default: String(cString: strerror(code))
    }
  }
}

extension FileContents.ReadError: StatusError {
  public var exitStatus: Int32 { ExitStatus.failure }
}
