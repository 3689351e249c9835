/// Bytes as a person should see them in a terminal: valid UTF-8 unchanged;
/// invalid bytes and control characters (C0 except tab, DEL, C1) as `\xNN`,
/// so a payload can neither garble the screen nor send escape sequences.
public func displayText(_ bytes: [UInt8]) -> String {
  var out: [UInt8] = []
  out.reserveCapacity(bytes.count)
  bytes.withUnsafeBufferPointer { b in
    var i = 0
    while i < b.count {
      let byte = b[i]
      if (byte >= 0x20 && byte < 0x7F) || byte == 0x09 {
        out.append(byte)
        i += 1
        continue
      }
      let length = utf8SequenceLength(b, at: i)
      if length == 0 || byte < 0x80 {
        appendByteEscape(byte, to: &out)
        i += 1
      } else if byte == 0xC2 && b[i + 1] < 0xA0 {
        // U+0080–U+009F: C1 controls, which some terminals obey (0x9B is CSI).
        appendByteEscape(byte, to: &out)
        appendByteEscape(b[i + 1], to: &out)
        i += 2
      } else {
        out.append(contentsOf: UnsafeBufferPointer(rebasing: b[i..<(i + length)]))
        i += length
      }
    }
  }
  return String(decoding: out, as: UTF8.self)
}
