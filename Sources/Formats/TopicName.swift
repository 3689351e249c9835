/// Kafka's rule for a topic name, checked before any request so that a
/// typo is a usage error naming the character, not a broker's error code.
public enum TopicName {
  public static let maximumLength = 249

  /// Why `name` cannot be a topic's name; nil when it can.
  public static func problem(_ name: String) -> String? {
    if name.isEmpty { return "a topic name cannot be empty" }
    if name == "." || name == ".." { return "a topic cannot be named '\(name)'" }
    if name.utf8.count > maximumLength { return "a topic name has at most \(maximumLength) characters (this has \(name.utf8.count))" }
    if let bad = name.unicodeScalars.first(where: { !allowed($0) }) {
      return "'\(bad.escaped(asASCII: true))' cannot be in a topic name (letters, digits, '.', '_' and '-' only)"
    }
    return nil
  }

  private static func allowed(_ s: Unicode.Scalar) -> Bool {
    switch s {
    case "a"..."z", "A"..."Z", "0"..."9", ".", "_", "-": return true
    default: return false
    }
  }
}

/// `KEY=VALUE` arguments (`--config`, `topic config`), read once: the key
/// must be a word, given once.
public enum ConfigAssignments {
  public static func parse(_ words: [String], what: String) throws(SpecError) -> [(key: String, value: String)] {
    var out: [(key: String, value: String)] = []
    for w in words {
      guard let eq = w.firstIndex(of: "="), eq != w.startIndex else {
        throw SpecError(message: "\(what) '\(w)' is not KEY=VALUE")
      }
      let key = String(w[..<eq])
      guard key.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "." || $0 == "_" || $0 == "-" }) else {
        throw SpecError(message: "\(what) '\(w)': '\(key)' is not a config key")
      }
      if out.contains(where: { $0.key == key }) { throw SpecError(message: "\(what): '\(key)' is given twice") }
      out.append((key, String(w[w.index(after: eq)...])))
    }
    return out
  }
}
