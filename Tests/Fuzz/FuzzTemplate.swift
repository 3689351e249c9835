import Formats

/// Message templates are parsed once and rendered per event, so both halves
/// are fed: any template that parses must render for several sequence numbers.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTemplate(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  // Argument bytes (not UTF-8) carried through a Swift string come back whole.
  let input = Array(UnsafeBufferPointer(start: data, count: size))
  let carried = ArgumentBytes.decode(UnsafeBufferPointer(start: data, count: size))
  // A genuine U+10FFxx (F4 8F ..) reads as a carried byte once any argument
  // carried one (the documented limit); only other input must round-trip.
  let genuinePrivateUse = zip(input, input.dropFirst()).contains { $0 == 0xF4 && $1 == 0x8F }
  if !genuinePrivateUse && ArgumentBytes.bytes(carried) != input {
    fatalError("argument bytes changed on the way through")
  }
  _ = visibleControls(carried)
  let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
  let env = ["USER": "op", "EMPTY": ""]
  for raw in [false, true] {
    if let template = try? MessageTemplate(text, raw: raw, environment: env) {
      var rng = TemplateRandom(seed: UInt64(size))
      var buffer: [UInt8] = []
      for seq in [Int64(0), 1, 999_999, Int64.max, -1] {
        buffer.removeAll(keepingCapacity: true)
        template.render(seq: seq, nowMillis: 1_763_800_000_000, into: &buffer, rng: &rng)
      }
    }
  }
  _ = try? MessageFormat(text)
  _ = try? MessageFilter(grep: text, where: [text])
  let words = text.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
  let fix = FixTemplate(argv: words)
  _ = try? fix.fill(arguments: Array(words.prefix(3)), defaults: ["GROUP": "g"])
  return 0
}
