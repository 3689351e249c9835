import Foundation

/// How a test waits for a marker nobody can announce (a server ready, an
/// alert arrived, a line on a screen): `holds` is asked again every `every`
/// seconds until it is true (true) or `deadline` has passed (false). It is
/// always asked at least once.
public func eventually(by deadline: Date, every: Double = 0.1, _ holds: () throws -> Bool) rethrows -> Bool {
  while true {
    if try holds() { return true }
    guard Date() < deadline else { return false }
    Thread.sleep(forTimeInterval: every)
  }
}
