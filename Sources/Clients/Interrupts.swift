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
  /// Runs `body` (a command at the prompt) with the terminal's own ^C echo
  /// off and the handler writing "^C" and the newline in one write: the
  /// terminal echoes after it signals, so its echo could land after the
  /// newline and glue the next output to it.
  public static func echoingCtrlC<T>(on fd: Int32, _ body: () throws -> T) rethrows -> T {
    let changed = aether_terminal_echoctl_off(fd) == 0
    defer { if changed { aether_terminal_echoctl_restore(fd) } }
    return try body()
  }
  public static var isPending: Bool { aether_interrupt_pending() != 0 }
  /// SIGTERM or SIGHUP arrived (it also set `isPending`): once the command
  /// has said what it did, the process ends by it (`endByTerminationSignal`).
  public static var terminationSignal: Int32? {
    let s = aether_termination_signal()
    return s == 0 ? nil : s
  }
  /// While the interactive shell waits at its prompt, SIGTERM and SIGHUP end
  /// the process at once (nothing is running to report on).
  public static func waitingAtPrompt<T>(_ body: () throws -> T) rethrows -> T {
    aether_prompt_waiting(1)
    defer { aether_prompt_waiting(0) }
    if let s = terminationSignal { endByTerminationSignal(s) }
    return try body()
  }
  /// For a command whose normal end is SIGTERM (`sandbox serve`): it ends by its own status.
  public static func forgetTermination() { aether_termination_forget() }
  /// Ends the process by the signal that asked, as its parent expects.
  public static func endByTerminationSignal(_ signal: Int32) -> Never {
    aether_end_by_signal(signal)
    fatalError("unreachable: the signal ends the process")
  }
  public static func clear() { aether_interrupt_clear() }
  /// Sleeps; false when Ctrl-C cut it short.
  public static func sleep(seconds: Double) -> Bool { aether_sleep(seconds) != 0 }
}
