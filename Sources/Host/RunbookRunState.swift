import Capacity
import Clients
import Config
import Formats
import Output
import Prometheus
import ShellLanguage

/// What a running runbook has done so far; `step` and `remedy` report into
/// it. The session holds it so that the commands a runbook runs find it.
public final class RunbookRunState {
  public let assumeYes: Bool
  public var steps = 0
  public var failures = 0
  public var remediesRun = 0
  public var remediesSkipped: [String] = []

  public init(assumeYes: Bool) { self.assumeYes = assumeYes }
}
