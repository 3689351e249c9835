/// True for a non-empty run of ASCII digits; `Int64("+5")` would accept a
/// sign, which offsets must not have.
func isASCIIDigits<S: StringProtocol>(_ s: S) -> Bool {
  !s.isEmpty && s.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
}
