/// What came back. A 4xx/5xx status is a response like any other: the caller
/// decides what it means (`health --expect`, Prometheus error bodies).
public struct HTTPResponse: Sendable {
  public var status: Int
  /// In arrival order, names lowercased, values trimmed; only the final
  /// response's headers when redirects were followed.
  public var headers: [(name: String, value: String)]
  /// Empty when the body was streamed to `onChunk`.
  public var body: [UInt8]
  /// The URL after redirects (credentials masked).
  public var effectiveURL: String
  /// Seconds, name lookup to last byte.
  public var totalTime: Double

  public init(
    status: Int, headers: [(name: String, value: String)], body: [UInt8], effectiveURL: String, totalTime: Double
  ) {
    self.status = status
    self.headers = headers
    self.body = body
    self.effectiveURL = effectiveURL
    self.totalTime = totalTime
  }

  /// The first header with this name, any case.
  public func header(_ name: String) -> String? {
    let wanted = name.lowercased()
    return headers.first(where: { $0.name == wanted })?.value
  }

  /// The body as UTF-8, invalid bytes replaced.
  public var text: String { String(decoding: body, as: UTF8.self) }
}
