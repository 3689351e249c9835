import Capacity
import Clients
import Config
import Formats
import Foundation
import Output
import Prometheus
import ScriptLanguage

/// Which lines may be remembered: nothing that carries a secret, nothing the
/// operator hid with a leading space.
package enum HistoryPolicy {
  static let secretMarkers = [
    "password", "passwd", "--bearer", "token", "secret", "authorization:", "sasl.", "--user",
  ]

  package static func shouldRecord(_ line: String) -> Bool {
    guard let first = line.first, first != " ", first != "\t" else { return false }
    guard !line.allSatisfy({ $0 == " " || $0 == "\t" }) else { return false }
    let lower = line.lowercased()
    guard !secretMarkers.contains(where: { lower.contains($0) }) else { return false }
    // A URL with a password in it (http://user:pw@host) is kept out like one.
    return !line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "'" || $0 == "\"" }).contains {
      $0.contains("://") && redactingCredentials(in: String($0)) != String($0)
    }
  }
}

/// The history file: one entry per line (backslash and newline escaped),
/// appended under an exclusive lock so that two shells never interleave a
/// line or lose one; trimmed to the newest entries when it grows.
package final class HistoryStore {
  package let path: String
  let limit: Int

  package init(path: String, limit: Int) {
    self.path = path
    self.limit = max(1, limit)
  }

  package static func defaultPath(environment: [String: String]) -> String? {
    AppDirectory.state.path(environment: environment).map { $0 + "/history" }
  }

  /// The newest `limit` entries, oldest first.
  package func load() -> [String] {
    guard let data = FileManager.default.contents(atPath: path) else { return [] }
    let lines = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: true)
    return lines.suffix(limit).map { Self.unescape(String($0)) }
  }

  package func append(_ entry: String) {
    let dir = (path as NSString).deletingLastPathComponent
    try? FileManager.default.createDirectory(
      atPath: dir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
    // Another shell may trim (replace) the file between our open and our lock:
    // write only to the file that is at `path` while the lock is held.
    var fd: Int32 = -1
    for _ in 0..<5 {
      let candidate = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o600)
      guard candidate >= 0 else { return }
      guard flock(candidate, LOCK_EX) == 0 else {
        close(candidate)
        return
      }
      var held = stat()
      var current = stat()
      if fstat(candidate, &held) == 0, stat(path, &current) == 0, held.st_ino == current.st_ino {
        fd = candidate
        break
      }
      flock(candidate, LOCK_UN)
      close(candidate)
    }
    guard fd >= 0 else { return }
    defer {
      flock(fd, LOCK_UN)
      close(fd)
    }
    let line = Array((Self.escape(entry) + "\n").utf8)
    _ = line.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
    trimIfNeeded(fd)
  }

  /// Rewrites the file with the newest entries once it holds twice the limit,
  /// under the lock already held.
  private func trimIfNeeded(_ fd: Int32) {
    var st = stat()
    guard fstat(fd, &st) == 0, st.st_size > 4096 else { return }
    guard let data = FileManager.default.contents(atPath: path) else { return }
    let lines = data.split(separator: 10)
    guard lines.count > limit * 2 else { return }
    var kept = Data()
    for l in lines.suffix(limit) {
      kept.append(contentsOf: l)
      kept.append(10)
    }
    let tmp = path + ".tmp"
    guard FileManager.default.createFile(atPath: tmp, contents: kept, attributes: [.posixPermissions: 0o600]) else {
      return
    }
    rename(tmp, path)
  }

  package static func escape(_ s: String) -> String {
    s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\n", with: "\\n")
  }

  package static func unescape(_ s: String) -> String {
    var out = ""
    var escaping = false
    for c in s {
      if escaping {
        out.append(c == "n" ? "\n" : c)
        escaping = false
      } else if c == "\\" {
        escaping = true
      } else {
        out.append(c)
      }
    }
    return out
  }
}
