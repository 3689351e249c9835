import CShims
import Foundation

/// The process's stdout or stderr as a C stdio stream, so that everything
/// printed (by us and by `print`) goes through one buffer in one order. The
/// `FILE` stays in here: the rest of the program sees write and flush.
public struct StandardStream {
  private let file: UnsafeMutablePointer<FILE>

  public static var output: StandardStream { StandardStream(file: aether_stdout()) }
  public static var error: StandardStream { StandardStream(file: aether_stderr()) }

  public func write(_ s: String) { fputs(s, file) }

  public func write(bytes: [UInt8]) {
    guard !bytes.isEmpty else { return }
    bytes.withUnsafeBytes { _ = fwrite($0.baseAddress, 1, $0.count, file) }
  }

  public func flush() { fflush(file) }

  /// A person reads it (progress lines, colour), not a file or a pipe.
  public var isTerminal: Bool { isatty(fileno(file)) == 1 }
}
