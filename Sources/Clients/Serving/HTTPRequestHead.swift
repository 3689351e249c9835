/// The request line of an HTTP/1.x request, as the sandbox's server reads it.
public struct HTTPRequestHead: Equatable, Sendable {
  public var method: String
  public var path: String
  public var query: String

  public init(method: String, path: String, query: String) {
    (self.method, self.path, self.query) = (method, path, query)
  }

  /// nil unless the first line is `METHOD TARGET HTTP/1.x` with an origin-form target.
  public static func parse(_ head: String) -> HTTPRequestHead? {
    guard let line = head.split(whereSeparator: \.isNewline).first else { return nil }
    let parts = line.split(separator: " ", omittingEmptySubsequences: true)
    guard parts.count == 3, parts[2].hasPrefix("HTTP/1."), parts[1].hasPrefix("/"),
      parts[0].allSatisfy({ $0.isUppercase })
    else { return nil }
    let target = parts[1]
    let q = target.firstIndex(of: "?")
    return HTTPRequestHead(
      method: String(parts[0]), path: String(target[..<(q ?? target.endIndex)]),
      query: q.map { String(target[target.index(after: $0)...]) } ?? "")
  }

  static func reason(_ status: Int) -> String {
    switch status {
    case 200: "OK"
    case 400: "Bad Request"
    case 404: "Not Found"
    case 405: "Method Not Allowed"
    case 409: "Conflict"
    case 503: "Service Unavailable"
    default: "Status"
    }
  }
}
