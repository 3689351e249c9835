import Testing

@testable import Formats

@Suite struct TailStartParsing {
  @Test(arguments: [
    ("beginning", TailStart.beginning),
    ("BEGINNING", .beginning),
    // group seek's word for the same point.
    ("start", .beginning),
    ("end", .end),
    (" end ", .end),
    ("0", .offset(0)),
    ("42", .offset(42)),
    ("9223372036854775807", .offset(Int64.max)),
    ("-1", .lastN(1)),
    ("-100", .lastN(100)),
    ("@2025-11-02T00:00:00Z", .timestamp(1_762_041_600_000)),
    ("@2025-11-02T01:00:00.250+01:00", .timestamp(1_762_041_600_250)),
    ("@1730505600000", .timestamp(1_730_505_600_000)),
    ("@-15m", .timestamp(now - 900_000)),
  ])
  func accepts(text: String, expected: TailStart) throws {
    #expect(try TailStart.parse(text, nowMillis: now) == expected)
  }

  @Test(arguments: [
    ("", "bad start ''"),
    ("earliest", "bad start 'earliest'"),
    ("+5", "bad start"),
    ("4.5", "bad start"),
    ("-0", "last 0 messages"),
    ("-15m", "bad start"),
    ("-99999999999999999999", "more messages than exist"),
    ("99999999999999999999", "out of range"),
    ("@", "empty time"),
    ("@2025-11-02", "missing the time of day"),
    ("@-15q", "unknown unit"),
  ])
  func rejects(text: String, fragment: String) {
    #expect {
      _ = try TailStart.parse(text, nowMillis: now)
    } throws: { error in
      (error as? SpecError)?.message.contains(fragment) == true
    }
  }

  @Test func unknownFormListsTheAcceptedOnes() {
    do {
      _ = try TailStart.parse("latest", nowMillis: now)
      Issue.record("expected an error")
    } catch {
      for form in ["beginning", "end", "-N", "@TIME", "@-15m", "RFC 3339"] {
        #expect(error.message.contains(form), "missing \(form)")
      }
    }
  }
}

@Suite struct SeekTargetParsing {
  @Test(arguments: [
    ("start", SeekTarget.start),
    // tail's word for the same point.
    ("Beginning", .start),
    ("end", .end),
    ("0", .offset(0)),
    ("1234", .offset(1234)),
    ("@2025-11-02T00:00:00Z", .timestamp(1_762_041_600_000)),
    ("@2025-11-02T00:00:00.999-00:30", .timestamp(1_762_043_400_999)),
    ("@1730505600000", .timestamp(1_730_505_600_000)),
    ("@-1h", .timestamp(now - 3_600_000)),
    ("-15m", .timestamp(now - 900_000)),
    ("-1d", .timestamp(now - 86_400_000)),
  ])
  func accepts(text: String, expected: SeekTarget) throws {
    #expect(try SeekTarget.parse(text, nowMillis: now) == expected)
  }

  @Test(arguments: [
    ("earliest", "bad seek target"),
    ("", "bad seek target"),
    ("-", "bad seek target"),
    ("-15x", "unknown unit"),
    ("1e3", "bad seek target"),
    ("99999999999999999999", "out of range"),
    ("@tomorrow", "bad time"),
  ])
  func rejects(text: String, fragment: String) {
    #expect {
      _ = try SeekTarget.parse(text, nowMillis: now)
    } throws: { error in
      (error as? SpecError)?.message.contains(fragment) == true
    }
  }
}

@Suite struct Resolving {
  @Test(arguments: [
    (TailStart.beginning, Int64(100), Int64(200), Int64?.some(100)),
    (.end, 100, 200, 200),
    (.offset(150), 100, 200, 150),
    (.offset(5), 100, 200, 100),
    (.offset(500), 100, 200, 200),
    (.lastN(10), 100, 200, 190),
    (.lastN(1000), 100, 200, 100),
    (.lastN(Int64.max), -5, 200, -5),
    (.lastN(1), 0, 0, 0),
    (.end, 0, 0, 0),
    (.timestamp(5), 0, 10, nil),
    (.end, 50, 10, 50),
  ])
  func tail(spec: TailStart, logStart: Int64, logEnd: Int64, expected: Int64?) {
    #expect(resolveStart(spec, logStart: logStart, logEnd: logEnd) == expected)
  }

  @Test(arguments: [
    (SeekTarget.start, Int64(100), Int64(200), Int64?.some(100)),
    (.end, 100, 200, 200),
    (.offset(150), 100, 200, 150),
    (.offset(0), 100, 200, 100),
    (.offset(Int64.max), 100, 200, 200),
    (.timestamp(0), 100, 200, nil),
  ])
  func seek(target: SeekTarget, logStart: Int64, logEnd: Int64, expected: Int64?) {
    #expect(resolveSeek(target, logStart: logStart, logEnd: logEnd) == expected)
  }
}
