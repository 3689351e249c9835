import Foundation
import Vocabulary

/// The first non-blank line of a server's text, control characters blanked and
/// cut to `limit` characters with `…`: how an HTML error page or a long error
/// reads in a one-line message (`<title>502 Bad Gateway</title>`).
public func firstLine(of text: String, limit: Int) -> String {
  let line = text.split(whereSeparator: { $0 == "\n" || $0 == "\r" || $0 == "\r\n" })
    .lazy.map { $0.trimmingBlanks() }.first(where: { !$0.isEmpty }) ?? ""
  let clean = String(String.UnicodeScalarView(line.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F ? " " : $0 }))
  return clean.count > limit ? String(clean.prefix(limit - 1)) + "…" : clean
}
