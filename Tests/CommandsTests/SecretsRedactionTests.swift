import Foundation
import Host
import Testing

/// Issue 29: a secret a server echoes back in another encoding is still a
/// secret: percent-encoded, base64'd, case-folded, or as the basic-auth header.
struct SecretsRedactionTests {
  @Test func everyEncodingIsMasked() {
    Secrets.remember("Tok-en/with+chars-29")
    Secrets.remember(user: "ops29", password: "pw+29/x")
    let echoes = [
      "got Tok-en/with+chars-29", "got TOK-EN/WITH+CHARS-29", "got tok-en%2Fwith%2Bchars-29",
      "got " + Data("Tok-en/with+chars-29".utf8).base64EncodedString(),
      "Authorization: Basic " + Data("ops29:pw+29/x".utf8).base64EncodedString(),
    ]
    for e in echoes {
      let r = Secrets.redact(e)
      #expect(r.contains("********"), "\(e) → \(r)")
      #expect(!r.lowercased().contains("with+chars") && !r.contains("b3BzMjk6"), "\(e) → \(r)")
    }
    #expect(Secrets.redact("nothing secret here") == "nothing secret here")
  }
}
