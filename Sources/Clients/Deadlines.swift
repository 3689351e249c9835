import Dispatch

/// Every bound a network call has, derived once per session from the
/// `timeout` setting and handed to each client, so a command, its client and
/// the client cache agree on the same numbers (and a changed timeout makes a
/// new client rather than one configured for the old value).
public struct Deadlines: Sendable, Hashable, CustomStringConvertible {
  /// The setting: one request, end to end.
  public let seconds: Double

  public init(seconds: Double) { self.seconds = seconds }

  /// Every bound in milliseconds fits the 32-bit int librdkafka takes,
  /// whatever the setting (which is checked where it is parsed as well).
  static func ms(_ value: Double) -> Int {
    guard value.isFinite else { return value > 0 ? Int(Int32.max) : 1 }
    return Int(max(1, min(Double(Int32.max), value.rounded())))
  }

  public var requestMs: Int { Self.ms(seconds * 1000) }
  /// librdkafka's `socket.timeout.ms`, which refuses less than 10 and more than 300,000.
  public var socketMs: Int { min(max(requestMs, 10), 300_000) }
  /// An admin call's reply: the broker's own bound plus a margin to hear it.
  public var adminReplyMs: Int { Self.ms(Double(requestMs) + Double(Self.replyMarginMs)) }
  public static let replyMarginMs = 1000
  /// How long a produced message may wait for delivery, retries included.
  public var messageMs: Int { Self.ms(max(Double(requestMs) * 3, 5000)) }
  /// Waiting for deliveries still in flight when a produce ends: three
  /// timeouts and a margin (what `produce --help` promises); after Ctrl-C at
  /// most five seconds.
  public func flushMs(interrupted: Bool) -> Int { interrupted ? min(requestMs, 5000) : Self.ms(Double(requestMs) * 3 + 1000) }
  /// The refusal probe only asks whether anything listens: at most a second.
  public var probeMs: Int { min(requestMs, 1000) }
  /// A follow or search with nothing arriving: no shorter than a second, so
  /// a quiet topic is not taken for a dead broker.
  public var idleMs: Int { max(requestMs, 1000) }
  /// Work nobody waits for (the shell's name refresh): at most three seconds.
  public var background: Deadlines { Deadlines(seconds: min(seconds, 3)) }
  /// A shell's TAB callback must answer in a blink, whatever the setting.
  public static let completion = Deadlines(seconds: 0.5)

  public var description: String {
    requestMs >= 1000 && requestMs % 1000 == 0 ? "\(requestMs / 1000)s" : "\(requestMs)ms"
  }
}

/// One command's bound on waiting for the network: each request it makes
/// gets what is left of one `--timeout`, never a full timeout of its own on
/// top of the last (two requests to a frozen broker must not take twice the
/// setting). The session starts it for each command, and a command that
/// samples or watches starts it again for each look, so the time it sleeps
/// on purpose is not counted.
public final class RunDeadline: Sendable {
  private let until = Locked<UInt64?>(nil)

  public init() {}

  /// From now, one `deadlines` timeout.
  public func start(_ deadlines: Deadlines) {
    let end = DispatchTime.now().uptimeNanoseconds + UInt64(deadlines.requestMs) * 1_000_000
    until.update { $0 = end }
  }

  /// What is in force, for a nested command to put back when it ends.
  public var saved: UInt64? { until.value }
  public func restore(_ value: UInt64?) { until.update { $0 = value } }

  /// The timeout for the next request: `ms`, or what is left when that is
  /// less (at least 1 ms, so the request fails as timed out at once).
  public func cap(_ ms: Int) -> Int {
    guard let end = until.value else { return ms }
    let now = DispatchTime.now().uptimeNanoseconds
    let left = end > now ? Int((end - now) / 1_000_000) : 0
    return max(1, min(ms, left))
  }
}
