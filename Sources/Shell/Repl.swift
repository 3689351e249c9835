import Capacity
import Clients
import Commands
import Config
import Formats
import Foundation
import Host
import Output
import Prometheus
import ScriptLanguage
import Vocabulary

/// The interactive shell: a prompt that names the profile and cluster, blocks
/// typed over several lines, history, completion, and Ctrl-C that stops the
/// running command but never the shell.
final class Repl {
  let session: Session
  let editor: LineEditor
  let history: HistoryStore?
  let names: NameCache
  private var lastStatus: Int32 = 0

  init?(session: Session, environment: [String: String]) {
    guard let editor = LineEditor(program: "aetherctl", historySize: session.settings.historySize.value) else {
      return nil
    }
    self.session = session
    self.editor = editor
    self.history = HistoryStore.defaultPath(environment: environment).map {
      HistoryStore(path: $0, limit: session.settings.historySize.value)
    }
    self.names = NameCache(session: session)
    let completer = Completer(tree: CommandTree.shared, names: names)
    editor.completer = { completer.complete($0) }
    for entry in history?.load() ?? [] { editor.addHistory(entry) }
    session.historyLines = { [weak self] in self?.history?.load() ?? [] }
  }

  /// The prompt: `aether[local:1 broker]> `, `aether[sandbox]> `; a protected
  /// profile is marked; the last failing status is shown. Escape sequences are
  /// wrapped in \u{1} so libedit does not count them toward the width.
  func prompt(continuation: Bool) -> String {
    let colour = session.color
    func paint(_ s: String, _ code: String) -> String {
      colour ? "\u{1}\u{1B}[\(code)m\u{1}\(s)\u{1}\u{1B}[0m\u{1}" : s
    }
    if continuation { return paint("   ...> ", "2") }
    let s = session.settings
    var place: String
    if session.sandbox != nil {
      place = "sandbox"
    } else {
      let count = s.brokers.value.split(separator: ",").count
      place = "\(s.profile.value):\(count) broker\(count == 1 ? "" : "s")"
    }
    if s.protected.value { place = paint(place + "!", "31;1") }
    let status = lastStatus == 0 ? "" : paint(" \(lastStatus)", "31")
    return paint("aether", "36") + "[\(place)]\(status)> "
  }

  func run(rcFile: String?) -> Int32 {
    Interrupts.install(hardExitOnSecond: false)
    Interrupts.endEchoedLine(on: STDOUT_FILENO)
    defer { Interrupts.endEchoedLine(on: nil) }
    names.startIfNeeded()
    if let rc = rcFile, FileManager.default.fileExists(atPath: rc) { runFile(rc) }
    var pending: [String] = []
    while true {
      // SIGTERM or SIGHUP (a closed terminal): the shell ends at once, by that
      // signal, as it did before it handled them; nothing here is worth a teardown.
      if let signal = Interrupts.terminationSignal {
        StandardStream.output.flush()
        Interrupts.endByTerminationSignal(signal)
      }
      editor.prompt = prompt(continuation: !pending.isEmpty)
      Interrupts.clear()
      switch Interrupts.waitingAtPrompt({ editor.readLine() }) {
      case .endOfInput:
        if pending.isEmpty {
          print()
          return 0
        }
        pending = []
        print()
      case .cancelled:
        pending = []
      case .line(let line):
        pending.append(line)
        let source = pending.joined(separator: "\n")
        let script: Script
        do {
          script = try Parser.parse(source)
        } catch {
          if error.isIncomplete { continue }
          record(pending)
          pending = []
          report("\(error.position): \(error.message)")
          lastStatus = ExitStatus.usage
          continue
        }
        record(pending)
        pending = []
        if script.statements.isEmpty { continue }
        let result = Interrupts.echoingCtrlC(on: STDIN_FILENO) {
          session.interpreter.runInteractive(script, file: Session.interactiveFile)
        }
        lastStatus = Interrupts.isPending ? ExitStatus.interrupted : result.status
        Interrupts.clear()
        // `topic create`, `group delete`…: the names TAB offers follow at once.
        if source.contains("topic ") || source.contains("group ") { names.kafkaNamesMayHaveChanged() }
        if result.exit { return result.status }
      }
    }
  }

  /// The start-up file: errors are reported, the shell starts anyway.
  private func runFile(_ path: String) {
    do {
      let source = try ScriptSource.read(path: path, displayName: path)
      let script = try Parser.parse(source)
      // A script: nothing it prints opens a pager before the first prompt.
      session.scriptDepth += 1
      defer { session.scriptDepth -= 1 }
      _ = session.interpreter.runInteractive(script, file: path)
    } catch let e as ParseError {
      report("\(path):\(e.position): \(e.message)")
    } catch {
      report("\(path): \(error)")
    }
    Interrupts.clear()
  }

  /// A block typed over several lines is remembered as one entry.
  private func record(_ lines: [String]) {
    let entry = lines.count == 1 ? lines[0] : lines.map { $0.trimmingBlanks() }.joined(separator: "; ")
    // A leading space on the first line hides the whole block; a secret on any line hides it too.
    guard let first = lines.first, HistoryPolicy.shouldRecord(first), HistoryPolicy.shouldRecord(entry) else { return }
    editor.addHistory(entry)
    history?.append(entry)
  }

  private func report(_ message: String) {
    Secrets.writeError(message)
  }

  static func rcPath(environment: [String: String]) -> String? {
    AppDirectory.config.path(environment: environment).map { $0 + "/rc.actl" }
  }
}

