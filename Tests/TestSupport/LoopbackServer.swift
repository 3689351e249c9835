import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// A Python http.server on 127.0.0.1 with a free port, one per test, with
/// routes for every behaviour the client must handle. The script exits when
/// its stdin closes, so a crashed test run leaves no server behind.
/// `@unchecked Sendable`: nothing in it changes after init.
public final class LoopbackServer: @unchecked Sendable {
  public let port: Int
  private let child: ChildProcess
  private let directory: URL

  /// With `tls`, the PEM of its self-signed certificate (for 127.0.0.1).
  public let certificatePath: String?

  public var base: String { "\(certificatePath == nil ? "http" : "https")://127.0.0.1:\(port)" }

  /// `tls`: HTTPS (or any TLS client) with a fresh self-signed certificate,
  /// which nothing trusts unless told to.
  public init(tls: Bool = false) throws {
    directory = FileManager.default.temporaryDirectory.appendingPathComponent("aether-http-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    let script = directory.appendingPathComponent("server.py")
    try Self.script.write(to: script, atomically: true, encoding: .utf8)
    var argv = ["python3", script.path]
    if tls {
      let cert = directory.appendingPathComponent("cert.pem").path
      let key = directory.appendingPathComponent("key.pem").path
      let openssl = try ChildProcess([
        "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert, "-days", "2",
        "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
      ])
      _ = openssl.readLine(timeout: 30)
      openssl.stop(grace: 30)
      guard FileManager.default.fileExists(atPath: cert) else { throw FixtureError("openssl made no certificate") }
      argv += [cert, key]
      certificatePath = cert
    } else {
      certificatePath = nil
    }
    // Its stderr lives in its directory, which the script removes when it exits.
    child = try ChildProcess(argv, stderrPath: directory.appendingPathComponent("server.err").path)
    let line = child.readLine(timeout: 20) ?? ""
    guard let port = Int(line.trimmingCharacters(in: .whitespaces)) else {
      let why = child.stderrText
      child.stop()
      throw FixtureError("the Python test server did not start (said '\(line)' \(why))")
    }
    self.port = port
  }

  public func stop() {
    child.stop()
    try? FileManager.default.removeItem(at: directory)
  }

  deinit { stop() }

  public static func with<T>(_ body: (LoopbackServer) throws -> T) throws -> T {
    let server = try LoopbackServer()
    defer { server.stop() }
    return try body(server)
  }

  static let script = #"""
    import gzip, json, os, ssl, sys, threading, time, urllib.parse
    from http.server import ThreadingHTTPServer, BaseHTTPRequestHandler

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args):
            pass

        def send_body(self, status, body, ctype="text/plain", extra=()):
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            for name, value in extra:
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(body)

        def start_chunked(self):
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()

        def chunk(self, data):
            self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))
            self.wfile.flush()

        def do_GET(self):
            self.route()

        def do_POST(self):
            self.route()

        def route(self):
            parts = self.path.split("?")[0].strip("/").split("/")
            name = parts[0]
            arg = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else 0
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            if name == "echo":
                info = {
                    "method": self.command,
                    "path": self.path,
                    "headers": {k.lower(): v for k, v in self.headers.items()},
                    "body": body.decode("utf-8", "replace"),
                    "form": {k: v for k, v in urllib.parse.parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True)},
                    "peer": self.client_address[1],
                }
                self.send_body(200, json.dumps(info).encode(), "application/json")
            elif name == "whoami":
                # A careless server quoting the credentials back in its error page.
                who = self.headers.get("Authorization") or "nobody"
                self.send_body(500, ("denied for " + who + "\n").encode())
            elif name == "ok":
                self.send_body(200, b"hello", extra=[("X-Test", "yes"), ("X-Multi", "a"), ("X-Multi", "b")])
            elif name == "fail":
                self.send_body(500, b'{"status":"error","error":"boom"}', "application/json", [("X-Test", "broken")])
            elif name == "redirect":
                if arg == 0:
                    self.send_body(200, b"arrived")
                else:
                    self.send_response(302)
                    self.send_header("Location", "/redirect/%d" % (arg - 1))
                    self.send_header("Content-Length", "0")
                    self.end_headers()
            elif name == "big":
                self.send_body(200, b"x" * arg)
            elif name == "bigchunked":
                self.start_chunked()
                sent = 0
                while sent < arg:
                    piece = min(4096, arg - sent)
                    self.chunk(b"y" * piece)
                    sent += piece
                self.wfile.write(b"0\r\n\r\n")
            elif name == "gzip":
                data = b"compressed text " * 200
                self.send_body(200, gzip.compress(data), extra=[("Content-Encoding", "gzip")])
            elif name == "stream":
                self.start_chunked()
                for i in range(arg):
                    self.chunk(b"data: %d\n\n" % i)
                    time.sleep(0.1)
                self.wfile.write(b"0\r\n\r\n")
            elif name == "forever":
                self.start_chunked()
                i = 0
                while True:
                    self.chunk(b"data: %d\n\n" % i)
                    i += 1
                    time.sleep(0.1)
            elif name == "hugeevent":
                # One event over the client's 8 MiB bound between two normal ones,
                # then a stream that ends inside an event.
                self.start_chunked()
                self.chunk(b"data: 1\n\n")
                self.chunk(b"data: ")
                for _ in range(9 * 16):
                    self.chunk(b"x" * 65536)
                self.chunk(b"\n\ndata: 3\n\ndata: unfinished")
                self.wfile.write(b"0\r\n\r\n")
            elif name == "healthz":
                self.send_body(200, b"ok")
            elif name == "html500":
                self.send_body(500, b"<html><head><title>500 Internal Server Error</title></head>\n<body>boom</body></html>\n", "text/html")
            elif name == "metrics":
                self.send_body(200, exposition(True).encode(), "text/plain; version=0.0.4")
            elif name == "pipeline":
                # What Prometheus scrapes: no explicit timestamps (an old one would be out of bounds).
                self.send_body(200, exposition(False).encode(), "text/plain; version=0.0.4")
            elif name == "slow":
                time.sleep(arg or 30)
                self.send_body(200, b"late")
            elif name == "sse":
                # Events cut at awkward places: inside a field name, between CR and LF,
                # inside a multi-byte character; each piece flushed as its own packet.
                self.start_chunked()
                pieces = [b"id: 1\nevent: JobCreated\nda", b"ta: {\"Seq\":1}\r", b"\n\r\n",
                          b": keep-alive\n\nid: 2\ndata: caf\xc3", b"\xa9\ndata: line two\n\n",
                          b"data: {\"Seq\":3}\n\n"]
                for piece in pieces:
                    self.chunk(piece)
                    time.sleep(0.05)
                if arg == 2:
                    # Three events, then silence with the connection open.
                    time.sleep(600)
                elif arg:
                    i = 4
                    while True:
                        self.chunk(b"data: {\"Seq\":%d}\n\n" % i)
                        i += 1
                        time.sleep(0.2)
                self.wfile.write(b"0\r\n\r\n")
            else:
                self.send_body(404, b"no route")

    # What the pipeline's exporters expose, enough for the recording rules:
    # partition 2 of crm-events-sse is the hot one (lag 339 of 339).
    EXPOSITION = '''# HELP kafka_consumergroup_lag Current approximate lag of a consumer group at topic/partition
    # TYPE kafka_consumergroup_lag gauge
    kafka_consumergroup_lag{consumergroup="crm-events-sse",partition="0",topic="aetherlink.events"} 0
    kafka_consumergroup_lag{consumergroup="crm-events-sse",partition="1",topic="aetherlink.events"} 0
    kafka_consumergroup_lag{consumergroup="crm-events-sse",partition="2",topic="aetherlink.events"} 339
    # TYPE kafka_consumergroup_members gauge
    kafka_consumergroup_members{consumergroup="billing-sse"} 2
    # TYPE crm_events_messages_total counter
    crm_events_messages_total COUNTER
    # TYPE crm_events_sse_clients gauge
    crm_events_sse_clients 2
    # TYPE odd_values gauge
    odd_values{kind="nan"} NaN
    odd_values{kind="inf"} +Inf
    odd_values{kind="neginf"} -Inf
    odd_values{kind="escaped",path="C:\\\\data\\n\\"x\\""} 1.5e3 1700000000000
    '''

    STARTED = time.time()

    def exposition(with_timestamps):
        # The counter grows by 3 a second, so rate() over it is 3.
        text = EXPOSITION.replace("COUNTER", str(1000 + int((time.time() - STARTED) * 3)))
        if not with_timestamps:
            text = "\n".join(l for l in text.split("\n") if not l.endswith("1700000000000")) + "\n"
        return text

    def exit_with_parent():
        # The test process closed our stdin, or died: take our directory
        # (script, certificates) with us, whether or not it cleaned up.
        sys.stdin.read()
        import shutil
        shutil.rmtree(os.path.dirname(os.path.abspath(__file__)), ignore_errors=True)
        os._exit(0)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    if len(sys.argv) > 2:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(sys.argv[1], sys.argv[2])
        server.socket = context.wrap_socket(server.socket, server_side=True)
    threading.Thread(target=exit_with_parent, daemon=True).start()
    print(server.server_address[1], flush=True)
    server.serve_forever()
    """#
}


/// A TCP socket on 127.0.0.1 that either listens and never accepts (the kernel
/// completes the handshake, nothing ever answers) or is only bound (connections
/// are refused), holding its port so no other test can take it meanwhile.
public final class SilentSocket {
  public let port: Int
  private let fd: Int32

  public init(listening: Bool) throws {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { throw FixtureError("socket() failed") }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = 0
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    let size = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, size) }
    }
    guard bound == 0 else {
      close(fd)
      throw FixtureError("bind() failed")
    }
    if listening { _ = listen(fd, 16) }
    var length = size
    _ = withUnsafeMutablePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
    }
    self.fd = fd
    port = Int(UInt16(bigEndian: address.sin_port))
  }

  deinit { close(fd) }
}
