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

/// Text from a server or a log (a label value, an alert name, an SSE event,
/// a warning) as a terminal should show it: control characters (C0 except
/// newline and tab, DEL, C1) as `\xNN`, so it can neither clear the screen,
/// retitle the window nor write the clipboard (OSC 52). Unchanged when it
/// holds none, which is nearly always.
public func visibleControls(_ s: String) -> String {
  func hidden(_ v: UInt32) -> Bool {
    (v < 0x20 && v != 0x0A && v != 0x09) || (v >= 0x7F && v < 0xA0) || (ArgumentBytes.carried && v >= 0x10FF00)
  }
  guard s.unicodeScalars.contains(where: { hidden($0.value) }) else { return s }
  let hex: [Character] = Array("0123456789ABCDEF")
  var out = String.UnicodeScalarView()
  for scalar in s.unicodeScalars {
    if hidden(scalar.value) {
      // A byte an argument carried (ArgumentBytes) shows as that byte.
      let v = ArgumentBytes.carriedByte(scalar).map(UInt32.init) ?? scalar.value
      for c in ["\\", "x", hex[Int(v >> 4)], hex[Int(v & 0xF)]] as [Character] {
        out.append(contentsOf: c.unicodeScalars)
      }
    } else {
      out.append(scalar)
    }
  }
  return String(out)
}
