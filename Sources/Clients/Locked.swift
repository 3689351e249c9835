import Foundation

/// A value shared between threads (the shell's background refreshers and
/// the command running in front; the sandbox's stand-ins and the commands
/// that control them), read and changed only under its lock.
/// `@unchecked Sendable`: the compiler cannot see the lock, but every access
/// to `stored` goes through `value` or `update`, which hold it.
public final class Locked<Value: Sendable>: @unchecked Sendable {
  private let lock = NSLock()
  private var stored: Value

  public init(_ value: Value) { stored = value }

  public var value: Value {
    lock.lock()
    defer { lock.unlock() }
    return stored
  }

  public func update<T>(_ body: (inout Value) throws -> T) rethrows -> T {
    lock.lock()
    defer { lock.unlock() }
    return try body(&stored)
  }
}
