/// Bytes as a person should see them in a terminal: valid UTF-8 unchanged;
/// invalid bytes and control characters (C0 except tab, DEL, C1) as `\xNN`,
/// so a payload can neither garble the screen nor send escape sequences.
public func displayText(_ bytes: [UInt8]) -> String {
  bytes.withUnsafeBufferPointer(displayText)
}

public func displayText(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
  var out: [UInt8] = []
  out.reserveCapacity(bytes.count)
  appendDisplayText(bytes, to: &out)
  return String(decoding: out, as: UTF8.self)
}

/// `displayText`, appended to a byte buffer: `tail`'s output path, with no
/// String in between (a copy and a UTF-8 validation per message less). A
/// run of printable ASCII, nearly every payload, is copied whole.
public func appendDisplayText(_ bytes: [UInt8], to out: inout [UInt8]) {
  bytes.withUnsafeBufferPointer { appendDisplayText($0, to: &out) }
}

public func appendDisplayText(_ b: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
  // The whole payload printable ASCII, as nearly every one is: one scan,
  // sixteen bytes (two words) a step, the last step overlapping the one
  // before, then one copy. (Swift's SIMD16 took three times as many
  // instructions here as the two words.)
  if b.count >= 8, let base = b.baseAddress {
    let raw = UnsafeRawPointer(base)
    let n = b.count
    var j = 0
    while j + 16 <= n,
      nonPrintableBits(raw.loadUnaligned(fromByteOffset: j, as: UInt64.self))
        | nonPrintableBits(raw.loadUnaligned(fromByteOffset: j + 8, as: UInt64.self)) == 0
    {
      j += 16
    }
    if j + 16 > n,
      nonPrintableBits(raw.loadUnaligned(fromByteOffset: j + 8 <= n ? j : n - 8, as: UInt64.self))
        | nonPrintableBits(raw.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self)) == 0
    {
      out.append(contentsOf: b)
      return
    }
  }
  var i = 0
  let raw = UnsafeRawBufferPointer(b)
  while i < b.count {
    var j = i
    // Eight bytes at a time while none is below 0x20 or at or above 0x7F.
    while j + 8 <= b.count {
      guard nonPrintableBits(raw.loadUnaligned(fromByteOffset: j, as: UInt64.self)) == 0 else { break }
      j += 8
    }
    while j < b.count, (b[j] >= 0x20 && b[j] < 0x7F) || b[j] == 0x09 { j += 1 }
    if j > i {
      out.append(contentsOf: UnsafeBufferPointer(rebasing: b[i..<j]))
      i = j
      continue
    }
    let byte = b[i]
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

/// Nonzero when one of eight bytes may be below 0x20 or at or above 0x7F.
/// It may be nonzero for a printable word (a borrow between bytes), never
/// zero for one that is not: a false alarm only sends the bytes the careful way.
@inline(__always) func nonPrintableBits(_ w: UInt64) -> UInt64 {
  let low = (w &- 0x2020_2020_2020_2020) & ~w
  let high = w | (w &+ 0x0101_0101_0101_0101)
  return (low | high) & 0x8080_8080_8080_8080
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
