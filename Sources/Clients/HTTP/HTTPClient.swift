import CCurl
import CShims

/// HTTP over libcurl, one easy handle per client so consecutive calls to the
/// same server reuse the connection (and TLS session). Not thread-safe: one
/// transfer at a time per client; give each thread its own.
///
/// Proxies come from `http_proxy`/`https_proxy`/`no_proxy`, read by libcurl.
/// Only http and https URLs are followed, redirects included.
public final class HTTPClient {
  private var handle: UnsafeMutableRawPointer?
  private var busy = false

  public init() {}

  deinit {
    if let handle { aether_curl_easy_cleanup(handle) }
  }

  /// Runs one request to completion. `isCancelled` is polled while waiting (at
  /// least once a second) and after every streamed chunk; pass
  /// `{ Interrupts.isPending }` for Ctrl-C. With `onChunk`, body bytes go there
  /// as they arrive and the response's `body` stays empty.
  public func send(
    _ request: HTTPRequest, isCancelled: () -> Bool, onChunk: (([UInt8]) -> Void)? = nil
  ) throws(HTTPError) -> HTTPResponse {
    let target = "\(request.method.rawValue) \(redactingCredentials(in: request.url))"
    try HTTPRequestCheck.validate(request, target: target)
    guard !busy else { throw HTTPError(.other, "\(target): this HTTP client is already running a transfer") }
    if let failure = CurlGlobal.failure { throw HTTPError(.other, "\(target): \(failure)") }
    if handle == nil { handle = aether_curl_easy_init() }
    guard let handle else { throw HTTPError(.other, "\(target): libcurl could not create a handle (curl_easy_init)") }
    if isCancelled() { throw HTTPError(.cancelled, "\(target): cancelled") }
    busy = true
    defer { busy = false }
    let outcome = withoutActuallyEscaping(isCancelled) { cancel -> Result<HTTPResponse, HTTPError> in
      let transfer = CurlTransfer(maxBytes: onChunk == nil ? request.maxResponseBytes : 0, onChunk: onChunk, isCancelled: cancel)
      return CurlTransferRun(handle: handle, request: request, transfer: transfer, target: target).run()
    }
    return try outcome.get()
  }
}

/// Sets the options for one request, performs it and reads the result. The
/// handle is reset before and after, so no option (or pointer to a transfer
/// that no longer exists) survives into the next request; connections do.
struct CurlTransferRun {
  let handle: UnsafeMutableRawPointer
  let request: HTTPRequest
  let transfer: CurlTransfer
  let target: String

  func run() -> Result<HTTPResponse, HTTPError> {
    aether_curl_easy_reset(handle)
    var headerList: UnsafeMutableRawPointer?
    defer {
      aether_curl_easy_reset(handle)
      aether_curl_slist_free_all(headerList)
    }
    let code: CURLcode = withExtendedLifetime(transfer) {
      if let failure = configure(headerList: &headerList) { return failure }
      return CURLcode(rawValue: UInt32(bitPattern: aether_curl_easy_perform(handle)))
    }
    guard code == CURLE_OK else { return .failure(error(for: code)) }
    var status = 0
    var url: UnsafePointer<CChar>?
    var seconds = 0.0
    _ = aether_curl_getinfo_long(handle, Int32(CURLINFO_RESPONSE_CODE.rawValue), &status)
    _ = aether_curl_getinfo_string(handle, Int32(CURLINFO_EFFECTIVE_URL.rawValue), &url)
    _ = aether_curl_getinfo_double(handle, Int32(CURLINFO_TOTAL_TIME.rawValue), &seconds)
    let effective = url.map { String(cString: $0) } ?? request.url
    return .success(
      HTTPResponse(
        status: status, headers: transfer.headers, body: transfer.body,
        effectiveURL: redactingCredentials(in: effective), totalTime: seconds))
  }

  /// nil when every option was accepted, else the code of the first refusal.
  private func configure(headerList: inout UnsafeMutableRawPointer?) -> CURLcode? {
    var failure: CURLcode?
    func check(_ rc: Int32) {
      if rc != 0, failure == nil { failure = CURLcode(rawValue: UInt32(bitPattern: rc)) }
    }
    func long(_ option: CURLoption, _ value: Int) {
      check(aether_curl_setopt_long(handle, Int32(option.rawValue), value))
    }
    func string(_ option: CURLoption, _ value: String) {
      // libcurl copies string options, so a temporary C string is enough.
      check(value.withCString { aether_curl_setopt_ptr(handle, Int32(option.rawValue), $0) })
    }
    func pointer(_ option: CURLoption, _ value: UnsafeRawPointer?) {
      check(aether_curl_setopt_ptr(handle, Int32(option.rawValue), value))
    }
    let box = UnsafeRawPointer(Unmanaged.passUnretained(transfer).toOpaque())

    string(CURLOPT_URL, request.url)
    long(CURLOPT_NOSIGNAL, 1)
    string(CURLOPT_PROTOCOLS_STR, "http,https")
    string(CURLOPT_REDIR_PROTOCOLS_STR, "http,https")
    long(CURLOPT_FOLLOWLOCATION, 1)
    long(CURLOPT_MAXREDIRS, 5)
    long(CURLOPT_CONNECTTIMEOUT_MS, Self.milliseconds(request.connectTimeout))
    long(CURLOPT_TIMEOUT_MS, Self.milliseconds(request.totalTimeout))
    if let idle = request.idleTimeout, idle > 0 {
      // Under one byte a second for that long: nothing is coming.
      long(CURLOPT_LOW_SPEED_LIMIT, 1)
      long(CURLOPT_LOW_SPEED_TIME, max(1, Int(min(idle, 1e9).rounded(.up))))
    }
    long(CURLOPT_SSL_VERIFYPEER, request.insecure ? 0 : 1)
    long(CURLOPT_SSL_VERIFYHOST, request.insecure ? 0 : 2)
    if let ca = request.caFile { string(CURLOPT_CAINFO, ca) }
    string(CURLOPT_ACCEPT_ENCODING, "")
    string(CURLOPT_USERAGENT, "aetherctl")
    pointer(CURLOPT_ERRORBUFFER, UnsafeRawPointer(transfer.errorBuffer))

    check(aether_curl_setopt_data_cb(handle, Int32(CURLOPT_WRITEFUNCTION.rawValue), CurlCallbacks.write))
    pointer(CURLOPT_WRITEDATA, box)
    check(aether_curl_setopt_data_cb(handle, Int32(CURLOPT_HEADERFUNCTION.rawValue), CurlCallbacks.header))
    pointer(CURLOPT_HEADERDATA, box)
    check(aether_curl_setopt_xferinfo_cb(handle, CurlCallbacks.progress))
    pointer(CURLOPT_XFERINFODATA, box)
    long(CURLOPT_NOPROGRESS, 0)
    if transfer.maxBytes > 0 {
      // Refuses early when Content-Length already says too much.
      check(aether_curl_setopt_off(handle, Int32(CURLOPT_MAXFILESIZE_LARGE.rawValue), Int64(transfer.maxBytes)))
    }

    if let token = request.bearerToken {
      long(CURLOPT_HTTPAUTH, CurlAuth.bearer)
      string(CURLOPT_XOAUTH2_BEARER, token)
    } else if let basic = request.basicAuth {
      long(CURLOPT_HTTPAUTH, CurlAuth.basic)
      string(CURLOPT_USERNAME, basic.user)
      string(CURLOPT_PASSWORD, basic.password)
    }

    var lines: [String] = []
    if let type = request.contentType { lines.append("Content-Type: \(type)") }
    for (name, value) in request.headers { lines.append("\(name): \(value)") }
    if request.method == .post, !request.headers.contains(where: { $0.0.lowercased() == "expect" }) {
      // No `Expect: 100-continue` round trip (and its one-second stall on servers that ignore it).
      lines.append("Expect:")
    }
    for line in lines {
      guard let appended = aether_curl_slist_append(headerList, line) else {
        failure = failure ?? CURLE_OUT_OF_MEMORY
        break
      }
      headerList = appended
    }
    if let headerList { pointer(CURLOPT_HTTPHEADER, UnsafeRawPointer(headerList)) }

    // The handle is reused from call to call: a custom method is set, or
    // cleared, every time.
    pointer(CURLOPT_CUSTOMREQUEST, nil)
    switch request.method {
    case .get:
      long(CURLOPT_HTTPGET, 1)
    case .delete:
      long(CURLOPT_HTTPGET, 1)
      string(CURLOPT_CUSTOMREQUEST, "DELETE")
    case .post:
      let body = request.body ?? []
      long(CURLOPT_POST, 1)
      check(aether_curl_setopt_off(handle, Int32(CURLOPT_POSTFIELDSIZE_LARGE.rawValue), Int64(body.count)))
      // COPYPOSTFIELDS: libcurl keeps its own copy, so the array may go away.
      let bytes = body.isEmpty ? [0] : body
      bytes.withUnsafeBytes { pointer(CURLOPT_COPYPOSTFIELDS, $0.baseAddress) }
    }
    return failure
  }

  /// Seconds to libcurl's milliseconds; 0 (or nonsense) means no limit.
  static func milliseconds(_ seconds: Double) -> Int {
    guard seconds.isFinite, seconds > 0 else { return 0 }
    return max(1, Int(min(seconds, 1e9) * 1000))
  }

  private func error(for code: CURLcode) -> HTTPError {
    let detail = transfer.errorText.isEmpty ? String(cString: aether_curl_easy_strerror(Int32(bitPattern: code.rawValue))) : transfer.errorText
    let reason = CurlFailure.redact(detail, request: request)
    if transfer.cancelled { return HTTPError(.cancelled, "\(target): cancelled") }
    if transfer.tooLarge || code == CURLE_FILESIZE_EXCEEDED {
      return HTTPError(
        .tooLarge,
        "\(target): the response is larger than \(CurlFailure.byteCount(request.maxResponseBytes)), the most accepted (maxResponseBytes)")
    }
    switch CurlFailure.classify(code) {
    case let .unreachable(what): return HTTPError(.unreachable, "\(target): \(what): \(reason)")
    case .cancelled: return HTTPError(.cancelled, "\(target): cancelled")
    case let .other(what): return HTTPError(.other, "\(target): \(what): \(reason)")
    }
  }
}

/// CURLAUTH_* are defined with casts Swift does not import.
enum CurlAuth {
  static let basic = 1 << 0
  static let bearer = 1 << 6
}

/// How libcurl's result codes read to an operator.
enum CurlFailure {
  enum Class {
    case unreachable(String)
    case cancelled
    case other(String)
  }

  static func classify(_ code: CURLcode) -> Class {
    switch code {
    case CURLE_COULDNT_RESOLVE_HOST: return .unreachable("cannot resolve host")
    case CURLE_COULDNT_RESOLVE_PROXY: return .unreachable("cannot resolve proxy")
    case CURLE_COULDNT_CONNECT: return .unreachable("cannot connect")
    case CURLE_OPERATION_TIMEDOUT: return .unreachable("timed out")
    case CURLE_GOT_NOTHING: return .unreachable("the server closed the connection without answering")
    case CURLE_SEND_ERROR, CURLE_RECV_ERROR: return .unreachable("connection failed")
    case CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CERTPROBLEM, CURLE_SSL_CIPHER,
      CURLE_SSL_CACERT_BADFILE, CURLE_SSL_ENGINE_NOTFOUND, CURLE_SSL_ENGINE_SETFAILED, CURLE_SSL_SHUTDOWN_FAILED,
      CURLE_SSL_CRL_BADFILE, CURLE_SSL_ISSUER_ERROR, CURLE_SSL_PINNEDPUBKEYNOTMATCH, CURLE_SSL_INVALIDCERTSTATUS,
      CURLE_SSL_CLIENTCERT:
      return .unreachable("TLS failure")
    case CURLE_ABORTED_BY_CALLBACK: return .cancelled
    case CURLE_URL_MALFORMAT: return .other("bad URL")
    case CURLE_UNSUPPORTED_PROTOCOL: return .other("unsupported protocol (http and https only)")
    case CURLE_TOO_MANY_REDIRECTS: return .other("too many redirects (at most 5)")
    case CURLE_PARTIAL_FILE: return .other("the connection closed before the whole body arrived")
    case CURLE_BAD_CONTENT_ENCODING: return .other("cannot decode the compressed body")
    case CURLE_LOGIN_DENIED: return .other("login denied")
    default: return .other("request failed")
    }
  }

  /// Belt and braces: libcurl's messages do not carry credentials, but if one
  /// ever did, it is masked here.
  static func redact(_ text: String, request: HTTPRequest) -> String {
    var out = redactingCredentials(in: text)
    let secrets = [request.bearerToken, request.basicAuth?.password].compactMap { $0 }.filter { $0.count >= 4 }
    for secret in secrets { out = out.replacingAll(secret, with: "***") }
    return out
  }

  static func byteCount(_ n: Int) -> String {
    let mib = 1 << 20
    if n >= mib, n % mib == 0 { return "\(n / mib) MiB" }
    if n >= 1024, n % 1024 == 0 { return "\(n / 1024) KiB" }
    return n == 1 ? "1 byte" : "\(n) bytes"
  }
}

/// Refuses requests that would smuggle extra header lines or be cut short at a
/// NUL byte on their way into C strings. Messages name the header, never its value.
enum HTTPRequestCheck {
  static func validate(_ request: HTTPRequest, target: String) throws(HTTPError) {
    guard !request.url.isEmpty else { throw HTTPError(.other, "no URL given") }
    if hasLineBreakOrNUL(request.url) { throw HTTPError(.other, "\(target): the URL contains a line break or NUL") }
    if request.method == .get, request.body != nil {
      throw HTTPError(.other, "\(target): a GET request cannot carry a body (use POST)")
    }
    for (name, value) in request.headers {
      guard !name.isEmpty, name.utf8.allSatisfy(isTokenByte) else {
        throw HTTPError(.other, "\(target): bad header name '\(name.prefix(40))' (letters, digits and !#$%&'*+-.^_`|~)")
      }
      if hasLineBreakOrNUL(value) { throw HTTPError(.other, "\(target): the value of header '\(name)' contains a line break") }
    }
    if let type = request.contentType, hasLineBreakOrNUL(type) {
      throw HTTPError(.other, "\(target): the content type contains a line break")
    }
    if let token = request.bearerToken, hasLineBreakOrNUL(token) {
      throw HTTPError(.other, "\(target): the bearer token contains a line break or NUL")
    }
    if let basic = request.basicAuth, hasLineBreakOrNUL(basic.user) || hasLineBreakOrNUL(basic.password) {
      throw HTTPError(.other, "\(target): the basic-auth user or password contains a line break or NUL")
    }
  }

  private static func hasLineBreakOrNUL(_ text: String) -> Bool {
    text.utf8.contains(where: { $0 == 0x0A || $0 == 0x0D || $0 == 0 })
  }

  /// RFC 9110 token characters.
  private static func isTokenByte(_ b: UInt8) -> Bool {
    switch b {
    case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
      return true
    default:
      return "!#$%&'*+-.^_`|~".utf8.contains(b)
    }
  }
}

extension String {
  /// Every occurrence of `target` replaced.
  fileprivate func replacingAll(_ target: String, with replacement: String) -> String {
    guard !target.isEmpty else { return self }
    var out = ""
    var rest = Substring(self)
    while let range = rest.firstRange(of: target) {
      out += rest[..<range.lowerBound]
      out += replacement
      rest = rest[range.upperBound...]
    }
    return out + rest
  }
}
