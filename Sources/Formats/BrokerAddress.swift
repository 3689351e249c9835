import Foundation
import Vocabulary

/// A bootstrap list as librdkafka takes it: `HOST[:PORT]` items separated by
/// commas, an optional `SCHEME://` each, IPv6 hosts in brackets. One reading
/// for the check made before any connection (`-b ''` or a pasted URL is a
/// usage error at once) and for the refusal probe.
public enum BrokerAddress {
  public struct Problem: Error, CustomStringConvertible {
    public var description: String
  }

  /// Host and port (9092 when none is written) of one entry.
  public static func parse(_ item: String) -> Result<(host: String, port: Int), Problem> {
    func fail(_ why: String) -> Result<(host: String, port: Int), Problem> { .failure(Problem(description: why)) }
    var rest = Substring(item)
    if let scheme = rest.range(of: "://") {
      let name = rest[..<scheme.lowerBound]
      guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else { return fail("bad scheme") }
      rest = rest[scheme.upperBound...]
    }
    let host: Substring
    var port: Substring?
    if rest.hasPrefix("[") {
      guard let close = rest.firstIndex(of: "]") else { return fail("unclosed '[' in an IPv6 address") }
      host = rest[rest.index(after: rest.startIndex)..<close]
      let after = rest[rest.index(after: close)...]
      if !after.isEmpty {
        guard after.hasPrefix(":") else { return fail("expected ':PORT' after ']'") }
        port = after.dropFirst()
      }
      guard !host.isEmpty, host.allSatisfy({ $0.isHexDigit || $0 == ":" || $0 == "." }) else {
        return fail("bad IPv6 address")
      }
    } else {
      if let colon = rest.lastIndex(of: ":") {
        host = rest[..<colon]
        port = rest[rest.index(after: colon)...]
      } else {
        host = rest
      }
      guard !host.isEmpty else { return fail("no host") }
      guard host.allSatisfy({ ($0.isASCII && ($0.isLetter || $0.isNumber)) || $0 == "." || $0 == "-" || $0 == "_" })
      else { return fail("not a host name (expected HOST:PORT)") }
    }
    guard let port else { return .success((String(host), 9092)) }
    guard let n = Int(port), n >= 1, n <= 65535 else { return fail("port must be 1–65535") }
    return .success((String(host), n))
  }

  /// The entries of a list, trimmed.
  public static func entries(_ list: String) -> [String] {
    list.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingBlanks() }
  }

  /// nil when `list` is usable; otherwise why not, naming the entry.
  public static func problem(in list: String) -> String? {
    let items = entries(list)
    guard items.contains(where: { !$0.isEmpty }) else { return "no broker given" }
    for item in items {
      guard !item.isEmpty else { return "empty entry in '\(list)'" }
      if case .failure(let p) = parse(item) { return "'\(item)': \(p)" }
    }
    return nil
  }
}
