import Capacity
import Clients
import Config
import Formats
import Output
import Prometheus
import ScriptLanguage

/// What a running runbook has done so far; `step`, `remedy` and the
/// session's command runner report into it. The session holds it so that
/// the commands a runbook runs find it.
public final class RunbookRunState {
  /// One `step` and what its commands found.
  public struct StepRecord {
    public var title: String
    /// What the triage found: a check that said no (status 1), a server
    /// that did not answer (3). The runbook goes on; these are its output.
    public var findings: [String] = []
    /// What could not run: a usage error, a script error, a remedy that failed.
    public var failures: [String] = []
    /// The step's output, kept when the run is rendered as JSON.
    public var output = ""
    public var verdict: String { !failures.isEmpty ? "failed" : !findings.isEmpty ? "findings" : "ok" }
  }

  public let assumeYes: Bool
  public var steps: [StepRecord] = []
  public var remediesRun = 0
  public var remediesSkipped: [String] = []
  /// Skipped because the fix they call is not defined here: --yes would not run them.
  public var remediesUnavailable: [String] = []
  /// Samples of a group's offsets taken in this run, by what was sampled:
  /// every command that samples the same window shows and decides from the
  /// same numbers, and the window is waited for once.
  public var samples: [String: (takenAt: Double, value: Any)] = [:]
  /// A failed command's error that the interpreter is about to report: it is
  /// already recorded, and must not be counted twice.
  var recordedError: String?

  public init(assumeYes: Bool) { self.assumeYes = assumeYes }

  public var failureCount: Int { steps.reduce(0) { $0 + $1.failures.count } }
  public var findingCount: Int { steps.reduce(0) { $0 + $1.findings.count } }

  /// What comes before the first `step` is recorded under a step of its own.
  private func current() -> Int {
    if steps.isEmpty { steps.append(StepRecord(title: "(before the first step)")) }
    return steps.count - 1
  }

  public func startStep(_ title: String) {
    keepOutput()
    steps.append(StepRecord(title: title))
  }

  /// Set when the run is rendered as JSON: the steps' output is kept, per step.
  public var kept: OutputSink?

  /// Moves what was printed since the last call into the current step.
  public func keepOutput() {
    guard let text = kept?.take(), !text.isEmpty else { return }
    steps[current()].output += text
  }
  /// False when the step already has this finding.
  func addFinding(_ text: String) -> Bool {
    let i = current()
    guard !steps[i].findings.contains(text) else { return false }
    steps[i].findings.append(text)
    return true
  }
  public func addFailure(_ text: String) { steps[current()].failures.append(text) }

  /// Steps numbered as `step` prints them: the one before the first step is not counted.
  public var stepNumber: Int { steps.filter { $0.title != "(before the first step)" }.count }
}
