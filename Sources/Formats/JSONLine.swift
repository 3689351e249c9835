import Vocabulary

/// One message as a line of JSON for scripts (`jq`):
/// `{"topic","partition","offset","timestamp","key","value","headers"}` + "\n".
/// Nothing is lost: headers are a list of `[name, value]` pairs (a header
/// repeated is there twice, in order), and a key, value or header value that
/// is not UTF-8 is written in base64 and says so: `"valueEncoding":"base64"`
/// (`"keyEncoding"` likewise) beside it, a third element `"base64"` in a
/// header pair. Valid UTF-8 is written as text.
public func jsonLine(_ m: ConsumedMessage, into buffer: inout [UInt8]) {
  m.withView { jsonLine($0, into: &buffer) }
}

public func jsonLine(_ m: MessageView, into buffer: inout [UInt8]) {
  buffer.append(contentsOf: #"{"topic":"#.utf8)
  // A topic name is ASCII letters, digits, '.', '_' and '-': nothing to escape.
  appendJSONBytes(m.topicBytes, to: &buffer)
  buffer.append(contentsOf: #","partition":"#.utf8)
  appendDecimal(Int64(m.partition), to: &buffer)
  buffer.append(contentsOf: #","offset":"#.utf8)
  appendDecimal(m.offset, to: &buffer)
  buffer.append(contentsOf: #","timestamp":"#.utf8)
  if let ms = m.timestampMs {
    buffer.append(UInt8(ascii: "\""))
    appendRFC3339(millis: ms, to: &buffer)
    buffer.append(UInt8(ascii: "\""))
  } else {
    buffer.append(contentsOf: "null".utf8)
  }
  buffer.append(contentsOf: #","key":"#.utf8)
  let keyIsText = appendJSONPayload(m.key, to: &buffer)
  if !keyIsText { buffer.append(contentsOf: #","keyEncoding":"base64""#.utf8) }
  buffer.append(contentsOf: #","value":"#.utf8)
  let valueIsText = appendJSONPayload(m.value, to: &buffer)
  if !valueIsText { buffer.append(contentsOf: #","valueEncoding":"base64""#.utf8) }
  buffer.append(contentsOf: #","headers":["#.utf8)
  for (index, header) in m.headers.enumerated() {
    if index > 0 { buffer.append(UInt8(ascii: ",")) }
    buffer.append(UInt8(ascii: "["))
    appendJSONString(header.name, to: &buffer)
    buffer.append(UInt8(ascii: ","))
    if !appendJSONPayload(header.value, to: &buffer) { buffer.append(contentsOf: #","base64""#.utf8) }
    buffer.append(UInt8(ascii: "]"))
  }
  buffer.append(contentsOf: "]}\n".utf8)
}

/// A payload as a JSON string: its text when it is UTF-8 (true), else its
/// base64 (false: the caller says so). nil is `null`.
func appendJSONPayload(_ bytes: [UInt8]?, to buffer: inout [UInt8]) -> Bool {
  guard let bytes else { return appendJSONPayload(nil as UnsafeBufferPointer<UInt8>?, to: &buffer) }
  return bytes.withUnsafeBufferPointer { appendJSONPayload($0, to: &buffer) }
}

func appendJSONPayload(_ bytes: UnsafeBufferPointer<UInt8>?, to buffer: inout [UInt8]) -> Bool {
  guard let bytes else {
    buffer.append(contentsOf: "null".utf8)
    return true
  }
  guard isValidUTF8(bytes) else {
    buffer.append(UInt8(ascii: "\""))
    appendBase64(bytes, to: &buffer)
    buffer.append(UInt8(ascii: "\""))
    return false
  }
  appendJSONBytes(bytes, to: &buffer)
  return true
}

func isValidUTF8(_ bytes: [UInt8]) -> Bool {
  bytes.withUnsafeBufferPointer(isValidUTF8)
}

func isValidUTF8(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
  var i = 0
  while i < b.count {
    if b[i] < 0x80 {
      i += 1
      continue
    }
    let n = utf8SequenceLength(b, at: i)
    if n == 0 { return false }
    i += n
  }
  return true
}

/// RFC 4648 base64 with padding.
func appendBase64(_ bytes: [UInt8], to buffer: inout [UInt8]) {
  bytes.withUnsafeBufferPointer { appendBase64($0, to: &buffer) }
}

func appendBase64(_ bytes: UnsafeBufferPointer<UInt8>, to buffer: inout [UInt8]) {
  let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
  var i = 0
  while i + 3 <= bytes.count {
    let n = UInt32(bytes[i]) << 16 | UInt32(bytes[i + 1]) << 8 | UInt32(bytes[i + 2])
    buffer.append(alphabet[Int(n >> 18 & 63)])
    buffer.append(alphabet[Int(n >> 12 & 63)])
    buffer.append(alphabet[Int(n >> 6 & 63)])
    buffer.append(alphabet[Int(n & 63)])
    i += 3
  }
  let rest = bytes.count - i
  if rest > 0 {
    let n = UInt32(bytes[i]) << 16 | (rest == 2 ? UInt32(bytes[i + 1]) << 8 : 0)
    buffer.append(alphabet[Int(n >> 18 & 63)])
    buffer.append(alphabet[Int(n >> 12 & 63)])
    buffer.append(rest == 2 ? alphabet[Int(n >> 6 & 63)] : UInt8(ascii: "="))
    buffer.append(UInt8(ascii: "="))
  }
}

/// A JSON string literal for text that is already valid Unicode.
func appendJSONString(_ text: String, to buffer: inout [UInt8]) {
  buffer.append(UInt8(ascii: "\""))
  for byte in text.utf8 {
    appendJSONEscaped(byte, to: &buffer)
  }
  buffer.append(UInt8(ascii: "\""))
}

/// A JSON string literal for payload bytes, or `null` for an absent payload.
func appendJSONBytes(_ bytes: [UInt8]?, to buffer: inout [UInt8]) {
  guard let bytes else { return appendJSONBytes(nil as UnsafeBufferPointer<UInt8>?, to: &buffer) }
  bytes.withUnsafeBufferPointer { appendJSONBytes($0, to: &buffer) }
}

func appendJSONBytes(_ bytes: UnsafeBufferPointer<UInt8>?, to buffer: inout [UInt8]) {
  guard let b = bytes else {
    buffer.append(contentsOf: "null".utf8)
    return
  }
  buffer.append(UInt8(ascii: "\""))
  var i = 0
  var runStart = 0
  // Bytes that need no escaping are copied in runs, not one by one.
  while i < b.count {
    let byte = b[i]
    if byte >= 0x20 && byte < 0x80 && byte != UInt8(ascii: "\"") && byte != UInt8(ascii: "\\") {
      i += 1
      continue
    }
    let length = byte < 0x80 ? 1 : utf8SequenceLength(b, at: i)
    if length > 1 {
      i += length
      continue
    }
    buffer.append(contentsOf: UnsafeBufferPointer(rebasing: b[runStart..<i]))
    if length == 1 {
      appendJSONEscaped(byte, to: &buffer)
    } else {
      // The JSON text `\\xNN` decodes to the four characters \xNN.
      buffer.append(UInt8(ascii: "\\"))
      appendByteEscape(byte, to: &buffer)
    }
    i += 1
    runStart = i
  }
  buffer.append(contentsOf: UnsafeBufferPointer(rebasing: b[runStart..<b.count]))
  buffer.append(UInt8(ascii: "\""))
}

/// One byte of valid UTF-8 inside a JSON string: quote, backslash and C0
/// controls escaped, everything else as is.
@inline(__always)
func appendJSONEscaped(_ byte: UInt8, to buffer: inout [UInt8]) {
  switch byte {
  case UInt8(ascii: "\""), UInt8(ascii: "\\"):
    buffer.append(UInt8(ascii: "\\"))
    buffer.append(byte)
  case 0x0A:
    buffer.append(UInt8(ascii: "\\"))
    buffer.append(UInt8(ascii: "n"))
  case 0x0D:
    buffer.append(UInt8(ascii: "\\"))
    buffer.append(UInt8(ascii: "r"))
  case 0x09:
    buffer.append(UInt8(ascii: "\\"))
    buffer.append(UInt8(ascii: "t"))
  case 0..<0x20:
    buffer.append(contentsOf: #"\u00"#.utf8)
    appendHexByte(byte, to: &buffer)
  default:
    buffer.append(byte)
  }
}
