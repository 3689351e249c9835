import Prometheus

/// `/metrics` pages and SSE streams come from services that may be half-broken.
/// The SSE half feeds the same bytes in two chunks split at an input-chosen
/// point, since frames cross packet boundaries in real streams.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzExposition(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  let bytes = Array(UnsafeBufferPointer(start: data, count: size))
  _ = try? Exposition.parse(bytes)
  var parser = SSEParser(maxLineBytes: 256)
  let cut = bytes.isEmpty ? 0 : Int(bytes[0]) % (bytes.count + 1)
  _ = parser.feed(Array(bytes[..<cut]))
  _ = parser.feed(Array(bytes[cut...]))
  return 0
}
