import Vocabulary

/// Where `tail` starts reading each partition.
public enum TailStart: Equatable, Sendable {
  case beginning
  case end
  case offset(Int64)
  /// The last N messages of each partition (N ≥ 1).
  case lastN(Int64)
  /// Epoch milliseconds; the caller resolves it by Kafka's rule (`TimeLookup`).
  case timestamp(Int64)

  /// The words `--from` takes beside numbers and times (for completion).
  /// `start`, `group seek`'s word for the same point, is taken too (rpk's
  /// spelling); the documented word is kcat's `beginning`.
  public static let keywords = ["beginning", "end"]

  static let forms =
    "beginning, end, an offset such as 42, -N for the last N messages per partition, "
    + "or @TIME (RFC 3339 such as @2025-11-02T00:00:00Z, epoch ms such as @1730505600000, or relative such as @-15m)"

  public static func parse(_ text: String, nowMillis: Int64) throws(SpecError) -> TailStart {
    let s = text.trimmedBlanks
    switch s.lowercased() {
    case "beginning", "start": return .beginning
    case "end": return .end
    default: break
    }
    if s.hasPrefix("@") {
      return .timestamp(try parseTime(String(s.dropFirst()), nowMillis: nowMillis))
    }
    if s.hasPrefix("-"), isASCIIDigits(s.dropFirst()) {
      guard let n = Int64(s.dropFirst()) else {
        throw SpecError(message: "start '\(text)' asks for more messages than exist")
      }
      guard n >= 1 else {
        throw SpecError(message: "start '\(text)' asks for the last 0 messages; use -1 or more, or 'end'")
      }
      return .lastN(n)
    }
    if isASCIIDigits(s) {
      guard let offset = Int64(s) else {
        throw SpecError(message: "start offset '\(text)' is out of range")
      }
      return .offset(offset)
    }
    throw SpecError(message: "bad start '\(text)' (expected \(forms))")
  }
}

/// Where `seek` moves a consumer group.
public enum SeekTarget: Equatable, Sendable {
  case start
  case end
  case offset(Int64)
  /// Epoch milliseconds.
  case timestamp(Int64)

  /// The words `--to` takes beside numbers and times (for completion).
  /// `beginning`, `tail --from`'s word for the same point, is taken too; the
  /// documented word is rpk's `start`.
  public static let keywords = ["start", "end"]

  static let forms =
    "start, end, an offset such as 42, @TIME (RFC 3339 such as @2025-11-02T00:00:00Z, "
    + "epoch ms such as @1730505600000, or relative such as @-15m), or -DURATION such as -15m"

  public static func parse(_ text: String, nowMillis: Int64) throws(SpecError) -> SeekTarget {
    let s = text.trimmedBlanks
    switch s.lowercased() {
    case "start", "beginning": return .start
    case "end": return .end
    default: break
    }
    if s.hasPrefix("@") {
      return .timestamp(try parseTime(String(s.dropFirst()), nowMillis: nowMillis))
    }
    if s.hasPrefix("-"), s.count > 1 {
      // `tail --from -3` is the last three messages; a bare `--to -3` would
      // read as three seconds ago. The unit is required, so neither is guessed.
      if isASCIIDigits(s.dropFirst()) {
        throw SpecError(
          message: "'\(text)' needs a unit: -\(s.dropFirst())s (or m, h, d) for that long ago; "
            + "group seek has no 'last N messages' form")
      }
      return .timestamp(try relativeTime(String(s.dropFirst()), original: text, nowMillis: nowMillis))
    }
    if isASCIIDigits(s) {
      guard let offset = Int64(s) else {
        throw SpecError(message: "seek offset '\(text)' is out of range")
      }
      return .offset(offset)
    }
    throw SpecError(message: "bad seek target '\(text)' (expected \(forms))")
  }
}

/// The offset to start from, kept inside the partition's current log so a
/// stale or mistyped offset never asks the broker for data that is gone.
/// Nil for `.timestamp`, which needs a search over the log.
public func resolveStart(_ spec: TailStart, logStart: Int64, logEnd: Int64) -> Int64? {
  let end = max(logStart, logEnd)
  switch spec {
  case .beginning: return logStart
  case .end: return end
  case .offset(let o): return min(max(o, logStart), end)
  case .lastN(let n):
    let (back, overflow) = end.subtractingReportingOverflow(max(n, 0))
    return overflow ? logStart : max(back, logStart)
  case .timestamp: return nil
  }
}

/// As `resolveStart`, for seek targets.
public func resolveSeek(_ target: SeekTarget, logStart: Int64, logEnd: Int64) -> Int64? {
  let end = max(logStart, logEnd)
  switch target {
  case .start: return logStart
  case .end: return end
  case .offset(let o): return min(max(o, logStart), end)
  case .timestamp: return nil
  }
}

/// Why an offset asked for is not where a read or a seek will start, in the
/// words `tail` and `group seek` both use; nil when it is inside the log.
public func clampNote(offset: Int64, resolved: Int64, logStart: Int64, logEnd: Int64, partition: String) -> String? {
  guard offset != resolved else { return nil }
  let why = offset > logEnd ? "past the end" : "before the start (older messages are deleted)"
  return "offset \(offset) is \(why) of \(partition) (log \(logStart)…\(logEnd))"
}

/// Where a written position starts on one partition: an offset against the
/// watermarks (a written offset outside them clamped, with the note saying
/// so), or a time still to be looked up in the log (none needed when the log
/// is empty). The one rule `tail`, its group member and `group seek` follow.
public enum PlannedStart: Equatable, Sendable {
  case offset(Int64)
  /// The first offset at or after these epoch milliseconds, by Kafka's rule.
  case time(Int64)

  public init(_ position: some StartPosition, _ tp: TopicPartition, _ m: Watermarks, clampNote: inout String?) {
    if let ms = position.timestampMs {
      self = m.low >= m.high ? .offset(m.high) : .time(ms)
      return
    }
    let to = position.resolve(logStart: m.low, logEnd: m.high) ?? m.high
    if let o = position.writtenOffset {
      clampNote = Formats.clampNote(offset: o, resolved: to, logStart: m.low, logEnd: m.high, partition: tp.description)
    }
    self = .offset(to)
  }
}

/// Where reading starts, as `tail --from` and `group seek --to` write it:
/// what `OffsetLookup.start` needs of either, so both resolve one way.
public protocol StartPosition {
  /// `@TIME`: looked up in the log, not in the watermarks.
  var timestampMs: Int64? { get }
  /// An offset the operator wrote, to be clamped (and said so) when outside the log.
  var writtenOffset: Int64? { get }
  /// The offset against the watermarks; nil when it takes a lookup by time.
  func resolve(logStart: Int64, logEnd: Int64) -> Int64?
}

extension TailStart: StartPosition {
  public var timestampMs: Int64? { if case .timestamp(let ms) = self { ms } else { nil } }
  public var writtenOffset: Int64? { if case .offset(let o) = self { o } else { nil } }
  public func resolve(logStart: Int64, logEnd: Int64) -> Int64? { resolveStart(self, logStart: logStart, logEnd: logEnd) }
}

extension SeekTarget: StartPosition {
  public var timestampMs: Int64? { if case .timestamp(let ms) = self { ms } else { nil } }
  public var writtenOffset: Int64? { if case .offset(let o) = self { o } else { nil } }
  public func resolve(logStart: Int64, logEnd: Int64) -> Int64? { resolveSeek(self, logStart: logStart, logEnd: logEnd) }
}
