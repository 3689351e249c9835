import Capacity
import Formats
import Testing

/// The moved-keys figures, on keys whose hashes are known.
struct KeyMovementTests {
  static func bytes(_ s: String) -> [UInt8] { Array(s.utf8) }

  @Test func keysThatChangePartitionAreCountedWithTheirMessages() {
    let keys = (1...50).map { "k\($0)" }
    let samples = keys.map { k in
      KeyMovement.Sample(
        key: Self.bytes(k), partition: Partitioner.consistentRandom.partition(key: Self.bytes(k), count: 3)!, messages: 2)
    }
    for partitioner in [Partitioner.consistentRandom, .murmur2Random] {
      let plan = KeyMovement.plan(samples, from: 3, to: 6, partitioner: partitioner)
      let moved = keys.filter {
        partitioner.partition(key: Self.bytes($0), count: 3) != partitioner.partition(key: Self.bytes($0), count: 6)
      }
      #expect(plan.keys == 50 && plan.messages == 100)
      #expect(plan.movedKeys == moved.count && plan.movedMessages == 2 * moved.count)
    }
    // Placed by CRC32: every key is where consistent_random puts it, and the sample says so.
    let crc = KeyMovement.plan(samples, from: 3, to: 6, partitioner: .consistentRandom)
    #expect(crc.keysWhereExpected == 50 && crc.matchesProducers == true)
    #expect(KeyMovement.plan(samples, from: 3, to: 6, partitioner: .murmur2Random).matchesProducers == false)
  }

  /// Doubling keeps a key where it was exactly when hash % 2n < n.
  @Test func doublingMovesTheKeysWhoseHashModTwiceIsAtLeastN() {
    let key = Self.bytes("tenant-7")
    let h = Partitioners.crc32(key)
    let plan = KeyMovement.plan(
      [KeyMovement.Sample(key: key, partition: Int32(h % 3), messages: 5)], from: 3, to: 6, partitioner: .consistentRandom)
    #expect(plan.movedKeys == (h % 6 >= 3 ? 1 : 0))
    #expect(plan.hottest == [KeyMovement.HotKey(key: key, messages: 5, from: Int32(h % 3), to: Int32(h % 6))])
  }

  @Test func hottestKeysComeFirstAndAKeySeenTwiceIsOneKey() {
    let plan = KeyMovement.plan(
      [
        .init(key: Self.bytes("a"), partition: 0, messages: 1), .init(key: Self.bytes("hot"), partition: 1, messages: 7),
        .init(key: Self.bytes("hot"), partition: 2, messages: 2), .init(key: Self.bytes("b"), partition: 0, messages: 3),
      ], from: 3, to: 4, partitioner: .murmur2Random, top: 2)
    #expect(plan.keys == 3 && plan.messages == 13)
    #expect(plan.hottest.map(\.key) == [Self.bytes("hot"), Self.bytes("b")])
    #expect(plan.hottest.first?.messages == 9 && plan.hottest.first?.from == 1, "where it was most often")
  }

  /// librdkafka places an empty key as no key: consistent_random leaves it out; murmur2 hashes it.
  @Test func anEmptyKeyIsNotPlacedByConsistentRandom() {
    let sample = [KeyMovement.Sample(key: [], partition: 0, messages: 4)]
    #expect(KeyMovement.plan(sample, from: 3, to: 6, partitioner: .consistentRandom).keys == 0)
    #expect(KeyMovement.plan(sample, from: 3, to: 6, partitioner: .murmur2Random).keys == 1)
  }

  /// Too few keys to say which partitioner the producers use.
  @Test func fewKeysTellNothingAboutTheProducers() {
    let plan = KeyMovement.plan([.init(key: Self.bytes("x"), partition: 0, messages: 1)], from: 3, to: 6, partitioner: .murmur2Random)
    #expect(plan.matchesProducers == nil)
  }
}

/// Whether more partitions relieve the busiest one: keys that shared it
/// spread; a hot key moves whole, taking the hot spot with it.
struct BusiestPartitionReliefTests {
  static func bytes(_ s: String) -> [UInt8] { Array(s.utf8) }

  @Test func keysSharingAPartitionSpread() {
    let keys = (1...600).map { "k\($0)" }.filter { Partitioners.crc32(Self.bytes($0)) % 3 == 2 }
    let samples = keys.map { KeyMovement.Sample(key: Self.bytes($0), partition: 2, messages: 1) }
    let plan = KeyMovement.plan(samples, from: 3, to: 6, partitioner: .consistentRandom)
    let stay = keys.filter { Partitioners.crc32(Self.bytes($0)) % 6 == 2 }.count
    let busiestAfter = max(stay, keys.count - stay)
    #expect(plan.busiest?.partition == 2 && plan.busiest?.load == Double(keys.count))
    #expect(plan.busiest?.loadAfter == Double(busiestAfter))
    #expect(plan.busiestRelief == (keys.count - busiestAfter) * 100 / keys.count)
    #expect((plan.busiestRelief ?? 0) >= 30, "about half leaves: \(plan.busiestRelief ?? -1)")
  }

  @Test func aHotKeyMovesWhole() {
    let hot = Self.bytes("tenant-hot")
    let home = Int32(Partitioners.crc32(hot) % 3)
    var samples = [KeyMovement.Sample(key: hot, partition: home, messages: 500)]
    for i in 1...20 {
      let k = Self.bytes("cold-\(i)")
      samples.append(.init(key: k, partition: Int32(Partitioners.crc32(k) % 3), messages: 1))
    }
    let plan = KeyMovement.plan(samples, from: 3, to: 6, partitioner: .consistentRandom)
    #expect(plan.busiest?.partition == home)
    #expect((plan.busiestRelief ?? 100) < 30, "the hot key alone keeps its partition busy: \(String(describing: plan.busiest))")
  }

  /// Each partition gives as many sampled messages whatever its rate: the
  /// busiest is the one whose sample arrived fastest, not a tie. A quiet
  /// partition filled by one key does not hide a busy one whose many keys spread.
  @Test func partitionsWeighByTheirRate() {
    let quietKey = Self.bytes("quiet")
    let quiet = Int32(Partitioners.crc32(quietKey) % 3)
    let busy = (quiet + 1) % 3
    let spread = (1...3000).map { "busy-\($0)" }.filter { Int32(Partitioners.crc32(Self.bytes($0)) % 3) == busy }.prefix(200)
    var samples = [KeyMovement.Sample(key: quietKey, partition: quiet, messages: 200)]
    samples += spread.map { KeyMovement.Sample(key: Self.bytes($0), partition: busy, messages: 1) }
    // 200 messages each: over 1,000 s on the quiet one, 10 s on the busy one.
    let plan = KeyMovement.plan(
      samples, from: 3, to: 6, partitioner: .consistentRandom, perMessage: [quiet: 1.0 / 1000, busy: 1.0 / 10])
    #expect(plan.busiest?.partition == busy, "\(String(describing: plan.busiest))")
    #expect((plan.busiestRelief ?? 0) >= 30, "\(String(describing: plan.busiest))")
    // Weighed alike, the one key that fills the quiet partition's sample decides.
    let alike = KeyMovement.plan(samples, from: 3, to: 6, partitioner: .consistentRandom)
    #expect(alike.busiest?.partition == min(quiet, busy) || alike.busiest?.load == 200)
  }

  @Test func noKeyedMessagesNoRelief() {
    #expect(KeyMovement.plan([], from: 3, to: 6, partitioner: .murmur2Random).busiestRelief == nil)
  }
}
