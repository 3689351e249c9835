import ArgumentParser
import Capacity
import Config
import Formats
import Host
import Output
import Prometheus
import ScriptLanguage
import Vocabulary

/// `-o/--output` on every command that prints a report, declared once, so that
/// `lag crm-events-sse -o json` works in the shell and in scripts, and
/// `$(lag crm-events-sse -o json)` captures JSON.
struct DisplayOptions: ParsableArguments {
  @Option(name: [.short, .long], help: "table, json, csv or plain (default: the session's).")
  var output: OutputFormat?
}

protocol HasDisplayOptions: RunnableCommand {
  var display: DisplayOptions { get }
}

extension HasDisplayOptions {
  var explicitOutput: OutputFormat? { display.output }
}

