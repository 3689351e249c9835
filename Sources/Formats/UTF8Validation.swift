/// Length of the well-formed UTF-8 sequence starting at `i`, or 0 if the byte
/// there does not start one (Unicode Table 3-7: no overlongs, surrogates or
/// code points above U+10FFFF). Byte-level so that each bad byte can be shown
/// on its own as `\xNN` instead of vanishing into U+FFFD.
@inline(__always)
func utf8SequenceLength(_ b: UnsafeBufferPointer<UInt8>, at i: Int) -> Int {
  let b0 = b[i]
  if b0 < 0x80 { return 1 }
  let n = b.count
  @inline(__always) func continuation(_ j: Int, _ low: UInt8 = 0x80, _ high: UInt8 = 0xBF) -> Bool {
    j < n && b[j] >= low && b[j] <= high
  }
  switch b0 {
  case 0xC2...0xDF:
    return continuation(i + 1) ? 2 : 0
  case 0xE0:
    return continuation(i + 1, 0xA0) && continuation(i + 2) ? 3 : 0
  case 0xED:
    return continuation(i + 1, 0x80, 0x9F) && continuation(i + 2) ? 3 : 0
  case 0xE1...0xEF:
    return continuation(i + 1) && continuation(i + 2) ? 3 : 0
  case 0xF0:
    return continuation(i + 1, 0x90) && continuation(i + 2) && continuation(i + 3) ? 4 : 0
  case 0xF1...0xF3:
    return continuation(i + 1) && continuation(i + 2) && continuation(i + 3) ? 4 : 0
  case 0xF4:
    return continuation(i + 1, 0x80, 0x8F) && continuation(i + 2) && continuation(i + 3) ? 4 : 0
  default:
    return 0
  }
}

/// `\xNN`, the spelling used wherever bytes cannot be shown as text.
@inline(__always)
func appendByteEscape(_ byte: UInt8, to buffer: inout [UInt8]) {
  buffer.append(UInt8(ascii: "\\"))
  buffer.append(UInt8(ascii: "x"))
  appendHexByte(byte, to: &buffer)
}
