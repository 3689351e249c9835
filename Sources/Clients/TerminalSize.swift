import Foundation

/// The terminal's width: COLUMNS when set (as readline honours it), else the
/// tty's, else 80. Shared by completion listings and charts.
public func terminalColumns() -> Int {
  if let c = ProcessInfo.processInfo.environment["COLUMNS"].flatMap(Int.init), c > 0 { return c }
  var size = winsize()
  if ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
  return 80
}
