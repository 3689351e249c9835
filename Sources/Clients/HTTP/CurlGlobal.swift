import CCurl

/// libcurl's process-wide set-up, run by the first HTTPClient rather than at
/// program start (most commands never touch HTTP). A static's initializer runs
/// exactly once, thread-safely, which is the guarantee curl_global_init needs.
enum CurlGlobal {
  static let status: CURLcode = curl_global_init(Int(CURL_GLOBAL_DEFAULT))

  static var isReady: Bool { status == CURLE_OK }
}
