/// The one idea of whitespace at the ends of what people type and files
/// hold: spaces, tabs, line breaks and Unicode's other blanks (the no-break
/// space a runbook pasted from a wiki brings). Without Foundation, so the
/// pure targets stay free of locale and bridging.
extension Substring {
  public var trimmedBlanks: Substring {
    var s = self
    while let c = s.first, c.isWhitespace { s.removeFirst() }
    while let c = s.last, c.isWhitespace { s.removeLast() }
    return s
  }
}

extension StringProtocol where SubSequence == Substring {
  public var trimmedBlanks: Substring { self[...].trimmedBlanks }
  /// `trimmedBlanks` as a String of its own.
  public func trimmingBlanks() -> String { String(trimmedBlanks) }
}
