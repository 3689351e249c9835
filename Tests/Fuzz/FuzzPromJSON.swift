import Foundation
import Prometheus

/// A Prometheus answer is whatever the server (or a proxy in front of it) sent;
/// every decoder must turn any body into a value or a PromDecodeError.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPromJSON(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  let body = Data(bytes: data, count: size)
  guard let envelope = try? PromEnvelope.decode(body) else { return 0 }
  _ = envelope.errorSummary
  _ = try? QueryResult.decode(envelope.data)
  _ = try? PromAlert.decodeList(envelope.data)
  _ = try? PromRuleGroup.decodeList(envelope.data)
  _ = try? PromTargetList.decode(envelope.data)
  return 0
}
