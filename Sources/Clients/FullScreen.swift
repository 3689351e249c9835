import CShims
import Foundation

/// The terminal as a full-screen view holds it: the alternate screen, no echo,
/// keys one at a time, and the way back on every exit (a key, Ctrl-C,
/// SIGTERM, an error: `leave` runs from a `defer`).
///
/// Plain xterm sequences and the tty's size rather than ncurses: every
/// terminal aetherctl meets (xterm, VTE, tmux, screen, the Linux console)
/// speaks these dozen codes, and ncurses would bring its own model of the
/// screen and of colour (its own NO_COLOR rules) for what one write per frame
/// does. Colour is decided by the caller, as everywhere else.
public final class FullScreen {
  private var saved = termios()
  private var entered = false
  private var pending: [UInt8] = []

  /// nil unless both stdin and stdout are terminals.
  public init?() {
    guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else { return nil }
  }

  deinit { leave() }

  /// Alternate screen, cursor hidden, keys unbuffered and unechoed. Ctrl-C
  /// still signals (ISIG stays on), so the view stops through `Interrupts`.
  public func enter() {
    guard !entered else { return }
    tcgetattr(STDIN_FILENO, &saved)
    var raw = saved
    raw.c_lflag &= ~tcflag_t(ICANON | ECHO | IEXTEN)
    raw.c_iflag &= ~tcflag_t(IXON | ICRNL)
    withUnsafeMutableBytes(of: &raw.c_cc) { cc in
      cc[Int(VMIN)] = 0
      cc[Int(VTIME)] = 0
      // Ctrl-Z does not suspend the view: stopped, it would leave the
      // terminal on the alternate screen in this mode until `fg`.
      cc[Int(VSUSP)] = 0
    }
    tcsetattr(STDIN_FILENO, TCSAFLUSH, &raw)
    aether_screen_signals_install()
    write("\u{1B}[?1049h\u{1B}[?25l\u{1B}[H\u{1B}[2J")
    entered = true
  }

  /// Back to the screen and the line discipline the view found.
  public func leave() {
    guard entered else { return }
    entered = false
    write("\u{1B}[0m\u{1B}[?25h\u{1B}[?1049l")
    tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved)
    aether_screen_signals_restore()
  }

  /// Columns and rows; 80×24 when the tty does not say.
  public var size: (columns: Int, rows: Int) {
    var w = winsize()
    guard ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &w) == 0, w.ws_col > 0, w.ws_row > 0 else { return (80, 24) }
    return (Int(w.ws_col), Int(w.ws_row))
  }

  /// One frame in one write.
  public func write(_ text: String) {
    var bytes = Array(text.utf8)
    var offset = 0
    while offset < bytes.count {
      let n = bytes.withUnsafeMutableBytes { Glibc.write(STDOUT_FILENO, $0.baseAddress! + offset, $0.count - offset) }
      if n > 0 {
        offset += n
      } else if n < 0 && errno == EINTR {
        continue
      } else {
        return
      }
    }
  }

  public enum Key: Equatable, Sendable {
    case character(Character)
    case up, down, escape
  }

  /// Keys typed within `timeoutMs` (none when nothing was; a signal ends the
  /// wait early). An Esc not followed by a sequence within 30 ms is Esc.
  public func keys(timeoutMs: Int) -> [Key] {
    var fds = pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)
    if pending.isEmpty {
      guard poll(&fds, 1, Int32(clamping: timeoutMs)) > 0 else { return [] }
    }
    readAvailable()
    if pending.last == 0x1B {
      // An escape sequence's remainder arrives with it or right after.
      if poll(&fds, 1, 30) > 0 { readAvailable() }
    }
    var out: [Key] = []
    while !pending.isEmpty {
      let b = pending.removeFirst()
      if b == 0x1B {
        if let next = pending.first, next == UInt8(ascii: "[") || next == UInt8(ascii: "O") {
          // A sequence: its parameters, then one final byte. Arrows up and
          // down move the selection; the rest (function keys…) is ignored.
          pending.removeFirst()
          var final: UInt8?
          while !pending.isEmpty {
            let c = pending.removeFirst()
            if (0x40...0x7E).contains(c) {
              final = c
              break
            }
          }
          if final == UInt8(ascii: "A") { out.append(.up) } else if final == UInt8(ascii: "B") { out.append(.down) }
          continue
        }
        out.append(.escape)
      } else if b < 0x80 {
        out.append(.character(Character(Unicode.Scalar(b))))
      }
    }
    return out
  }

  private func readAvailable() {
    var buffer = [UInt8](repeating: 0, count: 64)
    let n = read(STDIN_FILENO, &buffer, buffer.count)
    if n > 0 { pending += buffer[..<n] }
  }

  /// SIGTERM or SIGHUP arrived while the view was up.
  public static var terminateRequested: Bool { aether_terminate_pending() != 0 }
  /// The terminal changed size since the last look (SIGWINCH).
  public static func takeResize() -> Bool { aether_resize_take() != 0 }

  /// After the screen was given back: ends the process by the SIGTERM (or
  /// SIGHUP) that asked, as the parent expects, not by a status of ours.
  public static func endByTerminateSignal() -> Never {
    signal(SIGTERM, SIG_DFL)
    raise(SIGTERM)
    _exit(143)
  }
}
