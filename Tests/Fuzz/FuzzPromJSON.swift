import Formats
import Foundation
import Prometheus
import Vocabulary

/// A Prometheus answer is whatever the server (or a proxy in front of it) sent;
/// every decoder must turn any body into a value or a PromDecodeError.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPromJSON(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  let body = Data(bytes: data, count: size)
  // The byte-level JSON parser under every decoder, and Alertmanager's decoders.
  if let value = try? JSONParser.parse(body) { _ = value.serialized(pretty: true) }
  _ = try? AMAlert.decodeList(body)
  _ = try? AMSilence.decodeList(body)
  _ = try? AMSilence.decode(body)
  _ = try? AMSilence.decodeCreated(body)
  _ = try? AMStatus.decode(body)
  guard let envelope = try? PromEnvelope.decode(body) else { return 0 }
  _ = envelope.errorSummary
  _ = try? QueryResult.decode(envelope.data)
  _ = try? PromAlert.decodeList(envelope.data)
  _ = try? PromRuleGroup.decodeList(envelope.data)
  _ = try? PromTargetList.decode(envelope.data)
  _ = try? decodeSeriesList(envelope.data)
  _ = try? decodeStringList(envelope.data)
  return 0
}
