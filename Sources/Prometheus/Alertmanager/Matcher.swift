import Formats
import Foundation
import Vocabulary

/// One label matcher, as Alertmanager's API and amtool write it:
/// `name=value`, `name!=value`, `name=~regex`, `name!~regex`; a bare word is
/// `alertname=WORD`. A regex matches the whole value, as Alertmanager anchors it.
public struct Matcher: Equatable, Sendable, CustomStringConvertible {
  public var name: String
  public var value: String
  public var isRegex: Bool
  public var isEqual: Bool

  public init(name: String, value: String, isRegex: Bool = false, isEqual: Bool = true) {
    self.name = name
    self.value = value
    self.isRegex = isRegex
    self.isEqual = isEqual
  }

  /// A matcher that could not be read, with the 1-based column of the problem.
  public struct ParseError: Error, Equatable, Sendable, CustomStringConvertible {
    public var column: Int
    public var message: String
    public var description: String { "column \(column): \(message)" }
  }

  public var op: String {
    switch (isEqual, isRegex) {
    case (true, false): "="
    case (false, false): "!="
    case (true, true): "=~"
    case (false, true): "!~"
    }
  }

  /// As amtool prints it: `alertname="CrmEventsConsumerLagHigh"`.
  public var description: String {
    let escaped = value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
    return "\(name)\(op)\"\(escaped)\""
  }

  public static func parse(_ text: String) throws(ParseError) -> Matcher {
    let chars = Array(text)
    var i = 0
    while i < chars.count, isNameCharacter(chars[i], first: i == 0) { i += 1 }
    let name = String(chars[..<i])
    if i == chars.count {
      guard !name.isEmpty else { throw ParseError(column: 1, message: "empty matcher") }
      return Matcher(name: "alertname", value: name)
    }
    guard !name.isEmpty else {
      throw ParseError(column: 1, message: "expected a label name, NAME=VALUE, NAME!=VALUE, NAME=~REGEX or NAME!~REGEX")
    }
    let rest = String(chars[i...])
    let operators: [(String, Bool, Bool)] = [("=~", true, true), ("!~", true, false), ("!=", false, false), ("=", false, true)]
    guard let (op, isRegex, isEqual) = operators.first(where: { rest.hasPrefix($0.0) }) else {
      throw ParseError(
        column: i + 1, message: "'\(chars[i])' cannot be in a label name; expected =, !=, =~ or !~ after '\(name)'")
    }
    let valueStart = i + op.count
    let value = try unquoted(Array(chars[valueStart...]), column: valueStart + 1)
    if isRegex {
      do { _ = try NSRegularExpression(pattern: "^(?:" + value + ")$") } catch {
        throw ParseError(column: valueStart + 1, message: "'\(value)' is not a regular expression")
      }
    }
    return Matcher(name: name, value: value, isRegex: isRegex, isEqual: isEqual)
  }

  /// `"a \"b\""` without its quotes and escapes; a bare value as written.
  private static func unquoted(_ v: [Character], column: Int) throws(ParseError) -> String {
    guard v.first == "\"" else { return String(v) }
    var out = ""
    var i = 1
    while i < v.count {
      switch v[i] {
      case "\\" where i + 1 < v.count:
        out.append(v[i + 1])
        i += 2
      case "\"":
        guard i == v.count - 1 else {
          throw ParseError(column: column + i + 1, message: "text after the closing quote")
        }
        return out
      default:
        out.append(v[i])
        i += 1
      }
    }
    throw ParseError(column: column, message: "unterminated quote")
  }

  private static func isNameCharacter(_ c: Character, first: Bool) -> Bool {
    guard c.isASCII else { return false }
    if c == "_" || c.isLetter { return true }
    return !first && c.isNumber
  }

  /// Whether an alert with these labels is matched; a missing label is "".
  public func matches(_ labels: [String: String]) -> Bool {
    let v = labels[name] ?? ""
    let hit: Bool
    if isRegex {
      let re = try? NSRegularExpression(pattern: "^(?:" + value + ")$")
      hit = re?.firstMatch(in: v, range: NSRange(v.startIndex..., in: v)) != nil
    } else {
      hit = v == value
    }
    return hit == isEqual
  }

  /// Matches whatever the value: `=~".*"`, `!=` a value no label has, `!~`
  /// something nothing can be. Tried on values no real label set shares;
  /// every alert has a non-empty `alertname`, so `alertname=~".+"` matches
  /// anything too.
  public var matchesAnything: Bool {
    var probes = ["", "x", "CrmEventsConsumerLagHigh", "a b", "0", "\u{1}unlikely\u{1}", "Z9_-:."]
    if name == "alertname" { probes.removeFirst() }
    return probes.allSatisfy { matches([name: $0]) }
  }

  /// A silence with these matchers would mute every alert there can be.
  public static func mutesEverything(_ matchers: [Matcher]) -> Bool {
    matchers.allSatisfy(\.matchesAnything)
  }

  /// Alertmanager's own rule: a silence needs a matcher that does not match
  /// the empty string (else it refuses it), so a dry run never promises one
  /// it would then refuse.
  public static func allMatchEmpty(_ matchers: [Matcher]) -> Bool {
    matchers.allSatisfy { $0.matches([:]) }
  }

  /// As Alertmanager's API writes a matcher (keys in sorted order, as before).
  public var json: JSON {
    .object([("isEqual", .bool(isEqual)), ("isRegex", .bool(isRegex)), ("name", .string(name)), ("value", .string(value))])
  }

  static func decode(_ value: JSON?, at path: String) throws(PromDecodeError) -> Matcher {
    let o = try JSONShape.object(value, at: path)
    let isRegex = JSONShape.isAbsent(o["isRegex"]) ? false : try JSONShape.bool(o["isRegex"], at: path + ".isRegex")
    let isEqual = JSONShape.isAbsent(o["isEqual"]) ? true : try JSONShape.bool(o["isEqual"], at: path + ".isEqual")
    return Matcher(
      name: try JSONShape.string(o["name"], at: path + ".name"), value: try JSONShape.string(o["value"], at: path + ".value"),
      isRegex: isRegex, isEqual: isEqual)
  }
}

extension Matcher.ParseError: StatusError {
  public var exitStatus: Int32 { ExitStatus.usage }
}
