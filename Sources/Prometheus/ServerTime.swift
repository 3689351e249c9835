import Vocabulary

/// Seconds since the epoch for the RFC 3339 times Prometheus and
/// Alertmanager write (`2024-05-01T12:00:00.123456789Z`, `…+02:00`). Go's
/// zero time (`0001-01-01T00:00:00Z`, "never") and anything malformed give nil.
func parseRFC3339(_ text: String) -> Double? {
  guard let t = try? RFC3339.parse(text), t.writtenYear > 1 else { return nil }
  return t.secondsSinceEpoch
}
