import Testing
import Vocabulary

@testable import Formats

/// `tail --count-by`: which key or field value dominates a window.
@Suite struct KeyCountsTests {
  func message(_ partition: Int32, key: String?, value: String?) -> ConsumedMessage {
    ConsumedMessage(
      topic: "t", partition: partition, offset: 0, key: key.map { Array($0.utf8) }, value: value.map { Array($0.utf8) })
  }

  @Test func keysCountedWithTheirPartitionsMostFirst() throws {
    var c = KeyCounts(by: try KeyCounts.By("key"))
    for _ in 0..<5 { c.add(message(2, key: "tenant-7", value: "x")) }
    c.add(message(0, key: "a", value: "x"))
    c.add(message(1, key: "a", value: "x"))
    c.add(message(0, key: nil, value: "x"))
    #expect(c.total == 8)
    #expect(c.distinct == 2)
    let top = c.top(10)
    #expect(top.map(\.value) == ["tenant-7", "a", nil])
    #expect(top.map(\.count) == [5, 2, 1])
    #expect(top[1].partitions == [0, 1])
    #expect(top[2].why == "null key")
    #expect(c.top(1).count == 1)
  }

  @Test(arguments: [
    (#"{"Type":"JobCreated"}"#, "Type", "JobCreated"),
    (#"{"a":{"b":3}}"#, "a.b", "3"),
    (#"{"a.b":true}"#, #"a\.b"#, "true"),
    (#"{"xs":[1,{"k":"v"}]}"#, "xs.1.k", "v"),
    (#"{"n":null}"#, "n", "null"),
    (#"{"o":{"z":1}}"#, "o", #"{"z":1}"#),
  ])
  func fieldValues(value: String, field: String, expected: String) throws {
    var c = KeyCounts(by: try KeyCounts.By(field))
    c.add(message(0, key: nil, value: value))
    #expect(c.top(1).first?.value == expected)
  }

  @Test(arguments: [("not json", "value not JSON"), (#"{"b":1}"#, "no field a")])
  func missingValuesAreSaidWhy(value: String, why: String) throws {
    var c = KeyCounts(by: try KeyCounts.By("a"))
    c.add(message(0, key: nil, value: value))
    #expect(c.top(1).first?.value == nil)
    #expect(c.top(1).first?.why == why)
  }

  @Test(arguments: ["", "a..b", ".a"])
  func badFieldsAreRefused(field: String) {
    #expect(throws: SpecError.self) { try KeyCounts.By(field) }
  }

  /// Memory is bounded by the cap, not by the keys: past it, new values are counted together.
  @Test func distinctValuesAreCapped() throws {
    var c = KeyCounts(by: try KeyCounts.By("key"))
    for i in 0..<(KeyCounts.maximumDistinct + 5) { c.add(message(0, key: "k\(i)", value: nil)) }
    c.add(message(0, key: "k0", value: nil))
    #expect(c.distinct == KeyCounts.maximumDistinct)
    #expect(c.overflow == 5)
    #expect(c.total == Int64(KeyCounts.maximumDistinct + 6))
    #expect(c.top(1).first?.value == "k0")
  }
}
