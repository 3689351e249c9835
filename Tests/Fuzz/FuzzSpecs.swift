import Formats
import ScriptLanguage
import Vocabulary

/// Everything an operator types after `-o`, `--to`, `--since`, `wait …` or
/// `--every`: parse, then resolve against logs of several shapes.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSpecs(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
  let now: Int64 = 1_763_800_000_000
  if let seconds = try? Durations.parse(text) { _ = Durations.format(seconds) }
  _ = isPlainNumber(text)
  _ = try? parseTime(text, nowMillis: now)
  let logs: [(Int64, Int64)] = [(0, 0), (0, 10), (5, 5), (100, Int64.max), (Int64.max - 1, Int64.max)]
  if let start = try? TailStart.parse(text, nowMillis: now) {
    for (s, e) in logs { _ = resolveStart(start, logStart: s, logEnd: e) }
  }
  if let seek = try? SeekTarget.parse(text, nowMillis: now) {
    for (s, e) in logs { _ = resolveSeek(seek, logStart: s, logEnd: e) }
  }
  return 0
}
