import Formats
import ArgumentParser
import Clients
import Config
import Foundation
import Host
import Output
import Pipeline
import Vocabulary

struct SandboxCommand: AetherCommand, GroupedCommand, HasDisplayOptions {
  static let group = CommandGroup.kafka
  static let configuration = CommandConfiguration(
    commandName: "sandbox",
    abstract: "The sandbox's addresses (cluster; with the pipeline, every service), or serve one for other programs.",
    discussion: """
      With --sandbox, 'sandbox' prints the in-process mock cluster's address; with --sandbox=pipeline, \
      every part's address and state too. Both end with this process, so others can join them only while \
      the session runs. 'sandbox serve' runs one on its own until killed; 'sandbox control' drives a \
      pipeline's drills. In a script, 'if sandbox' is true in either sandbox, 'if sandbox --require-pipeline' \
      only in a pipeline, 'if sandbox --require-real-broker' only on noida-db.
      """,
    subcommands: [SandboxServe.self, SandboxControl.self])

  // Not `--pipeline`: ArgumentParser would give a parent's flag of that name
  // the `--pipeline` of `sandbox serve`.
  @Flag(help: "Fail (status 1) unless this session's sandbox is a pipeline.")
  var requirePipeline = false

  @Flag(help: "Fail (status 1) unless this session's sandbox runs on a real broker (noida-db), not the mock.")
  var requireRealBroker = false

  @OptionGroup var display: DisplayOptions

  func execute(_ ctx: CommandContext) throws -> Report {
    guard let s = ctx.sandbox else {
      throw CommandFailure.failed(
        "no sandbox in this session: start aetherctl with --sandbox (or --sandbox=pipeline), or run 'sandbox serve'")
    }
    if requirePipeline && ctx.pipeline == nil {
      throw CommandFailure.failed("this session's sandbox has no pipeline: start aetherctl with --sandbox=pipeline")
    }
    if requireRealBroker && s is SandboxCluster {
      throw CommandFailure.failed("this session's sandbox runs on \(s.brokerName), not a real broker")
    }
    var json: [(String, JSON)] = [
      ("bootstrap", .string(s.bootstrapServers)), ("broker", .string(s.brokerName)),
      ("topics", .array(s.topics.map { .object([("topic", .string($0.name)), ("partitions", .int(Int64($0.partitions)))]) })),
    ]
    var sections: [Section] = [
      .fields([
        ("bootstrap", Cell(s.bootstrapServers)),
        ("broker", Cell(s.brokerName)),
        ("topics", Cell(s.topics.map { "\($0.name) (\($0.partitions))" }.joined(separator: ", "))),
      ])
    ]
    if let p = ctx.pipeline {
      json.append(("drillSpeed", .double(p.speed.factor)))
      json.append(("parts", SandboxParts.json(p.parts)))
      sections.append(.table(SandboxParts.table(p.parts)))
      sections.append(
        .note(
          "The pipeline lives inside this process and ends with it. The settings point at it (config show); "
            + "drive it with 'sandbox control'. For one that outlives a session: 'aetherctl sandbox serve --pipeline'."))
    } else {
      sections.append(
        .note(
          "This cluster lives inside this process and ends with it: another program can use it only "
            + "while this session runs (kcat -b \(s.bootstrapServers) -L). For a cluster that outlives "
            + "one command, run 'aetherctl sandbox serve' in another terminal."))
    }
    return Report(json: .object(json), sections: sections, plain: s.bootstrapServers)
  }
}

/// A pipeline's parts as `sandbox`, `sandbox serve` and `sandbox control
/// status` show them, from this process's pipeline or a served one's summary.
enum SandboxParts {
  typealias Row = (name: String, url: String?, state: String)

  static func rows(_ parts: [PipelineSandbox.Part]) -> [Row] { parts.map { ($0.name, $0.url, $0.state) } }

  static func json(_ parts: [PipelineSandbox.Part]) -> JSON { json(rows(parts)) }

  static func json(_ parts: [Row]) -> JSON {
    .array(parts.map { .object([("name", .string($0.name)), ("url", .optional($0.url)), ("state", .string($0.state))]) })
  }

  static func table(_ parts: [PipelineSandbox.Part]) -> Table { table(rows(parts)) }

  /// A state may carry a dead part's last log lines: in its row, all shown.
  static func table(_ parts: [Row]) -> Table {
    Table(
      headers: ["part", "address", "state"],
      rows: parts.map { p in
        [Cell(p.name), Cell(p.url ?? "—"), Cell(p.state.split(separator: "\n").map(String.init).joined(separator: " | "))]
      })
  }
}
