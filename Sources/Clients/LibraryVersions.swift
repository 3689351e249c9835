import CRdKafka
import CShims

/// Versions of the C libraries actually linked, for `version` and bug reports:
/// Debian's librdkafka differs from upstream in which APIs exist.
public enum LibraryVersions {
  public static var librdkafka: String { String(cString: rd_kafka_version_str()) }
  /// libcurl and the TLS and compression libraries it was built with (this
  /// loads libcurl, which is otherwise opened only by the first HTTP request).
  public static var libcurl: String {
    if let version = aether_curl_version() { return String(cString: version) }
    return "not loadable (\(aether_curl_load().map { String(cString: $0) } ?? "no version"))"
  }
}
