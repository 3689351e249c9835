import Foundation

/// Whether an alert is about a consumer group. An alert carries the group
/// as a label only when its expression keeps it (`kafka:group_lag_sum >
/// 500` does; `max by (consumergroup)(…) < 2` too; `up{job="crm-events"} ==
/// 0` does not): the rule's own selector and the runbook that answers it
/// tie the others, so `status` never says "none firing" beside an alert
/// about the very group it shows.
public enum AlertScope: Equatable, Sendable {
  /// How the alert is tied to the group asked about.
  case tied(by: String)
  /// It names another group.
  case otherGroup
  /// Nothing ties it to any group.
  case untied

  public static let groupLabels = ["consumergroup", "group"]

  /// - query: the alerting rule's expression, when the rules could be read.
  /// - runbookGroup: the group the alert's runbook triages in this session, when it takes one.
  public static func of(
    labels: [String: String], query: String?, runbookGroup: String?, group: String
  ) -> AlertScope {
    if let g = groupLabels.lazy.compactMap({ labels[$0] }).first { return g == group ? .tied(by: "label") : .otherGroup }
    if let query {
      let selectors = groupSelectors(in: query)
      if selectors.contains(where: { $0.matches(group) }) { return .tied(by: "rule") }
      if !selectors.isEmpty { return .otherGroup }
    }
    if let runbookGroup { return runbookGroup == group ? .tied(by: "runbook") : .otherGroup }
    return .untied
  }

  /// A label matcher on a group label, as written in PromQL.
  public struct Selector: Equatable, Sendable {
    public var op: String
    public var value: String

    public func matches(_ group: String) -> Bool {
      switch op {
      case "=": return value == group
      case "=~":
        // PromQL regexes are anchored at both ends.
        guard let re = try? NSRegularExpression(pattern: "^(?:\(value))$") else { return false }
        return re.firstMatch(in: group, range: NSRange(group.startIndex..., in: group)) != nil
      default: return false
      }
    }
  }

  /// The positive matchers on `consumergroup`/`group` in an expression
  /// (`!=` and `!~` say what it is not about, which ties nothing).
  public static func groupSelectors(in query: String) -> [Selector] {
    var out: [Selector] = []
    let chars = Array(query.unicodeScalars)
    var i = 0
    func isName(_ c: Unicode.Scalar) -> Bool { c.properties.isAlphabetic || c == "_" || ("0"..."9").contains(c) }
    while i < chars.count {
      // A label name starts after a non-name character.
      guard isName(chars[i]), i == 0 || !isName(chars[i - 1]) else {
        i += 1
        continue
      }
      var j = i
      while j < chars.count, isName(chars[j]) { j += 1 }
      let name = String(String.UnicodeScalarView(chars[i..<j]))
      i = j
      guard groupLabels.contains(name) else { continue }
      while j < chars.count, chars[j] == " " { j += 1 }
      var op = ""
      for candidate in ["=~", "!~", "!=", "="] where j + candidate.unicodeScalars.count <= chars.count {
        if String(String.UnicodeScalarView(chars[j..<(j + candidate.unicodeScalars.count)])) == candidate {
          op = candidate
          break
        }
      }
      guard !op.isEmpty else { continue }
      j += op.unicodeScalars.count
      while j < chars.count, chars[j] == " " { j += 1 }
      guard j < chars.count, chars[j] == "\"" || chars[j] == "'" || chars[j] == "`" else { continue }
      let quote = chars[j]
      j += 1
      var value = ""
      while j < chars.count, chars[j] != quote {
        if chars[j] == "\\", j + 1 < chars.count, quote != "`" {
          j += 1
          switch chars[j] {
          case "n": value += "\n"
          case "t": value += "\t"
          default: value.unicodeScalars.append(chars[j])
          }
        } else {
          value.unicodeScalars.append(chars[j])
        }
        j += 1
      }
      i = j + 1
      if op == "=" || op == "=~" { out.append(Selector(op: op, value: value)) }
    }
    return out
  }
}
