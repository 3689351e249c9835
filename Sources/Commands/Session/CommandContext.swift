import Capacity
import Clients
import Foundation

/// What a running command may touch: the session's settings, its output and
/// diagnostics, and whether Ctrl-C asked it to stop.
public final class CommandContext {
  public let session: Session
  public let out: OutputSink
  /// The format this command's report is rendered in (plain when captured).
  public let format: OutputFormat
  public let isCaptured: Bool

  init(session: Session, out: OutputSink, format: OutputFormat, isCaptured: Bool) {
    self.session = session
    self.out = out
    self.format = format
    self.isCaptured = isCaptured
  }

  public var settings: Settings { session.settings }
  public var thresholds: Thresholds { session.settings.thresholds }
  public var isInterrupted: Bool { Interrupts.isPending }

  /// A diagnostic for the operator: stderr, never mixed into data.
  public func warn(_ message: String) { session.diagnostic(message) }

  public func log(_ message: String) {
    if session.flags.verbose { session.diagnostic("debug: " + message) }
  }

  /// Sleeps; throws the interrupted status when Ctrl-C cut it short.
  public func sleep(seconds: Double) throws {
    out.flush()
    if !Interrupts.sleep(seconds: seconds) { throw CommandFailure(status: 130, "interrupted") }
  }
}
