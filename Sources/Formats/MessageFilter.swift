import Foundation
import Vocabulary

/// `tail --grep/--where`: decides per message whether it is shown. All
/// conditions must hold. The value is parsed as JSON only when a where-clause
/// needs it, and at most once per message.
public struct MessageFilter: Sendable {
  let grep: NSRegularExpression?
  let conditions: [WhereCondition]
  /// The same pattern in Swift's engine, for values too long for ICU's.
  let longValues: LongValueMatcher?

  /// `grep` is a regular expression (ICU syntax) searched for in the value
  /// text; each `where` item is `FIELD=VALUE` or `FIELD!=VALUE`.
  public init(grep: String? = nil, where clauses: [String] = []) throws(SpecError) {
    var conditions: [WhereCondition] = []
    for clause in clauses {
      conditions.append(try WhereCondition(parsing: clause))
    }
    self.init(grep: try grep.map { p throws(SpecError) in try GrepPattern(p) }, conditions: conditions)
  }

  /// From values already read (`tail`'s options parse each once).
  public init(grep: GrepPattern?, conditions: [WhereCondition]) {
    self.grep = grep?.regex
    longValues = grep?.longValues
    self.conditions = conditions
  }

  /// True when nothing is filtered, so callers can skip `matches` entirely.
  public var isEmpty: Bool { grep == nil && conditions.isEmpty }

  /// Whether a message is shown. `.unknown` when --grep could not be
  /// evaluated on it (ICU's regex engine gives up on very long values): a
  /// caller reports that, never treats it as a quiet "no match".
  public enum Verdict: Equatable, Sendable {
    case match, noMatch
    case unknown(String)
  }

  public func matches(_ m: ConsumedMessage) -> Bool { verdict(m) == .match }

  public func verdict(_ m: ConsumedMessage) -> Verdict { m.withView { verdict($0) } }

  /// Up to this many UTF-16 units ICU's answer is taken as is (950,000 bytes
  /// of `x+` still worked; 1,000,000 did not).
  static let icuTrustedLength = 200_000

  public func verdict(_ m: MessageView) -> Verdict {
    guard !isEmpty else { return .match }
    if let grep {
      let text = m.value.map { String(decoding: $0, as: UTF8.self) } ?? ""
      let range = NSRange(location: 0, length: text.utf16.count)
      var found = false
      var failed = false
      grep.enumerateMatches(in: text, options: [.reportCompletion], range: range) { result, flags, stop in
        if result != nil {
          found = true
          stop.pointee = true
        }
        if flags.contains(.internalError) { failed = true }
      }
      // ICU gives up on long subjects (its backtracking stack) and says "no
      // match" without a word: a long value ICU did not match is asked again
      // of Swift's engine, which has no such limit.
      if !found && (failed || range.length > Self.icuTrustedLength) {
        switch longValues?.matches(text) {
        case true?: found = true
        case false?: break
        case nil:
          return .unknown(
            "the pattern could not be checked on a \(m.value?.count ?? 0)-byte value within "
              + "\(Int(LongValueMatcher.budgetSeconds))s (ICU's engine gives up on values this long)")
        }
      }
      guard found else { return .noMatch }
    }
    guard !conditions.isEmpty else { return .match }
    let json: Any? = m.value.flatMap {
      try? JSONSerialization.jsonObject(with: Data(buffer: $0), options: [.fragmentsAllowed])
    }
    return conditions.allSatisfy { $0.holds(in: json) } ? .match : .noMatch
  }
}

/// Swift's regex engine for the values ICU gives up on. It has no step limit
/// and cannot be cancelled, so each match runs on a thread of its own with a
/// time budget: past it the answer is "unknown" (reported), never a hang.
final class LongValueMatcher: @unchecked Sendable {  // the Regex is immutable; `exhausted` is under `lock`
  static let budgetSeconds = 2.0
  private let regex: Regex<AnyRegexOutput>
  private let lock = NSLock()
  /// A match ran out of time: its thread may still be busy, so no more are started.
  private var exhausted = false

  init?(pattern: String) {
    guard let r = try? Regex(pattern) else { return nil }
    regex = r
  }

  /// nil when the budget ran out.
  func matches(_ text: String) -> Bool? {
    lock.lock()
    let gaveUp = exhausted
    lock.unlock()
    if gaveUp { return nil }
    let done = DispatchSemaphore(value: 0)
    let result = ResultBox()
    let thread = Thread { [self] in
      let found = (try? self.regex.firstMatch(in: text)) != nil
      result.set(found)
      done.signal()
    }
    thread.stackSize = 8 << 20
    thread.start()
    guard done.wait(timeout: .now() + Self.budgetSeconds) == .success else {
      lock.lock()
      exhausted = true
      lock.unlock()
      return nil
    }
    return result.value
  }

  private final class ResultBox: @unchecked Sendable {  // written once before the semaphore, read after
    private(set) var value: Bool?
    func set(_ v: Bool) { value = v }
  }
}

/// `--grep`'s regular expression, compiled once for both engines.
public struct GrepPattern: Sendable {
  let regex: NSRegularExpression
  let longValues: LongValueMatcher?

  public init(_ pattern: String) throws(SpecError) {
    do {
      regex = try NSRegularExpression(pattern: pattern)
    } catch {
      throw SpecError(message: "invalid regular expression '\(pattern)' for grep")
    }
    longValues = LongValueMatcher(pattern: pattern)
  }
}
