/// Appenders that write straight into a reused byte buffer. They exist so the
/// per-message paths (templates, formats, JSON lines) never build a String.

let asciiZero: UInt8 = 0x30
let hexDigitsLower: [UInt8] = Array("0123456789abcdef".utf8)

func appendDecimal(_ value: Int64, to buffer: inout [UInt8]) {
  if value < 0 { buffer.append(UInt8(ascii: "-")) }
  appendDecimal(value.magnitude, to: &buffer)
}

/// Digits are written backwards into scratch space and appended once
/// (reversing a slice of the buffer in place copied it: ~1% of produce).
func appendDecimal(_ value: UInt64, to buffer: inout [UInt8]) {
  withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
    var rest = value
    var i = digits.count
    repeat {
      i -= 1
      digits[i] = asciiZero &+ UInt8(truncatingIfNeeded: rest % 10)
      rest /= 10
    } while rest > 0
    buffer.append(contentsOf: UnsafeBufferPointer(rebasing: digits[i...]))
  }
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
