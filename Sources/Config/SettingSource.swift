import Capacity
import Formats
import TOML
import Vocabulary

/// Where a setting's value came from; `config show` prints it so an operator can
/// see why the shell points where it points. The order is the precedence:
/// a later case wins over an earlier one.
public enum SettingSource: String, Sendable, Comparable {
  case builtIn = "default"
  case profile, env, flag, sandbox

  private var rank: Int {
    switch self {
    case .builtIn: 0
    case .profile: 1
    case .env: 2
    case .flag: 3
    case .sandbox: 4
    }
  }

  public static func < (a: SettingSource, b: SettingSource) -> Bool { a.rank < b.rank }
}

public struct Sourced<T> {
  public var value: T
  public var source: SettingSource
  public init(_ value: T, _ source: SettingSource) {
    self.value = value
    self.source = source
  }
}

extension Sourced: Sendable where T: Sendable {}
extension Sourced: Equatable where T: Equatable {}

/// A setting whose value cannot be used: a usage error (exit 2).
public struct SettingError: Error, CustomStringConvertible {
  public var message: String
  public init(message: String) { self.message = message }
  public var description: String { message }
}

extension SettingError: StatusError {
  public var exitStatus: Int32 { ExitStatus.usage }
}
