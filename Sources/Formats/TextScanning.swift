extension Substring {
  /// Trims spaces, tabs and line breaks; Foundation's trimming is avoided
  /// so the pure parsers stay independent of locale and bridging.
  var trimmedBlanks: Substring {
    var s = self
    while let c = s.first, c.isWhitespace { s.removeFirst() }
    while let c = s.last, c.isWhitespace { s.removeLast() }
    return s
  }
}

extension String {
  var trimmedBlanks: Substring { self[...].trimmedBlanks }
}

/// True for a non-empty run of ASCII digits; `Int64("+5")` would accept a
/// sign, which offsets must not have.
func isASCIIDigits<S: StringProtocol>(_ s: S) -> Bool {
  !s.isEmpty && s.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
}
