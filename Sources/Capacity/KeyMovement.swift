import Formats

/// What adding partitions does to keyed traffic: a key's partition is
/// `hash(key) % partitions`, so a new count sends most keys elsewhere, their
/// order across the change is lost, and a hot key may land beside another.
/// Computed on a sample of recent messages, per partitioner, as pure code.
public struct KeyMovement: Equatable, Sendable {
  /// Keys as read from the log: where each was, and how often.
  public struct Sample: Equatable, Sendable {
    public var key: [UInt8]
    public var partition: Int32
    public var messages: Int
    public init(key: [UInt8], partition: Int32, messages: Int) {
      (self.key, self.partition, self.messages) = (key, partition, messages)
    }
  }

  /// A key of the sample, where it is and where this partitioner puts it.
  public struct HotKey: Equatable, Sendable {
    public var key: [UInt8]
    public var messages: Int
    public var from: Int32
    public var to: Int32?
    /// Its traffic as the busiest partition's is measured (messages weighed
    /// by its partition's rate); its sampled messages when weighed alike.
    public var load: Double
    public init(key: [UInt8], messages: Int, from: Int32, to: Int32?, load: Double? = nil) {
      (self.key, self.messages, self.from, self.to) = (key, messages, from, to)
      self.load = load ?? Double(messages)
    }
  }

  public var partitioner: Partitioner
  public var from: Int32
  public var to: Int32
  /// Distinct keys this partitioner places by hash (librdkafka's
  /// consistent_random places an empty key at random: left out).
  public var keys: Int
  public var movedKeys: Int
  public var messages: Int
  public var movedMessages: Int
  /// Keys found where this partitioner would have put them today: all of
  /// them when the producers use it, about 1/partitions when they do not.
  public var keysWhereExpected: Int
  /// The sample's most frequent keys, most frequent first.
  public var hottest: [HotKey]
  /// The busiest partition (most keyed load) and the busiest after the
  /// change: a hot key moves whole, so moving it only moves the hot spot;
  /// keys that shared a partition are what spreading relieves.
  public var busiest: Busiest?
  public struct Busiest: Equatable, Sendable {
    public var partition: Int32
    /// Keyed load: messages a second when the partitions' rates are known,
    /// else sampled messages.
    public var load: Double
    /// The most keyed load any one partition would carry after.
    public var loadAfter: Double
    public var partitionAfter: Int32
  }

  /// By how much the busiest partition's keyed load falls, in percent of
  /// it, rounded down (0 when it does not); nil without keyed messages.
  public var busiestRelief: Int? {
    guard let b = busiest, b.load > 0 else { return nil }
    // Between 0 and 100 before it becomes an Int: the busiest after never
    // carries less than nothing, nor (weighed by bogus timestamps) a sane bound more.
    let percent = ((b.load - b.loadAfter) * 100 / b.load).rounded(.down)
    return percent.isFinite ? Int(min(100, max(0, percent))) : nil
  }


  /// Whether the keys sit where this partitioner puts them: a partitioner
  /// the producers do not use places about 1/`from` of them by chance.
  public var matchesProducers: Bool? {
    guard keys >= 20, from > 1 else { return nil }
    return Double(keysWhereExpected) / Double(keys) >= 0.9
  }

  /// `perMessage`: the load one sampled message of a partition stands for
  /// (1 / the seconds its sample spans there), since each partition gives
  /// the same number of messages whatever its rate; nil weighs them alike.
  public static func plan(
    _ sample: [Sample], from: Int32, to: Int32, partitioner: Partitioner, top: Int = 5,
    perMessage: [Int32: Double]? = nil
  ) -> KeyMovement {
    var byKey: [[UInt8]: (messages: Int, partition: Int32, seen: Int)] = [:]
    for s in sample {
      var k = byKey[s.key] ?? (0, s.partition, 0)
      k.messages += s.messages
      // Where it was most often, if a key was seen on several partitions.
      if s.messages > k.seen { (k.partition, k.seen) = (s.partition, s.messages) }
      byKey[s.key] = k
    }
    var m = KeyMovement(
      partitioner: partitioner, from: from, to: to, keys: 0, movedKeys: 0, messages: 0, movedMessages: 0,
      keysWhereExpected: 0, hottest: [], busiest: nil)
    var hot: [HotKey] = []
    var load: [Int32: Double] = [:]
    var loadAfter: [Int32: Double] = [:]
    for (key, k) in byKey {
      let before = partitioner.partition(key: key, count: from)
      let after = partitioner.partition(key: key, count: to)
      hot.append(
        HotKey(
          key: key, messages: k.messages, from: k.partition, to: after,
          load: Double(k.messages) * (perMessage?[k.partition] ?? 1)))
      guard let before, let after else { continue }
      let weighed = Double(k.messages) * (perMessage?[k.partition] ?? 1)
      load[k.partition, default: 0] += weighed
      // A key stays where it is unless the new count sends it elsewhere.
      loadAfter[after == before ? k.partition : after, default: 0] += weighed
      m.keys += 1
      m.messages += k.messages
      if before == k.partition { m.keysWhereExpected += 1 }
      if after != before {
        m.movedKeys += 1
        m.movedMessages += k.messages
      }
    }
    func busiestOf(_ d: [Int32: Double]) -> (key: Int32, value: Double)? {
      d.max { ($0.value, $1.key) < ($1.value, $0.key) }
    }
    if let b = busiestOf(load), let a = busiestOf(loadAfter) {
      m.busiest = Busiest(partition: b.key, load: b.value, loadAfter: a.value, partitionAfter: a.key)
    }
    // Most traffic first (weighed as the busiest partition is); ties by
    // key, so the plan reads the same each run.
    m.hottest = Array(
      hot.sorted { a, b in
        a.load != b.load ? a.load > b.load : a.key.lexicographicallyPrecedes(b.key)
      }.prefix(top))
    return m
  }
}
