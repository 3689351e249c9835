import Clients
import Foundation
import Formats

/// The sandbox's parts' recent log lines, as `docker logs --timestamps`
/// keeps a container's: what the runbooks' `fix logs` shows. Problems also
/// go to the session's stderr as they happen; notes (a replica joining, a
/// control action) are only kept.
public final class SandboxLog: Sendable {
  /// Lines kept per part: a drill's worth, bounded whatever runs for how long.
  public static let kept = 500
  private let lines = Locked([String: [String]]())
  private let problems: @Sendable (String) -> Void

  public init(problems: @escaping @Sendable (String) -> Void) { self.problems = problems }

  /// `label` is what the line says it comes from, when not the part itself.
  public func problem(_ part: String, _ text: String, label: String? = nil) {
    problems(keep(part, text, label: label ?? part))
  }
  public func note(_ part: String, _ text: String) { _ = keep(part, text, label: part) }

  /// The last `count` lines of a part, oldest first.
  public func recent(_ part: String, count: Int) -> [String] {
    Array((lines.value[part] ?? []).suffix(max(0, count)))
  }

  private func keep(_ part: String, _ text: String, label: String) -> String {
    let ms = Int64((Date().timeIntervalSince1970 * 1000).rounded())
    let line = "\(formatTimestamp(ms)) \(label): \(text)"
    lines.update { all in
      all[part, default: []].append(line)
      if all[part]!.count > Self.kept { all[part]!.removeFirst(all[part]!.count - Self.kept) }
    }
    return line
  }
}
