import Formats
import Foundation
import Vocabulary

/// One silence (`GET /api/v2/silences`).
public struct AMSilence: Equatable, Sendable {
  public var id: String
  public var matchers: [Matcher]
  public var startsAt: Double?
  public var endsAt: Double?
  public var createdBy: String
  public var comment: String
  /// "active", "pending" or "expired".
  public var state: String

  public static func decodeList(_ body: Data) throws(PromDecodeError) -> (silences: [AMSilence], raw: [JSON]) {
    try AMDecoding.readable { () throws(PromDecodeError) in
      let raw = try JSONShape.array(try AMDecoding.json(body), at: "silences")
      return (try JSONShape.elements(.array(raw), at: "silences", decode), raw)
    }
  }

  public static func decode(_ body: Data) throws(PromDecodeError) -> (silence: AMSilence, raw: JSON) {
    try AMDecoding.readable { () throws(PromDecodeError) in
      let raw = try AMDecoding.json(body)
      return (try decode(raw, "silence"), raw)
    }
  }

  static func decode(_ item: JSON, _ path: String) throws(PromDecodeError) -> AMSilence {
    let o = try JSONShape.object(item, at: path)
    let status = try JSONShape.object(o["status"], at: path + ".status")
    return AMSilence(
      id: try JSONShape.string(o["id"], at: path + ".id"),
      matchers: try JSONShape.elements(o["matchers"], at: path + ".matchers") {
        (m: JSON, p: String) throws(PromDecodeError) in try Matcher.decode(m, at: p)
      },
      startsAt: (try JSONShape.optionalString(o["startsAt"], at: path + ".startsAt")).flatMap(parseRFC3339),
      endsAt: (try JSONShape.optionalString(o["endsAt"], at: path + ".endsAt")).flatMap(parseRFC3339),
      createdBy: try JSONShape.optionalString(o["createdBy"], at: path + ".createdBy") ?? "",
      comment: try JSONShape.optionalString(o["comment"], at: path + ".comment") ?? "",
      state: try JSONShape.string(status["state"], at: path + ".status.state"))
  }

  /// Whether this silence mutes an alert with these labels (all matchers match).
  public func mutes(_ labels: [String: String]) -> Bool { matchers.allSatisfy { $0.matches(labels) } }

  /// The body `POST /api/v2/silences` takes; with an id it updates that silence.
  public static func postBody(
    id: String?, matchers: [Matcher], startsAt: String, endsAt: String, createdBy: String, comment: String
  ) -> Data {
    var fields: [(String, JSON)] = [
      ("comment", .string(comment)), ("createdBy", .string(createdBy)), ("endsAt", .string(endsAt)),
    ]
    if let id { fields.append(("id", .string(id))) }
    fields += [("matchers", .array(matchers.map(\.json))), ("startsAt", .string(startsAt))]
    return Data(JSON.object(fields).serialized().utf8)
  }

  /// `{"silenceID": "…"}`, the answer to a POST.
  public static func decodeCreated(_ body: Data) throws(PromDecodeError) -> String {
    try AMDecoding.readable { () throws(PromDecodeError) in
      try JSONShape.string(try JSONShape.object(try AMDecoding.json(body), at: "response")["silenceID"], at: "silenceID")
    }
  }
}

/// `GET /api/v2/status`: what `am status` shows.
public struct AMStatus: Equatable, Sendable {
  public var version: String
  public var uptime: Double?
  public var clusterStatus: String
  public var peers: [String]
  /// A digest of the running configuration, to tell two instances' configs apart.
  public var configHash: String

  public static func decode(_ body: Data) throws(PromDecodeError) -> (status: AMStatus, raw: JSON) {
    try AMDecoding.readable { () throws(PromDecodeError) in
      let raw = try AMDecoding.json(body)
      let o = try JSONShape.object(raw, at: "status")
      let cluster = try JSONShape.object(o["cluster"], at: "cluster")
      let version = try JSONShape.object(o["versionInfo"], at: "versionInfo")
      let config = try JSONShape.object(o["config"], at: "config")
      let original = try JSONShape.string(config["original"], at: "config.original")
      return (
        AMStatus(
          version: try JSONShape.string(version["version"], at: "versionInfo.version"),
          uptime: (try JSONShape.optionalString(o["uptime"], at: "uptime")).flatMap(parseRFC3339),
          clusterStatus: try JSONShape.string(cluster["status"], at: "cluster.status"),
          peers: try JSONShape.elements(cluster["peers"], at: "cluster.peers") {
            (p: JSON, path: String) throws(PromDecodeError) in
            let peer = try JSONShape.object(p, at: path)
            if let address = try JSONShape.optionalString(peer["address"], at: path + ".address") { return address }
            return try JSONShape.string(peer["name"], at: path + ".name")
          },
          configHash: fnv1a(original)), raw
      )
    }
  }

  /// FNV-1a, 64 bits, hex: stable across runs and machines, enough to tell configs apart.
  static func fnv1a(_ text: String) -> String {
    var h: UInt64 = 0xcbf2_9ce4_8422_2325
    for b in text.utf8 {
      h ^= UInt64(b)
      h = h &* 0x100_0000_01b3
    }
    return String(h, radix: 16)
  }
}
