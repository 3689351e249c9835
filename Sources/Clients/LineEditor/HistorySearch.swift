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

  /// The pattern of the search before this one, for Ctrl-R on an empty
  /// pattern (readline's "search again").
  let previous: String
  /// Each step taken (a key typed, Ctrl-R), for Backspace to undo as
  /// readline does: back to the match and pattern before it.
  private var steps: [Step] = []
  private struct Step: Equatable {
    var pattern: String
    var index: Int?
    var failed: Bool
  }

  public init(entries: [String], previous: String = "") {
    self.entries = entries
    self.previous = previous
  }

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
    remember()
    pattern.append(c)
    find(from: index ?? entries.count - 1)
  }

  /// Backspace: undoes the last step, to the pattern and match before it
  /// (after Ctrl-R, the newer match; after a key, the shorter pattern's).
  public mutating func erase() {
    guard let last = steps.popLast() else { return }
    (pattern, index, failed) = (last.pattern, last.index, last.failed)
  }

  /// Ctrl-R again: the next older match; on an empty pattern, the last
  /// search's pattern again.
  public mutating func older() {
    if pattern.isEmpty {
      guard !previous.isEmpty else { return }
      remember()
      pattern = previous
      find(from: entries.count - 1)
      return
    }
    remember()
    guard let i = index else { return find(from: entries.count - 1) }
    find(from: i - 1)
  }

  private mutating func remember() { steps.append(Step(pattern: pattern, index: index, failed: failed)) }

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
