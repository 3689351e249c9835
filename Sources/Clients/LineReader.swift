import CShims
import Foundation
import Vocabulary

/// Lines of a file or stdin, as bytes, without loading the file into memory.
public final class LineReader {
  let file: UnsafeMutablePointer<FILE>
  let owned: Bool
  var buffer: UnsafeMutablePointer<CChar>?
  var capacity = 0

  public struct OpenError: Error, CustomStringConvertible { public var description: String }

  public init(path: String) throws {
    if path == "-" {
      file = aether_stdin()
      owned = false
    } else {
      guard let f = fopen(path, "r") else { throw OpenError(description: FileContents.reason(errno)) }
      // glibc opens a directory for reading; its first read fails with EISDIR,
      // which must not read as an empty file.
      var info = stat()
      if fstat(fileno(f), &info) == 0 && info.st_mode & S_IFMT == S_IFDIR {
        fclose(f)
        throw OpenError(description: "is a directory")
      }
      file = f
      owned = true
    }
  }

  /// A regular file, which never makes a reader wait for its next line: it
  /// may be read ahead in runs. A pipe or terminal may (`tail -f | produce`).
  public var isRegularFile: Bool {
    var info = stat()
    return fstat(fileno(file), &info) == 0 && info.st_mode & S_IFMT == S_IFREG
  }

  deinit {
    free(buffer)
    if owned { fclose(file) }
  }

  /// `--crlf`: a line's trailing CR is part of the line ending, not of the
  /// message. Without it the bytes are kept, as kcat keeps them.
  public var stripCR = false

  /// Why reading stopped before the end (an I/O error), once `next` returned nil.
  public private(set) var failure: String?

  /// The next line without its newline; nil at the end, or at a read error
  /// (then `failure` says which).
  public func next() -> UnsafeRawBufferPointer? {
    clearerr(file)
    let n = getline(&buffer, &capacity, file)
    if n < 0 && ferror(file) != 0 { failure = FileContents.reason(errno) }
    guard n >= 0, let b = buffer else { return nil }
    var length = n
    if length > 0 && b[length - 1] == 10 { length -= 1 }
    if stripCR && length > 0 && b[length - 1] == 13 { length -= 1 }
    return UnsafeRawBufferPointer(start: b, count: length)
  }
}

extension LineReader.OpenError: StatusError {
  public var exitStatus: Int32 { ExitStatus.failure }
}
