import Formats
import Foundation
import Vocabulary

/// One alert as Alertmanager holds it (`GET /api/v2/alerts`): routed to its
/// receivers, and muted by silences or inhibiting alerts or not.
public struct AMAlert: Equatable, Sendable {
  public var labels: [String: String]
  public var annotations: [String: String]
  public var fingerprint: String
  public var startsAt: Double?
  public var endsAt: Double?
  /// "active", "suppressed" or "unprocessed", as Alertmanager says.
  public var state: String
  public var silencedBy: [String]
  public var inhibitedBy: [String]
  public var receivers: [String]

  public var name: String { labels["alertname"] ?? "" }

  /// What an operator asks for: silenced and inhibited are both "suppressed"
  /// to Alertmanager, told apart by what mutes them.
  public var displayState: String {
    if !silencedBy.isEmpty { return "silenced" }
    if !inhibitedBy.isEmpty { return "inhibited" }
    return state
  }

  public static func decodeList(_ body: Data) throws(PromDecodeError) -> (alerts: [AMAlert], raw: [JSON]) {
    try AMDecoding.readable { () throws(PromDecodeError) in
      let raw = try JSONShape.array(try AMDecoding.json(body), at: "alerts")
      let alerts = try JSONShape.elements(.array(raw), at: "alerts") { (item: JSON, path: String) throws(PromDecodeError) in
        let o = try JSONShape.object(item, at: path)
        let status = try JSONShape.object(o["status"], at: path + ".status")
        return AMAlert(
          labels: try JSONShape.labels(o["labels"], at: path + ".labels"),
          annotations: try JSONShape.labels(o["annotations"], at: path + ".annotations"),
          fingerprint: try JSONShape.optionalString(o["fingerprint"], at: path + ".fingerprint") ?? "",
          startsAt: (try JSONShape.optionalString(o["startsAt"], at: path + ".startsAt")).flatMap(parseRFC3339),
          endsAt: (try JSONShape.optionalString(o["endsAt"], at: path + ".endsAt")).flatMap(parseRFC3339),
          state: try JSONShape.string(status["state"], at: path + ".status.state"),
          silencedBy: try JSONShape.strings(status["silencedBy"], at: path + ".status.silencedBy"),
          inhibitedBy: try JSONShape.strings(status["inhibitedBy"], at: path + ".status.inhibitedBy"),
          receivers: try JSONShape.elements(o["receivers"], at: path + ".receivers") {
            (r: JSON, p: String) throws(PromDecodeError) in
            try JSONShape.string(try JSONShape.object(r, at: p)["name"], at: p + ".name")
          })
      }
      return (alerts, raw)
    }
  }
}

/// Reading Alertmanager's bodies with the Prometheus decoders' rules, and
/// naming Alertmanager in what goes wrong.
enum AMDecoding {
  static func json(_ body: Data) throws(PromDecodeError) -> JSON {
    do { return try JSONParser.parse(body) } catch {
      throw PromDecodeError("Alertmanager response is not JSON: \(PromEnvelope.quotedFirstLine(body))")
    }
  }

  static func readable<T>(_ body: () throws(PromDecodeError) -> T) throws(PromDecodeError) -> T {
    do { return try body() } catch {
      var e = error
      e.message = e.message.replacingOccurrences(of: "Prometheus response", with: "Alertmanager response")
      throw e
    }
  }
}
