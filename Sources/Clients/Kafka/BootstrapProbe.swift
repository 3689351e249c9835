import Formats
import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// librdkafka retries a refused bootstrap broker until the call's timeout, so
/// `-b 127.0.0.1:1 topics` would wait ten seconds for a port nothing listens
/// on. Before a new client's first request the bootstrap list is tried with
/// plain TCP connects: when every broker refuses or cannot be resolved, that
/// is the answer at once. One that accepts, or does not answer in time, leaves
/// the decision to librdkafka and its timeout.
public enum BootstrapProbe {
  /// nil when some broker may answer; otherwise one line naming each broker and why not.
  public static func refusal(bootstrap: String, deadlines: Deadlines) -> String? {
    let brokers = BrokerAddress.entries(bootstrap).filter { !$0.isEmpty }
    guard !brokers.isEmpty else { return nil }
    var reasons: [String] = []
    for broker in brokers {
      guard case .success(let address) = BrokerAddress.parse(broker) else { return nil }
      guard let why = refused(host: address.host, port: String(address.port), timeoutMs: deadlines.probeMs)
      else { return nil }
      reasons.append("\(broker): \(why)")
    }
    return "no broker answers (" + reasons.joined(separator: "; ") + ")"
  }

  /// Why no connection to host:port can be made, or nil when one was made or
  /// the answer is not known within the time.
  static func refused(host: String, port: String, timeoutMs: Int) -> String? {
    var hints = addrinfo()
    hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
    hints.ai_family = AF_UNSPEC
    var list: UnsafeMutablePointer<addrinfo>?
    let rc = getaddrinfo(host, port, &hints, &list)
    if rc != 0 {
      // A temporary failure of the resolver is not a refusal.
      if rc == EAI_AGAIN { return nil }
      return "cannot resolve \(host): \(String(cString: gai_strerror(rc)))"
    }
    defer { freeaddrinfo(list) }
    var why: String?
    var entry = list
    while let a = entry {
      switch connectResult(a.pointee, timeoutMs: timeoutMs) {
      case .connected, .unknown: return nil
      case .refused(let e): why = String(cString: strerror(e)).lowercased()
      }
      entry = a.pointee.ai_next
    }
    return why
  }

  enum Outcome {
    case connected, unknown
    case refused(Int32)
  }

  /// A definite no, as against a timeout or a local failure, which decide nothing.
  static func isRefusal(_ e: Int32) -> Bool { e == ECONNREFUSED || e == ENETUNREACH || e == EHOSTUNREACH }

  static func connectResult(_ a: addrinfo, timeoutMs: Int) -> Outcome {
    let fd = socket(a.ai_family, a.ai_socktype | Int32(SOCK_CLOEXEC.rawValue), a.ai_protocol)
    guard fd >= 0 else { return .unknown }
    defer { close(fd) }
    let flags = fcntl(fd, F_GETFL)
    _ = fcntl(fd, F_SETFL, flags | O_NONBLOCK)
    if connect(fd, a.ai_addr, a.ai_addrlen) == 0 { return .connected }
    let e = errno
    if isRefusal(e) { return .refused(e) }
    guard e == EINPROGRESS else { return .unknown }
    var p = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
    let n = poll(&p, 1, Int32(clamping: timeoutMs))
    guard n == 1 else { return .unknown }
    var soError: Int32 = 0
    var length = socklen_t(MemoryLayout<Int32>.size)
    guard getsockopt(fd, SOL_SOCKET, SO_ERROR, &soError, &length) == 0 else { return .unknown }
    if soError == 0 { return .connected }
    if isRefusal(soError) { return .refused(soError) }
    return .unknown
  }
}
