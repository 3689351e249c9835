import CCurl
import CShims

/// The state of one transfer that libcurl's C callbacks reach through their
/// userdata pointer (an unretained reference, kept alive by `HTTPClient.send`
/// for the duration of curl_easy_perform). C function pointers cannot capture
/// anything, so everything a callback needs lives here.
final class CurlTransfer {
  let maxBytes: Int
  let onChunk: (([UInt8]) -> Void)?
  let isCancelled: () -> Bool
  var body: [UInt8] = []
  var headers: [(name: String, value: String)] = []
  var tooLarge = false
  var cancelled = false
  /// CURLOPT_ERRORBUFFER: libcurl writes its detailed reason here.
  let errorBuffer: UnsafeMutablePointer<CChar>
  static let errorBufferSize = Int(CURL_ERROR_SIZE)

  init(maxBytes: Int, onChunk: (([UInt8]) -> Void)?, isCancelled: @escaping () -> Bool) {
    self.maxBytes = maxBytes
    self.onChunk = onChunk
    self.isCancelled = isCancelled
    errorBuffer = .allocate(capacity: Self.errorBufferSize)
    errorBuffer.initialize(repeating: 0, count: Self.errorBufferSize)
  }

  deinit { errorBuffer.deallocate() }

  var errorText: String {
    errorBuffer[Self.errorBufferSize - 1] = 0
    return withoutLineEnd(String(cString: errorBuffer))
  }

  /// false stops the transfer (libcurl then reports a write error).
  func receive(_ bytes: UnsafeRawBufferPointer) -> Bool {
    if let onChunk {
      onChunk(Array(bytes))
      // Lets a streaming caller stop right after the chunk that satisfied it,
      // instead of waiting for libcurl's next progress call.
      if isCancelled() {
        cancelled = true
        return false
      }
      return true
    }
    if maxBytes > 0, bytes.count > maxBytes - body.count {
      tooLarge = true
      return false
    }
    body.append(contentsOf: bytes)
    return true
  }

  /// One header line, CRLF included. A status line starts a new response
  /// (redirect hops, `100 Continue`), so only the final response's headers remain.
  func receiveHeader(_ bytes: UnsafeRawBufferPointer) {
    let line = withoutLineEnd(String(decoding: bytes, as: UTF8.self))
    if line.hasPrefix("HTTP/") {
      headers.removeAll()
      return
    }
    guard let colon = line.firstIndex(of: ":") else { return }
    let name = withoutSurroundingBlanks(line[..<colon]).lowercased()
    let value = withoutSurroundingBlanks(line[line.index(after: colon)...])
    guard !name.isEmpty else { return }
    headers.append((name: name, value: value))
  }

  func checkCancelled() -> Bool {
    if isCancelled() { cancelled = true }
    return cancelled
  }
}

/// The C callbacks handed to libcurl. They capture nothing; the transfer comes
/// from the userdata pointer.
enum CurlCallbacks {
  static let write: aether_curl_data_cb = { data, size, count, userdata in
    guard let userdata else { return 0 }
    let transfer = Unmanaged<CurlTransfer>.fromOpaque(userdata).takeUnretainedValue()
    let (total, overflow) = size.multipliedReportingOverflow(by: count)
    guard !overflow else { return 0 }
    guard total > 0, let data else { return 0 }
    return transfer.receive(UnsafeRawBufferPointer(start: data, count: total)) ? total : 0
  }

  static let header: aether_curl_data_cb = { data, size, count, userdata in
    let (total, overflow) = size.multipliedReportingOverflow(by: count)
    guard !overflow, let userdata else { return 0 }
    if total > 0, let data {
      let transfer = Unmanaged<CurlTransfer>.fromOpaque(userdata).takeUnretainedValue()
      transfer.receiveHeader(UnsafeRawBufferPointer(start: data, count: total))
    }
    return total
  }

  /// Called by libcurl at least once a second, even while waiting: the place
  /// where Ctrl-C reaches a blocked transfer.
  static let progress: aether_curl_xferinfo_cb = { userdata, _, _, _, _ in
    guard let userdata else { return 0 }
    let transfer = Unmanaged<CurlTransfer>.fromOpaque(userdata).takeUnretainedValue()
    return transfer.checkCancelled() ? 1 : 0
  }
}

/// Without line ends; the header and error texts libcurl hands over end in CRLF or LF.
private func withoutLineEnd<S: StringProtocol>(_ text: S) -> String {
  var s = Substring(text)
  while let last = s.last, last == "\n" || last == "\r" || last == "\r\n" { s = s.dropLast() }
  return String(s)
}

/// Spaces and tabs (not line breaks: those must stay visible to the header checks) trimmed.
public func withoutSurroundingBlanks<S: StringProtocol>(_ text: S) -> String {
  let blank: (Character) -> Bool = { $0 == " " || $0 == "\t" }
  var s = Substring(text)
  while let first = s.first, blank(first) { s = s.dropFirst() }
  while let last = s.last, blank(last) { s = s.dropLast() }
  return String(s)
}
