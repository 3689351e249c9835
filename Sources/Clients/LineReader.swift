import CShims
import Foundation

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
      guard let f = fopen(path, "r") else { throw OpenError(description: String(cString: strerror(errno))) }
      file = f
      owned = true
    }
  }

  deinit {
    free(buffer)
    if owned { fclose(file) }
  }

  /// `--crlf`: a line's trailing CR is part of the line ending, not of the
  /// message. Without it the bytes are kept, as kcat keeps them.
  public var stripCR = false

  /// The next line without its newline; nil at the end.
  public func next() -> UnsafeRawBufferPointer? {
    let n = getline(&buffer, &capacity, file)
    guard n >= 0, let b = buffer else { return nil }
    var length = n
    if length > 0 && b[length - 1] == 10 { length -= 1 }
    if stripCR && length > 0 && b[length - 1] == 13 { length -= 1 }
    return UnsafeRawBufferPointer(start: b, count: length)
  }
}
