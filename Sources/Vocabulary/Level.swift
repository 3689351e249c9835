/// A traffic-light level, as the dashboard colours a signal.
public enum Level: String, Sendable, Comparable {
  case ok, warn, critical

  private var rank: Int {
    switch self {
    case .ok: 0
    case .warn: 1
    case .critical: 2
    }
  }

  public static func < (a: Level, b: Level) -> Bool { a.rank < b.rank }
}
