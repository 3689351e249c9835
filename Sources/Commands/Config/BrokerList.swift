import Foundation

/// A bootstrap list as librdkafka takes it: `HOST[:PORT]` items separated by
/// commas, an optional `SCHEME://` each, IPv6 hosts in brackets. Checked before
/// any connection, so `-b ''` or a pasted URL is a usage error at once rather
/// than a ten-second wait for a broker that cannot exist.
enum BrokerList {
  /// nil when `text` is a usable list; otherwise why not.
  static func problem(_ text: String) -> String? {
    let items = text.split(separator: ",", omittingEmptySubsequences: false).map {
      $0.trimmingCharacters(in: .whitespaces)
    }
    guard items.contains(where: { !$0.isEmpty }) else { return "no broker given" }
    for item in items {
      guard !item.isEmpty else { return "empty entry in '\(text)'" }
      if let p = itemProblem(item) { return "'\(item)': \(p)" }
    }
    return nil
  }

  private static func itemProblem(_ item: String) -> String? {
    var rest = Substring(item)
    if let scheme = rest.range(of: "://") {
      let name = rest[..<scheme.lowerBound]
      guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else {
        return "bad scheme"
      }
      rest = rest[scheme.upperBound...]
    }
    var host: Substring
    var port: Substring?
    if rest.hasPrefix("[") {
      guard let close = rest.firstIndex(of: "]") else { return "unclosed '[' in an IPv6 address" }
      host = rest[rest.index(after: rest.startIndex)..<close]
      let after = rest[rest.index(after: close)...]
      if !after.isEmpty {
        guard after.hasPrefix(":") else { return "expected ':PORT' after ']'" }
        port = after.dropFirst()
      }
      guard !host.isEmpty, host.allSatisfy({ $0.isHexDigit || $0 == ":" || $0 == "." }) else {
        return "bad IPv6 address"
      }
    } else {
      if let colon = rest.lastIndex(of: ":") {
        host = rest[..<colon]
        port = rest[rest.index(after: colon)...]
      } else {
        host = rest
      }
      guard !host.isEmpty else { return "no host" }
      guard host.allSatisfy({ ($0.isASCII && ($0.isLetter || $0.isNumber)) || $0 == "." || $0 == "-" || $0 == "_" })
      else { return "not a host name (expected HOST:PORT)" }
    }
    if let port {
      guard let n = Int(port), n >= 1, n <= 65535 else { return "port must be 1–65535" }
    }
    return nil
  }
}
