import ArgumentParser
import Capacity
import Clients
import Config
import Formats
import Host
import Output
import Prometheus
import ShellLanguage

/// How aetherctl is run (a script, inline commands, a check): options of
/// the invocation, not settings, so they stay out of the settings table and
/// cannot be written after a command.
package struct InvocationModes: ParsableArguments {
  package init() {}

  @Option(name: .customShort("f"), help: "Run a script file ('-' for stdin); ARGs become $1…", completion: .file(extensions: ["actl"]))
  package var file: String?

  @Option(name: .customShort("c"), help: "Run inline commands.")
  package var commands: String?

  @Flag(help: "With -f or -c: parse and resolve the script without running it.")
  package var check = false

  @Flag(help: "Interactive shell: skip the start-up file rc.actl.")
  package var norc = false
}
