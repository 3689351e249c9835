import Capacity
import Clients
import Config
import Formats
import Foundation
import Output
import Prometheus
import ShellLanguage

/// Reading script text: NUL bytes are refused (a binary file passed by mistake),
/// invalid UTF-8 is replaced rather than trusted.
public enum ScriptSource {
  public struct ReadError: Error, CustomStringConvertible {
    public var description: String
  }

  public static let maximumSize = 64 << 20

  public static func read(path: String, displayName: String) throws -> String {
    guard let handle = FileHandle(forReadingAtPath: path) else {
      var isDir: ObjCBool = false
      if FileManager.default.fileExists(atPath: path, isDirectory: &isDir) {
        throw ReadError(description: isDir.boolValue ? "\(displayName) is a directory" : "cannot read \(displayName)")
      }
      throw ReadError(description: "no such file: \(displayName)")
    }
    defer { try? handle.close() }
    let data = handle.readData(ofLength: maximumSize + 1)
    return try decode(data, name: displayName)
  }

  public static func decode(_ data: Data, name: String) throws -> String {
    guard data.count <= maximumSize else {
      throw ReadError(description: "\(name) is larger than \(maximumSize >> 20) MiB")
    }
    if let nul = data.firstIndex(of: 0) {
      let line = data[..<nul].reduce(1) { $1 == 10 ? $0 + 1 : $0 }
      throw ReadError(description: "\(name):\(line): NUL byte in script (is this a binary file?)")
    }
    if let text = String(validating: data, as: UTF8.self) { return text }
    // Not silently U+FFFD: a word with a replaced byte would run as something else.
    var line = 1
    for bytes in data.split(separator: 10, omittingEmptySubsequences: false) {
      if String(validating: bytes, as: UTF8.self) == nil { break }
      line += 1
    }
    throw ReadError(description: "\(name):\(line): not valid UTF-8 (is this a binary file?)")
  }
}
