import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// A plain HTTP/1.0 GET to 127.0.0.1, for readiness checks of the programs
/// the sandbox starts: no libcurl, no settings, two seconds at most.
public enum LoopbackProbe {
  /// The status code of the answer; nil when nothing answers.
  public static func status(port: Int, _ path: String) -> Int? {
    guard let line = get(port: port, path)?.prefix(while: { !$0.isNewline }) else { return nil }
    let parts = line.split(separator: " ")
    guard parts.count >= 2, parts[0].hasPrefix("HTTP/") else { return nil }
    return Int(parts[1])
  }

  /// Something accepts connections on the port (a broker that speaks no HTTP).
  public static func accepts(port: Int) -> Bool {
    guard let fd = connected(port: port) else { return false }
    close(fd)
    return true
  }

  /// A connected socket with two-second send and receive bounds, nil when refused.
  private static func connected(port: Int) -> Int32? {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { return nil }
    var timeout = timeval(tv_sec: 2, tv_usec: 0)
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    var address = HTTPServer.loopback(port: port)
    let rc = withUnsafePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
      }
    }
    guard rc == 0 else {
      close(fd)
      return nil
    }
    return fd
  }

  /// The whole response (status line first); nil when nothing answers.
  public static func get(port: Int, _ path: String) -> String? {
    guard let fd = connected(port: port) else { return nil }
    defer { close(fd) }
    guard HTTPServer.send(fd, Array("GET \(path) HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n".utf8)) else { return nil }
    var response: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 8192)
    while response.count < 1 << 20 {
      let n = read(fd, &chunk, chunk.count)
      if n <= 0 { break }
      response.append(contentsOf: chunk[..<n])
    }
    return String(decoding: response, as: UTF8.self)
  }
}
