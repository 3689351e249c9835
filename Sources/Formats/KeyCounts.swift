import Vocabulary

/// How often each key (or each value of a JSON field) occurs in a window of
/// messages, and on which partitions: what hot-key triage needs to say which
/// key dominates, which kcat or rpk leave to `| sort | uniq -c`.
public struct KeyCounts: Sendable {
  public enum By: Equatable, Sendable {
    case key
    /// A JSON field of the value, as `--where` names it (`a.b`, `a\.b`).
    case field(name: String, path: [String])

    public init(_ text: String) throws(SpecError) {
      if text == "key" {
        self = .key
        return
      }
      let path = WhereCondition.segments(text)
      guard !text.isEmpty, !path.contains(where: \.isEmpty) else {
        throw SpecError(message: "--count-by '\(text)': give key, or a JSON field of the value (a.b for a path)")
      }
      self = .field(name: text, path: path)
    }
  }

  /// One value and how often it came.
  public struct Entry: Equatable, Sendable {
    /// nil: the message had none (a null key, no such field, a value that is not JSON).
    public var value: String?
    public var why: String?
    public var count: Int64
    public var partitions: [Int32]
  }

  /// Distinct values kept at most; later new ones are counted together, so
  /// memory stays bounded whatever the keys.
  public static let maximumDistinct = 100_000

  public let by: By
  public private(set) var total: Int64 = 0
  /// Messages whose value was past the cap, counted but not told apart.
  public private(set) var overflow: Int64 = 0
  private var counts: [String: (count: Int64, partitions: Set<Int32>)] = [:]
  private var missing: [String: (count: Int64, partitions: Set<Int32>)] = [:]

  public init(by: By) { self.by = by }

  public var distinct: Int { counts.count }

  public mutating func add(_ m: ConsumedMessage) { m.withView { add($0) } }

  public mutating func add(_ m: MessageView) {
    total += 1
    switch value(of: m) {
    case .found(let v):
      if counts[v] == nil && counts.count >= Self.maximumDistinct {
        overflow += 1
        return
      }
      counts[v, default: (0, [])].count += 1
      counts[v]!.partitions.insert(m.partition)
    case .missing(let why):
      missing[why, default: (0, [])].count += 1
      missing[why]!.partitions.insert(m.partition)
    }
  }

  enum Found {
    case found(String)
    case missing(String)
  }

  func value(of m: MessageView) -> Found {
    switch by {
    case .key:
      guard let k = m.key else { return .missing("null key") }
      return .found(displayText(k))
    case .field(let name, let path):
      guard let bytes = m.value, let json = try? JSONParser.parse(bytes) else { return .missing("value not JSON") }
      var current = json
      for segment in path {
        if let next = current[segment] {
          current = next
        } else if case .array(let items) = current, let i = Int(segment), i >= 0, i < items.count {
          current = items[i]
        } else {
          return .missing("no field \(name)")
        }
      }
      switch current {
      case .string(let s): return .found(s)
      case .null: return .found("null")
      default: return .found(current.serialized())
      }
    }
  }

  /// The `n` most frequent, most first (ties by value); what had no value
  /// comes in the same order, marked.
  public func top(_ n: Int) -> [Entry] {
    var all = counts.map { Entry(value: $0.key, why: nil, count: $0.value.count, partitions: $0.value.partitions.sorted()) }
    all += missing.map { Entry(value: nil, why: $0.key, count: $0.value.count, partitions: $0.value.partitions.sorted()) }
    all.sort { a, b in
      a.count != b.count ? a.count > b.count : (a.value ?? "\u{0}" + (a.why ?? "")) < (b.value ?? "\u{0}" + (b.why ?? ""))
    }
    return Array(all.prefix(max(0, n)))
  }
}
