import CCurl
import CRdKafka

/// Versions of the C libraries actually linked, for `version` and bug reports:
/// Debian's librdkafka differs from upstream in which APIs exist.
public enum LibraryVersions {
  public static var librdkafka: String { String(cString: rd_kafka_version_str()) }
  /// libcurl and the TLS and compression libraries it was built with.
  public static var libcurl: String { curl_version().map { String(cString: $0) } ?? "unknown" }
}
