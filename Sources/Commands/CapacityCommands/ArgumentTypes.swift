import ArgumentParser
import Capacity
import Config
import Formats
import Foundation
import Host
import Output
import Prometheus
import ScriptLanguage
import Vocabulary

/// Flag values shared by several commands, parsed with the same messages the
/// shell language uses.
enum ArgumentParsing {
  @Sendable static func duration(_ text: String) throws -> Double {
    do { return try Durations.parse(text) } catch { throw ValidationError(error.message) }
  }

  /// How often something repeats: no shorter than `Durations.minimumInterval`.
  @Sendable static func interval(_ text: String) throws -> Double {
    do { return try Durations.parseInterval(text, what: "the interval") } catch { throw ValidationError(error.message) }
  }

  /// A network timeout: what librdkafka and libcurl can take.
  @Sendable static func timeout(_ text: String) throws -> Double {
    do { return try Durations.parseTimeout(text, what: "the timeout") } catch { throw ValidationError(error.message) }
  }

  /// `tail --from`: a point in the log, a time resolved against now (the
  /// line is parsed when it runs, so "now" is the run's).
  @Sendable static func tailStart(_ text: String) throws -> TailStart {
    do { return try TailStart.parse(text, nowMillis: nowMillis()) } catch { throw ValidationError(error.message) }
  }

  /// `group seek --to`.
  @Sendable static func seekTarget(_ text: String) throws -> SeekTarget {
    do { return try SeekTarget.parse(text, nowMillis: nowMillis()) } catch { throw ValidationError(error.message) }
  }

  @Sendable static func messageFormat(_ text: String) throws -> MessageFormat {
    do { return try MessageFormat(text) } catch { throw ValidationError(error.message) }
  }

  @Sendable static func grep(_ text: String) throws -> GrepPattern {
    do { return try GrepPattern(text) } catch { throw ValidationError(error.message) }
  }

  @Sendable static func whereClause(_ text: String) throws -> WhereCondition {
    do { return try WhereCondition(parsing: text) } catch { throw ValidationError(error.message) }
  }

  @Sendable static func countBy(_ text: String) throws -> KeyCounts.By {
    do { return try KeyCounts.By(text) } catch { throw ValidationError(error.message) }
  }

  /// An Alertmanager label matcher, or a bare alert name.
  @Sendable static func matcher(_ text: String) throws -> Matcher {
    do { return try Matcher.parse(text) } catch { throw ValidationError("\(error)") }
  }

  @Sendable static func rate(_ text: String) throws -> Double {
    guard isPlainNumber(text), let v = Double(text), v.isFinite else {
      throw ValidationError("'\(text)' is not a number (events per second)")
    }
    guard v >= 0 else { throw ValidationError("a rate must not be negative, got \(text)") }
    return v
  }

  @Sendable static func count(_ text: String) throws -> Int64 {
    guard let v = Int64(text) else { throw ValidationError("'\(text)' is not a whole number") }
    guard v >= 0 else { throw ValidationError("must not be negative, got \(text)") }
    return v
  }

  /// `0,0,339`: one lag per partition, partitions numbered from 0.
  @Sendable static func lags(_ text: String) throws -> [Int64] {
    let pieces = text.split(separator: ",", omittingEmptySubsequences: false)
    var out: [Int64] = []
    for (i, p) in pieces.enumerated() {
      let t = p.trimmingBlanks()
      guard let v = Int64(t) else {
        throw ValidationError("lag #\(i + 1) '\(t)' is not a whole number (expected e.g. 0,0,339)")
      }
      guard v >= 0 else { throw ValidationError("lag #\(i + 1) must not be negative, got \(v)") }
      out.append(v)
    }
    return out
  }
}
