import Foundation

/// `tail --grep/--where`: decides per message whether it is shown. All
/// conditions must hold. The value is parsed as JSON only when a where-clause
/// needs it, and at most once per message.
public struct MessageFilter: Sendable {
  let grep: NSRegularExpression?
  let conditions: [WhereCondition]

  /// `grep` is a regular expression (ICU syntax) searched for in the value
  /// text; each `where` item is `FIELD=VALUE` or `FIELD!=VALUE`.
  public init(grep: String? = nil, where clauses: [String] = []) throws(SpecError) {
    if let grep {
      do {
        self.grep = try NSRegularExpression(pattern: grep)
      } catch {
        throw SpecError(message: "invalid regular expression '\(grep)' for grep")
      }
    } else {
      self.grep = nil
    }
    var conditions: [WhereCondition] = []
    for clause in clauses {
      conditions.append(try WhereCondition(parsing: clause))
    }
    self.conditions = conditions
  }

  /// True when nothing is filtered, so callers can skip `matches` entirely.
  public var isEmpty: Bool { grep == nil && conditions.isEmpty }

  public func matches(_ m: ConsumedMessage) -> Bool {
    if let grep {
      let text = String(decoding: m.value ?? [], as: UTF8.self)
      let range = NSRange(location: 0, length: text.utf16.count)
      guard grep.firstMatch(in: text, options: [], range: range) != nil else { return false }
    }
    guard !conditions.isEmpty else { return true }
    let json: Any? = m.value.flatMap {
      try? JSONSerialization.jsonObject(with: Data($0), options: [.fragmentsAllowed])
    }
    return conditions.allSatisfy { $0.holds(in: json) }
  }
}
