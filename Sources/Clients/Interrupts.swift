import CShims

/// Ctrl-C as the rest of the program sees it: a flag that long-running work
/// polls, so a command stops cleanly instead of being killed mid-write.
public enum Interrupts {
  /// `hardExitOnSecond`: a second Ctrl-C while the first is unhandled ends the
  /// process with 130 (scripts); the interactive shell turns this off.
  public static func install(hardExitOnSecond: Bool) { aether_interrupt_install(hardExitOnSecond ? 1 : 0) }
  /// The interactive shell on a terminal: the ^C the terminal echoes is ended
  /// with a newline, so what the stopped command prints starts on its own line.
  public static func endEchoedLine(on fd: Int32?) { aether_interrupt_newline_on(fd ?? -1) }
  public static var isPending: Bool { aether_interrupt_pending() != 0 }
  public static func clear() { aether_interrupt_clear() }
  /// Sleeps; false when Ctrl-C cut it short.
  public static func sleep(seconds: Double) -> Bool { aether_sleep(seconds) != 0 }
}
