import Capacity
import Clients
import Config
import Formats
import Foundation
import Output
import Prometheus
import ShellLanguage

/// Every secret this process has read (config, secret files, environment,
/// flags), so that each line written to stderr can be scrubbed of them. Masking
/// at the source is not enough: a proxy or a misconfigured server may echo a
/// token back in an error body, and that body is quoted in the message.
public enum Secrets {
  /// Longest first, so a secret containing another is masked whole.
  private static let known = Locked<[String]>([])

  /// Values under four characters are not remembered: masking every "ab" in
  /// every message would garble more than it protects.
  public static func remember(_ secret: String?) {
    guard let secret, secret.count >= 4 else { return }
    known.update { known in
      guard !known.contains(secret) else { return }
      known.append(secret)
      known.sort { $0.count > $1.count }
    }
  }

  public static func redact(_ text: String) -> String {
    let secrets = known.value
    var out = text
    for s in secrets where out.contains(s) { out = out.replacingOccurrences(of: s, with: secretMask) }
    return out
  }

  /// The one way a diagnostic reaches stderr.
  /// On a terminal, control characters in a diagnostic (a server's warning
  /// or error text quoted in it) are shown, never sent.
  public static func writeError(_ line: String) {
    let text = stderrIsTerminal ? visibleControls(redact(line)) : redact(line)
    FileHandle.standardError.write(Data((text + "\n").utf8))
  }

  private static let stderrIsTerminal = isatty(STDERR_FILENO) == 1
}
