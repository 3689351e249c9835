import ArgumentParser
import Capacity
import Config
import Formats
import Host
import Output
import Prometheus
import ScriptLanguage

/// How aetherctl is run (a script, inline commands, a check): options of
/// the invocation, not settings, so they stay out of the settings table and
/// cannot be written after a command.
package struct InvocationModes: ParsableArguments {
  package init() {}

  /// The names as typed, also read by the launcher's quick parse.
  package static let file = "-f", commands = "-c", check = "--check", norc = "--norc"

  @Option(name: .customShort(Character(String(file.dropFirst()))), help: "Run a script file ('-' for stdin); ARGs become $1…", completion: .file(extensions: ["actl"]))
  package var file: String?

  @Option(name: .customShort(Character(String(commands.dropFirst()))), help: "Run inline commands.")
  package var commands: String?

  @Flag(name: .customLong(String(check.dropFirst(2))), help: "With -f or -c: parse and resolve the script without running it.")
  package var check = false

  @Flag(name: .customLong(String(norc.dropFirst(2))), help: "Interactive shell: skip the start-up file rc.actl.")
  package var norc = false
}
