import Capacity
import Clients
import Config
import Formats
import Foundation
import Output
import Prometheus
import ScriptLanguage
import Vocabulary

/// Every secret this process has read (config, secret files, environment,
/// flags), so that each line written to stderr can be scrubbed of them. Masking
/// at the source is not enough: a proxy or a misconfigured server may echo a
/// token back in an error body, and that body is quoted in the message.
public enum Secrets {
  /// Longest first, so a secret containing another is masked whole.
  private static let known = Locked<[String]>([])

  /// Values under four characters are not remembered: masking every "ab" in
  /// every message would garble more than it protects.
  /// With the forms a server may echo it back in: percent-encoded and
  /// base64'd (matching is case-insensitive, so a case-folded echo is caught too).
  public static func remember(_ secret: String?) {
    guard let secret, secret.count >= 4 else { return }
    var forms = [secret, Data(secret.utf8).base64EncodedString()]
    // RFC 3986's unreserved characters stay as they are; every other byte is %XX.
    let unreserved = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-._~"))
    if let encoded = secret.addingPercentEncoding(withAllowedCharacters: unreserved), encoded != secret {
      forms.append(encoded)
    }
    known.update { known in
      for f in forms where !known.contains(f) { known.append(f) }
      known.sort { $0.count > $1.count }
    }
  }

  /// Basic auth: the password, and `user:password` as the Authorization
  /// header carries it (base64), which a server echoing headers shows.
  public static func remember(user: String, password: String) {
    remember(password)
    guard password.count >= 4 else { return }
    let header = Data("\(user):\(password)".utf8).base64EncodedString()
    known.update { known in
      if !known.contains(header) { known.append(header) }
      known.sort { $0.count > $1.count }
    }
  }

  /// A header that carries a credential (`Authorization: Bearer X`,
  /// `X-Api-Key: X`): the value, and the token after its scheme.
  public static func rememberHeader(name: String, value: String) {
    let n = name.lowercased()
    guard n.contains("authorization") || n.contains("token") || n.contains("api-key") || n.contains("apikey")
      || n.contains("secret") || n == "cookie"
    else { return }
    remember(value)
    if let space = value.firstIndex(of: " ") {
      remember(String(value[value.index(after: space)...]).trimmingBlanks())
    }
  }

  public static func redact(_ text: String) -> String {
    let secrets = known.value
    var out = text
    for s in secrets where out.range(of: s, options: .caseInsensitive) != nil {
      out = out.replacingOccurrences(of: s, with: secretMask, options: .caseInsensitive)
    }
    return out
  }

  /// The one way a diagnostic reaches stderr.
  /// On a terminal, control characters in a diagnostic (a server's warning
  /// or error text quoted in it) are shown, never sent.
  public static func writeError(_ line: String) {
    let text = stderrIsTerminal ? visibleControls(redact(line)) : redact(line)
    FileHandle.standardError.write(Data(ArgumentBytes.bytes(text + "\n")))
  }

  private static let stderrIsTerminal = isatty(STDERR_FILENO) == 1
}
