/// Everything one HTTP call needs. Secrets (`bearerToken`, `basicAuth`) never
/// appear in `description`, `dump` output or error messages.
public struct HTTPRequest: Sendable {
  public enum Method: String, Sendable {
    case get = "GET"
    case post = "POST"
    /// Alertmanager expires a silence with DELETE.
    case delete = "DELETE"
  }

  public var url: String
  public var method: Method
  /// Extra request headers, sent in order. Names and values may not contain line breaks.
  public var headers: [(String, String)]
  /// POST only.
  public var body: [UInt8]?
  public var contentType: String?
  public var bearerToken: String?
  public var basicAuth: (user: String, password: String)?
  /// Seconds to establish the connection (TCP and TLS); 0 leaves libcurl's default.
  public var connectTimeout: Double
  /// Seconds for the whole transfer; 0 means none, for streams the caller ends itself.
  public var totalTimeout: Double
  /// Cap on a buffered body, checked as bytes arrive (after decompression). Not
  /// applied when the body is streamed to `onChunk`; 0 or less means no cap.
  public var maxResponseBytes: Int
  /// Skip TLS certificate and host name checks (self-signed test endpoints).
  public var insecure: Bool
  /// A PEM file of CA certificates to trust instead of the system's (an
  /// internal CA); verification stays on.
  public var caFile: String?
  /// Seconds a transfer may go without receiving a byte (no status line from
  /// a server that accepted, or a stream gone silent); nil: no such bound.
  /// Whole seconds, at least one (libcurl's low-speed time).
  public var idleTimeout: Double?

  public init(
    url: String, method: Method = .get, headers: [(String, String)] = [], body: [UInt8]? = nil,
    contentType: String? = nil, bearerToken: String? = nil, basicAuth: (user: String, password: String)? = nil,
    connectTimeout: Double = 10, totalTimeout: Double = 30, maxResponseBytes: Int = 64 << 20, insecure: Bool = false
  ) {
    self.url = url
    self.method = method
    self.headers = headers
    self.body = body
    self.contentType = contentType
    self.bearerToken = bearerToken
    self.basicAuth = basicAuth
    self.connectTimeout = connectTimeout
    self.totalTimeout = totalTimeout
    self.maxResponseBytes = maxResponseBytes
    self.insecure = insecure
  }

  /// An `application/x-www-form-urlencoded` body as browsers write it: letters,
  /// digits and `*-._` as they are, space as `+`, every other UTF-8 byte `%XX`.
  public static func formEncode(_ pairs: [(String, String)]) -> [UInt8] {
    var out: [UInt8] = []
    for (i, (name, value)) in pairs.enumerated() {
      if i > 0 { out.append(UInt8(ascii: "&")) }
      appendFormComponent(name, to: &out)
      out.append(UInt8(ascii: "="))
      appendFormComponent(value, to: &out)
    }
    return out
  }

  private static func appendFormComponent(_ text: String, to out: inout [UInt8]) {
    let hex = Array("0123456789ABCDEF".utf8)
    for b in text.utf8 {
      switch b {
      case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
        UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "*"), UInt8(ascii: "-"), UInt8(ascii: "."),
        UInt8(ascii: "_"):
        out.append(b)
      case UInt8(ascii: " "):
        out.append(UInt8(ascii: "+"))
      default:
        out.append(contentsOf: [UInt8(ascii: "%"), hex[Int(b >> 4)], hex[Int(b & 0x0F)]])
      }
    }
  }
}

extension HTTPRequest: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
  public var description: String {
    var parts = ["\(method.rawValue) \(redactingCredentials(in: url))"]
    if bearerToken != nil { parts.append("bearer ***") }
    if let basicAuth { parts.append("basic \(basicAuth.user):***") }
    return parts.joined(separator: " ")
  }

  public var debugDescription: String { "HTTPRequest(\(description))" }

  /// `dump(request)` shows the same redacted fields.
  public var customMirror: Mirror {
    Mirror(
      self,
      children: [
        "url": redactingCredentials(in: url), "method": method.rawValue, "headers": headers.map { $0.0 },
        "bodyBytes": body?.count ?? 0, "contentType": contentType as Any,
        "bearerToken": bearerToken == nil ? "nil" : "***",
        "basicAuth": basicAuth.map { "\($0.user):***" } ?? "nil",
        "connectTimeout": connectTimeout, "totalTimeout": totalTimeout, "maxResponseBytes": maxResponseBytes,
        "insecure": insecure,
      ])
  }
}

/// `https://user:secret@host/` → `https://user:***@host/`: URLs go into
/// messages and output, passwords must not.
public func redactingCredentials(in url: String) -> String {
  guard let scheme = url.firstRange(of: "://") else { return url }
  let authorityEnd = url[scheme.upperBound...].firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }) ?? url.endIndex
  let authority = url[scheme.upperBound..<authorityEnd]
  guard let at = authority.lastIndex(of: "@") else { return url }
  let userinfo = authority[..<at]
  guard let colon = userinfo.firstIndex(of: ":") else { return url }
  return String(url[..<colon]) + ":***" + String(url[at...])
}
