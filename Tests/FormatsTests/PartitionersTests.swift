import Testing

@testable import Formats

/// The hash functions behind the partitioners, against published values.
@Suite struct PartitionersTests {
  /// Kafka's own test vectors for `Utils.murmur2` (Java ints).
  @Test(arguments: [
    ("21", Int32(-973_932_308)),
    ("foobar", -790_332_482),
    ("a-little-bit-long-string", -985_981_536),
    ("a-little-bit-longer-string", -1_486_304_829),
    ("lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8", -58_897_971),
    ("abc", 479_470_107),
  ])
  func murmur2MatchesJava(text: String, expected: Int32) {
    #expect(Int32(bitPattern: Partitioners.murmur2(Array(text.utf8))) == expected)
  }

  @Test(arguments: [
    ("", UInt32(0)),
    ("123456789", 0xCBF4_3926),
    ("The quick brown fox jumps over the lazy dog", 0x414F_A339),
  ])
  func crc32MatchesZlib(text: String, expected: UInt32) {
    #expect(Partitioners.crc32(Array(text.utf8)) == expected)
  }

  @Test func keyedPlacement() {
    // Java: toPositive(murmur2("foobar")) % 3 = (-790332482 & 0x7fffffff) % 3.
    #expect(Partitioner.murmur2Random.partition(key: Array("foobar".utf8), count: 3) == Int32((UInt32(bitPattern: -790_332_482) & 0x7fff_ffff) % 3))
    #expect(Partitioner.consistentRandom.partition(key: Array("123456789".utf8), count: 7) == Int32(0xCBF4_3926 % 7))
    #expect(Partitioner.roundRobin.partition(key: [1], count: 3) == nil)
    #expect(Partitioner.sticky.partition(key: [1], count: 0) == nil)
  }
}
