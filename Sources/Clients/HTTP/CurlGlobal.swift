import CCurl
import CShims

/// libcurl's process-wide set-up, run by the first HTTPClient rather than at
/// program start (most commands never touch HTTP): open the library (CShims
/// loads it on demand) and call curl_global_init. A static's initializer runs
/// exactly once, thread-safely, which is the guarantee curl_global_init needs.
enum CurlGlobal {
  /// nil once libcurl is loaded and initialised, else why not.
  static let failure: String? = {
    if let reason = aether_curl_load() { return "libcurl could not be loaded (\(String(cString: reason)))" }
    let status = aether_curl_global_init(Int(CURL_GLOBAL_DEFAULT))
    return status == Int32(CURLE_OK.rawValue) ? nil : "libcurl could not initialise (curl_global_init: \(status))"
  }()
}
