import CShims
import Foundation
import Vocabulary

#if canImport(Glibc)
  import Glibc
#endif

/// A small HTTP/1.1 server on 127.0.0.1 for the sandbox's stand-ins (the
/// consumer service, the sink, the exporter, the control endpoint). One
/// thread accepts; each connection gets a thread, one request and
/// `Connection: close`: what Prometheus's scrapes, curl and an SSE client
/// need, and nothing that could answer on another interface.
public final class HTTPServer: Sendable {
  public struct Request: Sendable {
    public var method: String
    /// Without the query.
    public var path: String
    public var query: String
  }

  /// A writer for a response streamed until either side stops.
  public final class Stream: Sendable {
    let fd: Int32
    init(fd: Int32) { self.fd = fd }
    /// False when the client has gone (or the server is stopping).
    public func write(_ text: String) -> Bool { HTTPServer.send(fd, Array(text.utf8)) }
  }

  public enum Response: Sendable {
    case body(status: Int, contentType: String, text: String)
    /// Headers for an endless body (server-sent events); the closure writes
    /// until `write` returns false or it decides to end.
    case stream(contentType: String, @Sendable (Stream) -> Void)

    public static func text(_ text: String, status: Int = 200) -> Response {
      .body(status: status, contentType: "text/plain; charset=utf-8", text: text)
    }
  }

  public let port: Int
  private let listener: Int32
  private let handler: @Sendable (Request) -> Response
  /// The open connections; a connection's descriptor is closed under this
  /// lock too, so `stop` never shuts down a number reused by another socket.
  private let open = Locked(Open())
  private let acceptDone = DispatchSemaphore(value: 0)

  private struct Open: Sendable {
    var connections: Set<Int32> = []
    var stopped = false
  }

  /// `port` 0 takes a free one. Binding a port that is taken is an error
  /// naming it, never a silent other port.
  public init(port: Int = 0, handler: @escaping @Sendable (Request) -> Response) throws {
    (listener, self.port) = try Self.listen(port: port)
    self.handler = handler
    let thread = Thread { [self] in acceptLoop() }
    thread.name = "http-\(self.port)"
    thread.start()
  }

  /// A listening socket on 127.0.0.1 and the port it got.
  private static func listen(port: Int) throws -> (fd: Int32, port: Int) {
    // Close-on-exec from the start: Prometheus, started from another thread,
    // must never inherit a listener (a "down" port would still accept).
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
    guard fd >= 0 else { throw ServeError("socket(): \(String(cString: strerror(errno)))") }
    var one: Int32 = 1
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
    var address = Self.loopback(port: port)
    let size = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, size) }
    }
    guard bound == 0, Glibc.listen(fd, 64) == 0 else {
      let why = String(cString: strerror(errno))
      close(fd)
      throw ServeError("cannot listen on 127.0.0.1:\(port): \(why)")
    }
    var length = size
    _ = withUnsafeMutablePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
    }
    return (fd, Int(UInt16(bigEndian: address.sin_port)))
  }

  deinit { stop() }

  /// Closes the listener (new connections are refused at once) and every
  /// open connection; returns when no new request can start.
  public func stop() {
    let first = open.update { o in
      guard !o.stopped else { return false }
      o.stopped = true
      for fd in o.connections { shutdown(fd, Int32(SHUT_RDWR)) }
      return true
    }
    guard first else { return }
    shutdown(listener, Int32(SHUT_RDWR))
    acceptDone.wait()
    close(listener)
  }

  public var isStopped: Bool { open.value.stopped }

  private func acceptLoop() {
    defer { acceptDone.signal() }
    while true {
      let fd = aether_accept_cloexec(listener)
      if fd < 0 {
        let why = errno
        if isStopped { return }
        // Out of descriptors, or a connection reset before it was taken:
        // the server stays up and tries again, never silently deaf.
        if why == EMFILE || why == ENFILE || why == ENOBUFS || why == ENOMEM { usleep(50_000) }
        continue
      }
      let taken = open.update { o in
        guard !o.stopped else { return false }
        o.connections.insert(fd)
        return true
      }
      guard taken else {
        close(fd)
        return
      }
      let thread = Thread { [self] in
        serve(fd)
        open.update { o in
          o.connections.remove(fd)
          close(fd)
        }
      }
      thread.start()
    }
  }

  private func serve(_ fd: Int32) {
    // A client that sends nothing, or stops reading, ties up one thread for at most this long.
    var timeout = timeval(tv_sec: 10, tv_usec: 0)
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    guard let head = Self.readHead(fd) else { return }
    guard let request = HTTPRequestHead.parse(head) else {
      _ = Self.send(fd, Self.encode(.text("bad request\n", status: 400)))
      return
    }
    let response = handler(Request(method: request.method, path: request.path, query: request.query))
    switch response {
    case .body:
      _ = Self.send(fd, Self.encode(response))
    case .stream(let type, let body):
      let head = "HTTP/1.1 200 OK\r\nContent-Type: \(type)\r\nCache-Control: no-cache\r\nConnection: close\r\n\r\n"
      guard Self.send(fd, Array(head.utf8)) else { return }
      body(Stream(fd: fd))
    }
  }

  /// Up to the blank line after the headers (a body, if any, is not read: no route takes one).
  private static func readHead(_ fd: Int32) -> String? {
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 4096)
    while bytes.count < 65_536 {
      let n = read(fd, &chunk, chunk.count)
      if n <= 0 { return nil }
      bytes.append(contentsOf: chunk[..<n])
      if let text = String(bytes: bytes, encoding: .utf8), text.contains("\r\n\r\n") || text.contains("\n\n") {
        return text
      }
    }
    return nil
  }

  static func encode(_ response: Response) -> [UInt8] {
    guard case .body(let status, let type, let text) = response else { return [] }
    let body = Array(text.utf8)
    let head =
      "HTTP/1.1 \(status) \(HTTPRequestHead.reason(status))\r\nContent-Type: \(type)\r\nContent-Length: \(body.count)\r\n"
      + "Connection: close\r\n\r\n"
    return Array(head.utf8) + body
  }

  static func send(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
    var sent = 0
    while sent < bytes.count {
      let n = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress! + sent, bytes.count - sent, Int32(MSG_NOSIGNAL)) }
      if n < 0 && errno == EINTR { continue }
      if n <= 0 { return false }
      sent += n
    }
    return true
  }

  static func loopback(port: Int) -> sockaddr_in {
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = in_port_t(UInt16(port).bigEndian)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    return address
  }

  /// A port nothing listens on now, for a program that needs one named
  /// (Prometheus, Alertmanager): bound, read and released.
  public static func freePort() throws -> Int {
    let (fd, port) = try listen(port: 0)
    close(fd)
    return port
  }
}

public struct ServeError: Error, CustomStringConvertible {
  public let description: String
  public init(_ description: String) { self.description = description }
}

extension ServeError: StatusError {
  public var exitStatus: Int32 { ExitStatus.failure }
}
