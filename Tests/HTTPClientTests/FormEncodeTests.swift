import Clients
import Testing

struct FormEncodeTests {
  @Test(arguments: [
    ([("a", "b")], "a=b"),
    ([("query", "up == 1")], "query=up+%3D%3D+1"),
    ([("q", "rate(x[5m])"), ("t", "2024-05-01T12:00:00Z")], "q=rate%28x%5B5m%5D%29&t=2024-05-01T12%3A00%3A00Z"),
    ([("k", "a&b=c+d/é~")], "k=a%26b%3Dc%2Bd%2F%C3%A9%7E"),
    ([("", "")], "="),
    ([("match[]", "{job=\"x\"}")], "match%5B%5D=%7Bjob%3D%22x%22%7D"),
    ([("safe", "AZaz09*-._")], "safe=AZaz09*-._"),
  ])
  func encodes(_ pairs: [(String, String)], _ expected: String) {
    #expect(String(decoding: HTTPRequest.formEncode(pairs), as: UTF8.self) == expected)
  }

  @Test func emptyListIsAnEmptyBody() {
    #expect(HTTPRequest.formEncode([]).isEmpty)
  }
}
