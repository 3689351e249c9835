import Foundation

/// One line typed at the terminal, read so that Ctrl-C ends the wait:
/// Foundation's `readLine` retries the read a SIGINT interrupts, which left a
/// confirmation prompt deaf to Ctrl-C.
public enum TerminalInput {
  public enum Answer: Equatable {
    case line(String)
    case endOfInput
    case interrupted
  }

  public static func readLine() -> Answer {
    var bytes: [UInt8] = []
    var byte: UInt8 = 0
    while true {
      if Interrupts.isPending { return .interrupted }
      let n = read(STDIN_FILENO, &byte, 1)
      if n == 1 {
        if byte == 0x0A { break }
        bytes.append(byte)
        continue
      }
      if n == 0 { return bytes.isEmpty ? .endOfInput : .line(String(decoding: bytes, as: UTF8.self)) }
      if errno == EINTR { continue }
      return .endOfInput
    }
    return .line(String(decoding: bytes, as: UTF8.self))
  }
}
