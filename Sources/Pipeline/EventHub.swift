import Foundation

/// What the consumer service hands its `/crm-events` clients: each consumed
/// message, in order, to every client connected when it was consumed. A
/// client that stops reading keeps at most `capacity` events; older ones are
/// dropped and it is told how many.
/// `@unchecked Sendable`: the queues are behind one lock and condition.
final class EventHub: @unchecked Sendable {
  final class Client {
    var queue: [String] = []
    var dropped = 0
    var closed = false
  }

  private let condition = NSCondition()
  private var clients: [ObjectIdentifier: Client] = [:]
  private let capacity = 10_000

  var count: Int {
    condition.lock()
    defer { condition.unlock() }
    return clients.count
  }

  func join() -> Client {
    let c = Client()
    condition.lock()
    clients[ObjectIdentifier(c)] = c
    condition.unlock()
    return c
  }

  func leave(_ c: Client) {
    condition.lock()
    clients[ObjectIdentifier(c)] = nil
    condition.unlock()
  }

  func publish(_ event: String) {
    condition.lock()
    for c in clients.values {
      c.queue.append(event)
      if c.queue.count > capacity {
        c.queue.removeFirst(c.queue.count - capacity)
        c.dropped += 1
      }
    }
    condition.broadcast()
    condition.unlock()
  }

  /// Every client's stream ends (the service went down).
  func closeAll() {
    condition.lock()
    for c in clients.values { c.closed = true }
    condition.broadcast()
    condition.unlock()
  }

  /// The events queued for `c`, waiting up to `seconds` for one; nil once closed.
  func take(_ c: Client, waiting seconds: Double) -> [String]? {
    condition.lock()
    defer { condition.unlock() }
    let deadline = Date().addingTimeInterval(seconds)
    while c.queue.isEmpty && !c.closed {
      if !condition.wait(until: deadline) { break }
    }
    if c.closed { return nil }
    var out = c.queue
    if c.dropped > 0 {
      out.insert(": \(c.dropped) events dropped (this client read too slowly)\n\n", at: 0)
      c.dropped = 0
    }
    c.queue.removeAll()
    return out
  }
}
