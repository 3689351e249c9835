/// The nearest candidate by edit distance, when it is near enough to be a
/// typo: Damerau distance (a swapped pair, `lga` for `lag`, counts as one
/// edit), else the one candidate the word is a prefix of.
public func closestMatch(_ word: String, in candidates: [String]) -> String? {
  // One letter (`n`, `-V`) says too little to guess from: any other letter is
  // one edit away, so a suggestion would be a coin toss (`!`, `-v`).
  guard word.drop(while: { $0 == "-" }).count >= 2 else { return nil }
  let w = Array(word.lowercased())
  var best: (String, Int)?
  for c in candidates {
    let d = editDistance(w, Array(c.lowercased()))
    if d <= max(1, min(3, w.count / 2)), best.map({ d < $0.1 }) ?? true { best = (c, d) }
  }
  if best == nil, w.count >= 2 {
    let prefixed = candidates.filter { $0.lowercased().hasPrefix(word.lowercased()) }
    if prefixed.count == 1 { return prefixed[0] }
  }
  return best?.0
}

/// Optimal string alignment distance: insertions, deletions, substitutions
/// and transpositions of neighbours each cost one.
func editDistance(_ a: [Character], _ b: [Character]) -> Int {
  if a.isEmpty { return b.count }
  if b.isEmpty { return a.count }
  var before = [Int](repeating: 0, count: b.count + 1)
  var prev = Array(0...b.count)
  var cur = [Int](repeating: 0, count: b.count + 1)
  for i in 1...a.count {
    cur[0] = i
    for j in 1...b.count {
      cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
      if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
        cur[j] = min(cur[j], before[j - 2] + 1)
      }
    }
    (before, prev, cur) = (prev, cur, before)
  }
  return prev[b.count]
}
