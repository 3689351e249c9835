import Formats
import Foundation
import Vocabulary

/// The wrapper every Prometheus HTTP API answer comes in. `data` stays JSON,
/// fields in the order Prometheus sent them, so `-o json` can print what
/// Prometheus sent; the typed decoders (`QueryResult.decode`, …) read it.
public struct PromEnvelope: Sendable {
  /// "success" or "error".
  public let status: String
  public let errorType: String?
  public let error: String?
  public let warnings: [String]
  /// Prometheus 3 sends informational notes (e.g. about histogram_quantile) apart from warnings.
  public let infos: [String]
  public let data: JSON?

  public var isSuccess: Bool { status == "success" }

  /// `bad_data: invalid parameter "query": …`, the way an operator should see a
  /// failed call; nil on success.
  public var errorSummary: String? {
    guard !isSuccess else { return nil }
    let kind = errorType.flatMap { $0.isEmpty ? nil : $0 }
    let text = error.flatMap { $0.isEmpty ? nil : $0 }
    switch (kind, text) {
    case let (k?, t?): return "\(k): \(t)"
    case let (k?, nil): return k
    case let (nil, t?): return t
    case (nil, nil): return "Prometheus answered with status '\(status)' and no error text"
    }
  }

  /// Decodes a body. An error status is not thrown here: Prometheus explains it
  /// in `errorType`/`error`, and the caller decides how to show it.
  public static func decode(_ body: Data) throws(PromDecodeError) -> PromEnvelope {
    guard body.contains(where: { !isJSONBlank($0) }) else {
      throw PromDecodeError("empty response body where Prometheus JSON was expected")
    }
    let parsed: JSON
    do {
      parsed = try JSONParser.parse(body)
    } catch {
      throw PromDecodeError("not a Prometheus API response (not JSON): \(quotedFirstLine(body))")
    }
    guard case .object(let fields) = parsed else {
      throw PromDecodeError(
        "not a Prometheus API response: expected a JSON object, found \(JSONShape.describe(parsed))")
    }
    let top = JSONObject(fields: fields)
    guard top["status"] != nil else {
      throw PromDecodeError("not a Prometheus API response: no \"status\" field in \(quotedFirstLine(body))")
    }
    let status = try JSONShape.string(top["status"], at: "status")
    return PromEnvelope(
      status: status,
      errorType: try JSONShape.optionalString(top["errorType"], at: "errorType"),
      error: try JSONShape.optionalString(top["error"], at: "error"),
      warnings: try JSONShape.strings(top["warnings"], at: "warnings"),
      infos: try JSONShape.strings(top["infos"], at: "infos"),
      data: JSONShape.isAbsent(top["data"]) ? nil : top["data"])
  }

  private static func isJSONBlank(_ byte: UInt8) -> Bool {
    byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
  }

  /// The first non-blank line of a body, quoted and cut to 120 characters, so an
  /// HTML error page from a proxy shows up as `"<title>502 Bad Gateway</title>"`.
  static func quotedFirstLine(_ body: Data) -> String {
    "\"" + firstLine(of: String(decoding: body.prefix(4096), as: UTF8.self), limit: 120) + "\""
  }
}
