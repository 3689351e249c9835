import Capacity
import Clients
import Config
import Formats
import Foundation
import Output
import Prometheus
import ScriptLanguage

/// Where command output goes: the process's stdout, or a buffer when `$(…)`
/// captures it. Writes are buffered and flushed at the end of each command.
public final class OutputSink {
  private var buffer: String?
  private let handle: StandardStream?

  private init(handle: StandardStream?, buffer: String?) {
    self.handle = handle
    self.buffer = buffer
  }

  public static func standardOutput() -> OutputSink { OutputSink(handle: .output, buffer: nil) }
  public static func standardError() -> OutputSink { OutputSink(handle: .error, buffer: nil) }
  public static func capture() -> OutputSink { OutputSink(handle: nil, buffer: "") }

  public func write(_ s: String) {
    if buffer != nil {
      buffer?.append(s)
    } else if let h = handle {
      // Bytes an argument carried (ArgumentBytes) go out as those bytes.
      if ArgumentBytes.carried { h.write(bytes: ArgumentBytes.bytes(s)) } else { h.write(s) }
    }
  }

  /// Raw bytes (message values may not be UTF-8); captured output decodes them
  /// with replacement.
  public func write(bytes: [UInt8]) {
    guard !bytes.isEmpty else { return }
    if buffer != nil {
      buffer?.append(String(decoding: bytes, as: UTF8.self))
    } else if let h = handle {
      h.write(bytes: bytes)
    }
  }

  public func flush() {
    handle?.flush()
  }

  /// What was captured (capture sinks only).
  public var captured: String { buffer ?? "" }

  /// What was captured so far, emptying the buffer.
  public func take() -> String {
    guard let b = buffer else { return "" }
    buffer = ""
    return b
  }
}
