/// Where a producer puts a message: the partitioners operators know, as
/// pure code, so that `produce` can place messages as the pipeline's own
/// producers would, and a plan can say which keys move when partitions are
/// added (`hash(key) % partitions` changes for most keys).
public enum Partitioner: String, CaseIterable, Sendable {
  /// Keyless messages spread evenly, one partition after another (the
  /// seeds' producer); keyed ones as librdkafka places them.
  case roundRobin = "round_robin"
  /// librdkafka's default (kcat, Confluent's .NET/Go/Python clients):
  /// CRC32 of the key; keyless messages at random.
  case consistentRandom = "consistent_random"
  /// Java clients and rpk: murmur2 of the key, made positive; keyless at random.
  case murmur2Random = "murmur2_random"
  /// Keyless messages in runs to one partition, the next run to another
  /// (Kafka's sticky partitioner); keyed ones as librdkafka places them.
  case sticky

  /// The partition of a keyed message, or nil when this partitioner leaves
  /// keyed messages to librdkafka's default.
  public func partition(key: [UInt8], count: Int32) -> Int32? {
    guard count > 0 else { return nil }
    switch self {
    // librdkafka places an empty key as it places no key (at random).
    case .consistentRandom: return key.isEmpty ? nil : Int32(Partitioners.crc32(key) % UInt32(count))
    case .murmur2Random: return Int32((Partitioners.murmur2(key) & 0x7fff_ffff) % UInt32(count))
    case .roundRobin, .sticky: return nil
    }
  }
}

public enum Partitioners {
  /// CRC-32 (IEEE 802.3, reflected, as zlib and librdkafka's rd_crc32).
  public static func crc32(_ bytes: [UInt8]) -> UInt32 {
    var crc: UInt32 = 0xFFFF_FFFF
    for b in bytes {
      crc = table[Int((crc ^ UInt32(b)) & 0xFF)] ^ (crc >> 8)
    }
    return crc ^ 0xFFFF_FFFF
  }

  private static let table: [UInt32] = (0..<256).map { i -> UInt32 in
    var c = UInt32(i)
    for _ in 0..<8 { c = (c & 1) != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
    return c
  }

  /// Kafka's murmur2 (MurmurHash2, seed 0x9747b28c), as Java clients compute
  /// `Utils.murmur2`; the result's bits as a UInt32.
  public static func murmur2(_ data: [UInt8]) -> UInt32 {
    let m: UInt32 = 0x5bd1_e995
    let r: UInt32 = 24
    let length = data.count
    var h: UInt32 = 0x9747_b28c ^ UInt32(truncatingIfNeeded: length)
    let blocks = length / 4
    for i in 0..<blocks {
      let j = i * 4
      var k = UInt32(data[j]) | UInt32(data[j + 1]) << 8 | UInt32(data[j + 2]) << 16 | UInt32(data[j + 3]) << 24
      k &*= m
      k ^= k >> r
      k &*= m
      h &*= m
      h ^= k
    }
    let tail = blocks * 4
    switch length % 4 {
    case 3:
      h ^= UInt32(data[tail + 2]) << 16
      h ^= UInt32(data[tail + 1]) << 8
      h ^= UInt32(data[tail])
      h &*= m
    case 2:
      h ^= UInt32(data[tail + 1]) << 8
      h ^= UInt32(data[tail])
      h &*= m
    case 1:
      h ^= UInt32(data[tail])
      h &*= m
    default:
      break
    }
    h ^= h >> 13
    h &*= m
    h ^= h >> 15
    return h
  }
}
