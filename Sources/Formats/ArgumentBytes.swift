/// A Swift `String` cannot hold bytes that are not UTF-8, and Swift's own
/// `CommandLine.arguments` replaces them with U+FFFD before any of our code
/// runs. kcat sends argv bytes as given, and so must `produce KEY VALUE`:
/// each invalid byte of an argument is carried as one scalar of the last
/// private-use block, U+10FF00 + byte (the idea of Python's surrogateescape,
/// which Swift strings cannot hold), and turned back into that byte where a
/// message is built. A terminal shows such a scalar as `\xNN`.
///
/// The way back applies only once an argument carried such a byte, so a
/// genuine U+10FFxx typed into a valid argument is sent as itself.
public enum ArgumentBytes {
  static let base: UInt32 = 0x10FF00

  /// Set while reading argv, before any thread starts; read afterwards.
  nonisolated(unsafe) public private(set) static var carried = false

  /// One argument as Swift should hold it: valid UTF-8 decoded, each invalid
  /// byte as U+10FF00 + byte.
  public static func decode(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
    var scalars = String.UnicodeScalarView()
    var i = 0
    while i < bytes.count {
      let length = utf8SequenceLength(bytes, at: i)
      if length == 0 {
        scalars.append(Unicode.Scalar(base + UInt32(bytes[i]))!)
        carried = true
        i += 1
      } else {
        let s = String(decoding: UnsafeBufferPointer(rebasing: bytes[i..<(i + length)]), as: UTF8.self)
        scalars.append(contentsOf: s.unicodeScalars)
        i += length
      }
    }
    return String(scalars)
  }

  /// The arguments of this process, each as `decode` gives it.
  public static func processArguments(count: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>)
    -> [String]
  {
    (0..<Int(count)).map { i in
      guard let p = argv[i] else { return "" }
      return p.withMemoryRebound(to: UInt8.self, capacity: 1) { u in
        var n = 0
        while u[n] != 0 { n += 1 }
        return decode(UnsafeBufferPointer(start: u, count: n))
      }
    }
  }

  /// The bytes an argument (or part of one) stands for.
  public static func bytes<S: StringProtocol>(_ text: S) -> [UInt8] {
    guard carried, text.unicodeScalars.contains(where: { $0.value >= base }) else { return Array(text.utf8) }
    var out: [UInt8] = []
    for scalar in text.unicodeScalars {
      if scalar.value >= base {
        out.append(UInt8(truncatingIfNeeded: scalar.value - base))
      } else {
        out.append(contentsOf: String(scalar).utf8)
      }
    }
    return out
  }

  /// A carried byte's value, for showing it as `\xNN`.
  static func carriedByte(_ scalar: Unicode.Scalar) -> UInt8? {
    carried && scalar.value >= base ? UInt8(truncatingIfNeeded: scalar.value - base) : nil
  }

  /// For tests: argv decoding as a fresh process would do it.
  public static func resetForTesting() { carried = false }
}
