import Clients
import Testing

/// The sandbox's server reads only the request line; these are the lines
/// Prometheus, curl and a careless client send.
@Suite struct HTTPRequestHeadTests {
  @Test(arguments: [
    ("GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: */*\r\n\r\n", "GET", "/metrics", ""),
    ("GET /api/v1/query?query=up HTTP/1.0\r\n\r\n", "GET", "/api/v1/query", "query=up"),
    ("POST /control/service/down HTTP/1.1\n\n", "POST", "/control/service/down", ""),
    ("GET /crm-events? HTTP/1.1\r\n\r\n", "GET", "/crm-events", ""),
  ])
  func reads(head: String, method: String, path: String, query: String) {
    #expect(HTTPRequestHead.parse(head) == HTTPRequestHead(method: method, path: path, query: query))
  }

  @Test(arguments: [
    "", "\r\n\r\n", "GET\r\n\r\n", "GET /x\r\n\r\n", "get /x HTTP/1.1\r\n\r\n", "GET x HTTP/1.1\r\n\r\n",
    "GET /x HTTP/2\r\n\r\n", "GET /x HTTP/1.1 extra\r\n\r\n", "GET http://host/x HTTP/1.1\r\n\r\n",
  ])
  func refuses(head: String) {
    #expect(HTTPRequestHead.parse(head) == nil, "\(head.debugDescription)")
  }
}
