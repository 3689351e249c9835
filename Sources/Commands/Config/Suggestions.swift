/// The nearest candidate by edit distance, when it is near enough to be a typo.
public func closestMatch(_ word: String, in candidates: [String]) -> String? {
  let w = Array(word.lowercased())
  var best: (String, Int)?
  for c in candidates {
    let d = editDistance(w, Array(c.lowercased()))
    if d <= max(1, min(3, w.count / 2)), best.map({ d < $0.1 }) ?? true { best = (c, d) }
  }
  if best == nil, w.count >= 2, let prefixed = candidates.first(where: { $0.hasPrefix(word) }) {
    return prefixed
  }
  return best?.0
}

func editDistance(_ a: [Character], _ b: [Character]) -> Int {
  if a.isEmpty { return b.count }
  if b.isEmpty { return a.count }
  var prev = Array(0...b.count)
  var cur = [Int](repeating: 0, count: b.count + 1)
  for i in 1...a.count {
    cur[0] = i
    for j in 1...b.count {
      cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
    }
    swap(&prev, &cur)
  }
  return prev[b.count]
}
