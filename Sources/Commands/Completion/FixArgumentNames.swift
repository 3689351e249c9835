import Formats
import Pipeline

/// What TAB offers after `fix NAME`: the fix's placeholders not given yet, as
/// `KEY=`, then, once a key is typed, values for it: the stack's container and
/// service names (the pipeline sandbox's parts; the runbooks and the documented
/// config name the same), replica counts, topics, groups, reset targets.
enum FixArgumentNames {
  /// `words`: the line as the completion scripts pass it, the partial word
  /// last. bash splits `KEY=VALUE` at the `=` (COMP_WORDBREAKS): there the
  /// words end `KEY`, `=`, VALUE (empty right after the `=`), and only the
  /// values are offered.
  static func candidates(placeholders: [String], words: [String], names: (NameKind) -> [String]) -> [String] {
    let partial = words.last ?? ""
    if words.count >= 3, words[words.count - 2] == "=" {
      return values(for: words[words.count - 3], names: names)
    }
    if let eq = partial.firstIndex(of: "=") {
      let key = String(partial[..<eq])
      return values(for: key, names: names).map { key + "=" + $0 }
    }
    // Keys already given: `KEY=VALUE` words, or bash's `KEY` `=` `VALUE`;
    // and a bare value fills the next open placeholder, in order.
    let before = Array(words.dropLast())
    var given = Set(before.compactMap { w in w.firstIndex(of: "=").map { String(w[..<$0]) } })
    for (i, w) in before.enumerated() where w == "=" && i > 0 { given.insert(before[i - 1]) }
    let arguments = Array((NameKind.fixWords(in: words) ?? []).dropFirst())
    // A bare word, not a key or a value bash split off at its `=`.
    let bare = arguments.indices.filter { i in
      !arguments[i].contains("=") && arguments[safe: i + 1] != "=" && arguments[safe: i - 1] != "="
    }.count
    for key in placeholders.filter({ !given.contains($0) }).prefix(bare) { given.insert(key) }
    let open = placeholders.filter { !given.contains($0) && $0.hasPrefix(partial) }
    // One key left for what is typed: its values at once, so that the shells
    // (which add a space after a whole word) complete `KEY=VALUE` in one go.
    if open.count == 1, let key = open.first {
      let known = values(for: key, names: names)
      return known.isEmpty ? [key + "="] : known.map { key + "=" + $0 }
    }
    return open.map { $0 + "=" }
  }

  /// What each candidate is, for zsh's and fish's listings: a key's
  /// meaning, a container's or service's part of the stack, a target's place.
  static func descriptions(fix: String) -> [String: String] {
    var about: [String: String] = [
      "container=": "a container of the stack (docker name)",
      "service=": "a compose service of the stack",
      "replicas=": "how many replicas to run",
      "topic=": "a topic", "group=": "a consumer group", "to=": "where to move the group's offsets",
      "to=start": "the oldest retained offset", "to=end": "the log end: skip what is waiting",
    ]
    for p in ControlAction.stack {
      about["container=" + p.container] = "compose service \(p.service)"
      about["service=" + p.service] = "container \(p.container)"
    }
    for n in 1...6 { about["replicas=\(n)"] = n == 1 ? "one consumer" : "\(n) consumers of the group" }
    return about
  }

  static func values(for key: String, names: (NameKind) -> [String]) -> [String] {
    switch key {
    case "container": return ControlAction.stack.map(\.container)
    case "service": return ControlAction.stack.map(\.service)
    case "replicas": return (1...6).map(String.init)
    case "topic": return names(.topics)
    case "group": return names(.groups)
    case "to": return SeekTarget.keywords
    default: return []
    }
  }
}

extension Array {
  fileprivate subscript(safe i: Int) -> Element? { indices.contains(i) ? self[i] : nil }
}
