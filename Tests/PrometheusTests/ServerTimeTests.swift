import Testing

@testable import Prometheus

/// The times Prometheus and Alertmanager write, as seconds; Go's zero time
/// ("never", as an alert's endsAt may say) and junk are no time at all.
@Suite struct ServerTimeTests {
  @Test func secondsOrNothing() {
    #expect(parseRFC3339("2024-05-01T12:00:00.5Z") == 1_714_564_800.5)
    #expect(parseRFC3339("2024-05-01T14:00:00+02:00") == 1_714_564_800)
    #expect(parseRFC3339("0001-01-01T00:00:00Z") == nil)
    #expect(parseRFC3339("") == nil)
    #expect(parseRFC3339("2024-05-01T12:00:00") == nil)
  }
}
