/// Appenders that write straight into a reused byte buffer. They exist so the
/// per-message paths (templates, formats, JSON lines) never build a String.

let asciiZero: UInt8 = 0x30
let hexDigitsLower: [UInt8] = Array("0123456789abcdef".utf8)

func appendDecimal(_ value: Int64, to buffer: inout [UInt8]) {
  if value < 0 { buffer.append(UInt8(ascii: "-")) }
  appendDecimal(value.magnitude, to: &buffer)
}

func appendDecimal(_ value: UInt64, to buffer: inout [UInt8]) {
  var rest = value
  let start = buffer.count
  repeat {
    buffer.append(asciiZero &+ UInt8(truncatingIfNeeded: rest % 10))
    rest /= 10
  } while rest > 0
  buffer[start..<buffer.count].reverse()
}

/// Exactly `width` digits, zero-padded; callers guarantee the value fits.
@inline(__always)
func appendPadded(_ value: Int64, width: Int, to buffer: inout [UInt8]) {
  var divisor: Int64 = 1
  for _ in 1..<max(width, 1) { divisor *= 10 }
  var rest = value
  while divisor > 0 {
    buffer.append(asciiZero &+ UInt8(truncatingIfNeeded: rest / divisor % 10))
    rest %= divisor
    divisor /= 10
  }
}

@inline(__always)
func appendHexByte(_ byte: UInt8, to buffer: inout [UInt8]) {
  buffer.append(hexDigitsLower[Int(byte >> 4)])
  buffer.append(hexDigitsLower[Int(byte & 0x0F)])
}
