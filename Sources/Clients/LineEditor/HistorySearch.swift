/// Readline's incremental reverse search over the history, free of the
/// terminal: each key narrows or moves the match, newest first.
public struct HistorySearch: Equatable {
  /// Entries, oldest first, as they were added.
  let entries: [String]
  public private(set) var pattern = ""
  /// The entry shown, counted from the oldest; nil when nothing matches.
  public private(set) var index: Int?
  /// The last key found nothing (readline's "failed" search): the match stays.
  public private(set) var failed = false

  public init(entries: [String]) { self.entries = entries }

  public var match: String? { index.map { entries[$0] } }

  /// Where the pattern starts in the match, in characters.
  public var matchOffset: Int? {
    guard let m = match, !pattern.isEmpty, let r = m.range(of: pattern) else { return nil }
    return m.distance(from: m.startIndex, to: r.lowerBound)
  }

  /// The prompt readline shows while searching.
  public var prompt: String { "(\(failed ? "failed " : "")reverse-i-search)`\(pattern)': " }

  /// A typed character: the newest match of the longer pattern, from the
  /// one shown back.
  public mutating func type(_ c: Character) {
    pattern.append(c)
    find(from: index ?? entries.count - 1)
  }

  /// Backspace: the shorter pattern, searched again from the newest entry.
  public mutating func erase() {
    guard !pattern.isEmpty else { return }
    pattern.removeLast()
    index = nil
    failed = false
    if !pattern.isEmpty { find(from: entries.count - 1) }
  }

  /// Ctrl-R again: the next older match.
  public mutating func older() {
    guard let i = index else {
      if !pattern.isEmpty { find(from: entries.count - 1) }
      return
    }
    find(from: i - 1)
  }

  private mutating func find(from start: Int) {
    var i = min(start, entries.count - 1)
    while i >= 0 {
      if pattern.isEmpty || entries[i].contains(pattern) {
        index = i
        failed = false
        return
      }
      i -= 1
    }
    failed = true
  }
}
