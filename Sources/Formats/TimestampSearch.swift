/// The first offset whose message timestamp is at or after `timestamp`, or
/// `logEnd` when every message is older. The mock cluster cannot answer
/// offset-for-time lookups, so this bisects over the offsets with `probe`,
/// which returns the first message at offset ≥ its argument (or nil if none
/// before `logEnd`). Timestamps are assumed non-decreasing; offsets may have
/// gaps (compaction). At most ⌊log₂(logEnd − logStart)⌋ + 1 probes.
public func firstOffset(
  atOrAfter timestamp: Int64, logStart: Int64, logEnd: Int64,
  probe: (Int64) throws -> (offset: Int64, timestamp: Int64)?
) rethrows -> Int64 {
  // Invariant: every message below `low` is older than `timestamp`; the first
  // message at or after `high` is the answer, at offset `answer`.
  var low = logStart
  var high = logEnd
  var answer = logEnd
  while low < high {
    let mid = low + Int64(bitPattern: UInt64(bitPattern: high &- low) / 2)
    guard let found = try probe(mid), found.offset < high else {
      // Nothing in [mid, high): the first message at or after mid is the answer.
      high = mid
      continue
    }
    let offset = max(found.offset, mid)
    if found.timestamp >= timestamp {
      high = mid
      answer = offset
    } else {
      low = offset + 1
    }
  }
  return answer
}
