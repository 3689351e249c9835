import Capacity
import Clients
import Config
import Formats
import Foundation
import Output
import Prometheus
import ScriptLanguage
import Vocabulary

/// Reading script text: NUL bytes are refused (a binary file passed by mistake),
/// invalid UTF-8 is replaced rather than trusted.
public enum ScriptSource {
  public struct ReadError: Error, CustomStringConvertible {
    public var description: String
  }

  public static let maximumSize = 64 << 20

  public static func read(path: String, displayName: String) throws -> String {
    let data: Data
    do {
      data = try FileContents.read(path, limit: maximumSize)
    } catch {
      throw ReadError(
        description: error.description == "no such file" ? "no such file: \(displayName)" : "\(displayName) \(error.description)")
    }
    return try decode(data, name: displayName)
  }

  /// A script piped in: read with the same bound and errors as a file.
  public static func readStandardInput() throws -> String {
    let data: Data
    do {
      data = try FileContents.readStandardInput(limit: maximumSize)
    } catch {
      throw ReadError(description: "<stdin> \(error.description)")
    }
    return try decode(data, name: "<stdin>")
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

extension ScriptSource.ReadError: StatusError {
  public var exitStatus: Int32 { ExitStatus.failure }
}
