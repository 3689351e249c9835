import ArgumentParser
import Capacity
import Clients
import Config
import Formats
import Foundation
import Host
import Output
import Prometheus
import ShellLanguage

struct SandboxCommand: ShellCommand, GroupedCommand, HasDisplayOptions {
  static let group = CommandGroup.kafka
  static let configuration = CommandConfiguration(
    commandName: "sandbox",
    abstract: "The sandbox cluster's bootstrap address, or serve one for other programs.",
    discussion: """
      With --sandbox, 'sandbox' prints the in-process mock cluster's address; it ends with this \
      process, so others can join it only while the session runs. 'sandbox serve' runs one on its own, \
      printing its address on the first line and serving until killed.
      """,
    subcommands: [SandboxServe.self])

  @OptionGroup var display: DisplayOptions

  func execute(_ ctx: CommandContext) throws -> Report {
    guard let s = ctx.sandbox else {
      throw CommandFailure.failed("no sandbox in this session: start aetherctl with --sandbox, or run 'sandbox serve'")
    }
    return Report(
      json: .object([
        ("bootstrap", .string(s.bootstrapServers)),
        ("topics", .array(s.topics.map { .object([("topic", .string($0.name)), ("partitions", .int(Int64($0.partitions)))]) })),
      ]),
      sections: [
        .fields([
          ("bootstrap", Cell(s.bootstrapServers)),
          ("topics", Cell(s.topics.map { "\($0.name) (\($0.partitions))" }.joined(separator: ", "))),
        ]),
        .note(
          "This cluster lives inside this process and ends with it: another program can use it only "
            + "while this session runs (kcat -b \(s.bootstrapServers) -L). For a cluster that outlives "
            + "one command, run 'aetherctl sandbox serve' in another terminal."),
      ],
      plain: s.bootstrapServers)
  }
}

struct SandboxServe: ShellCommand {
  static let configuration = CommandConfiguration(
    commandName: "serve", abstract: "Run a mock cluster until killed; its address is the first line.",
    discussion: """
      It ends on Ctrl-C, SIGTERM, and on end of input when its stdin is a pipe: a cluster \
      started by a script or a test goes away with its parent, never orphaned.
      """)

  @Option(help: "Partitions of each topic.")
  var partitions: Int32 = 3

  @Option(name: .customLong("topic"), help: "Topic to create (repeatable; default: the pipeline's topics).")
  var topics: [String] = []

  @Option(help: "Brokers in the cluster.")
  var brokers: Int32 = 3

  @Flag(help: "Read 'down ID|all' and 'up ID|all' lines on stdin to stop and restart brokers (failure drills).")
  var control = false

  func validate() throws {
    guard (1...10_000).contains(partitions) else { throw ValidationError("--partitions must be 1–10000") }
    guard (1...16).contains(brokers) else { throw ValidationError("--brokers must be 1–16") }
  }

  func execute(_ ctx: CommandContext) throws -> Report {
    let names = topics.isEmpty ? SandboxCluster.defaultTopics.map(\.name) : topics
    let cluster = try kafkaCall { () throws(KafkaError) in
      try SandboxCluster(brokers: brokers, topics: names.map { ($0, partitions) })
    }
    ctx.out.write(cluster.bootstrapServers + "\n")
    ctx.out.flush()
    // SIGTERM ends it like Ctrl-C: both stop the wait and destroy the cluster.
    signal(SIGTERM) { _ in raise(SIGINT) }
    if control {
      startControl(cluster)
    } else if Self.stdinIsAPipe {
      let thread = Thread {
        while readLine() != nil {}
        raise(SIGINT)
      }
      thread.start()
    }
    // Short naps: the stop may be raised on another thread (end of input, a
    // SIGTERM handled there), which would not wake a long sleep on this one.
    while !ctx.isInterrupted { _ = Interrupts.sleep(seconds: 0.2) }
    withExtendedLifetime(cluster) {}
    return .empty
  }

  /// A down broker drops its connections and refuses new ones but keeps its
  /// log, unlike killing the process: the drill can then check what was
  /// reported delivered against what the log holds. Each line is answered
  /// with one line, so a driving test knows when the change took effect.
  private func startControl(_ cluster: SandboxCluster) {
    let count = brokers
    let thread = Thread {
      while let line = readLine() {
        let words = line.split(separator: " ").map(String.init)
        let answer: String
        if words.count == 2, words[0] == "down" || words[0] == "up",
          let ids = words[1] == "all" ? Array(1...count) : Int32(words[1]).map({ [$0] }),
          ids.allSatisfy({ (1...count).contains($0) })
        {
          for id in ids { cluster.setBroker(id, up: words[0] == "up") }
          answer = "ok \(line)"
        } else {
          answer = "error: expected 'down ID', 'up ID' (1–\(count)) or 'down all'/'up all', got '\(line)'"
        }
        FileHandle.standardOutput.write(Data((answer + "\n").utf8))
      }
      // The driver is gone: so is the cluster.
      raise(SIGINT)
    }
    thread.start()
  }

  /// A pipe or socket on stdin means a parent process holds the other end;
  /// its end of file means that parent is gone. (A terminal or /dev/null does not.)
  static var stdinIsAPipe: Bool {
    var st = stat()
    guard fstat(STDIN_FILENO, &st) == 0 else { return false }
    let type = st.st_mode & S_IFMT
    return type == S_IFIFO || type == S_IFSOCK
  }
}
