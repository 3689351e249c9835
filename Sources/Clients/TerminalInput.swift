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
    // Whatever mode the terminal was left in (a full-screen view's no-echo,
    // no-CR translation), the answer is typed as on a normal line: echoed,
    // edited with backspace, ended by Enter. The mode is put back after.
    var saved = termios()
    let isTerminal = isatty(STDIN_FILENO) == 1 && tcgetattr(STDIN_FILENO, &saved) == 0
    if isTerminal {
      var line = saved
      line.c_lflag |= tcflag_t(ICANON | ECHO | ECHOE | ISIG)
      line.c_iflag |= tcflag_t(ICRNL)
      withUnsafeMutableBytes(of: &line.c_cc) { cc in
        cc[Int(VMIN)] = 1
        cc[Int(VTIME)] = 0
      }
      tcsetattr(STDIN_FILENO, TCSANOW, &line)
    }
    defer { if isTerminal { tcsetattr(STDIN_FILENO, TCSANOW, &saved) } }
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
