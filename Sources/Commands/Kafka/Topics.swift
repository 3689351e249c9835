import ArgumentParser
import Capacity
import Config
import Formats
import Host
import Output
import Prometheus
import ScriptLanguage
import Vocabulary

struct Topics: AetherCommand, GroupedCommand, HasDisplayOptions {
  static let group = CommandGroup.kafka
  static let configuration = CommandConfiguration(
    commandName: "topics", abstract: "Topics with partition count and replication.")

  @Option(help: "Only topics matching this glob (e.g. 'apexflow.*').")
  var pattern: String?

  @Flag(help: "Include internal topics (__consumer_offsets, …).")
  var `internal` = false

  @OptionGroup var display: DisplayOptions

  func execute(_ ctx: CommandContext) throws -> Report {
    let client = try ctx.kafka()
    let md = try client.metadata()
    let topics = md.topics.filter { t in
      (`internal` || !t.isInternal) && (pattern.map { globMatch($0, t.name) } ?? true)
    }
    let rows = topics.map { t -> [Cell] in
      let rf = t.partitions.map(\.replicas.count).max() ?? 0
      let underReplicated = t.partitions.filter { $0.isr.count < $0.replicas.count }.count
      return [
        Cell(t.name), Cell(String(t.partitions.count), numeric: true), Cell(String(rf), numeric: true),
        Cell(t.error ?? (underReplicated > 0 ? "\(underReplicated) under-replicated" : ""),
             level: t.error != nil || underReplicated > 0 ? .warn : nil),
      ]
    }
    let json = JSON.array(
      topics.map { t in
        .object([
          ("topic", .string(t.name)), ("partitions", .int(Int64(t.partitions.count))),
          ("replication", .int(Int64(t.partitions.map(\.replicas.count).max() ?? 0))),
          ("error", .optional(t.error)),
        ])
      })
    return Report(
      json: json,
      sections: [.table(Table(headers: ["topic", "partitions", "replication", ""], rows: rows))],
      plain: topics.map(\.name).joined(separator: "\n"))
  }
}

/// Shell-style glob: `*` any run, `?` one character.
func globMatch(_ pattern: String, _ text: String) -> Bool {
  let p = Array(pattern)
  let t = Array(text)
  var pi = 0
  var ti = 0
  var star = -1
  var mark = 0
  while ti < t.count {
    if pi < p.count && (p[pi] == "?" || p[pi] == t[ti]) {
      pi += 1
      ti += 1
    } else if pi < p.count && p[pi] == "*" {
      star = pi
      mark = ti
      pi += 1
    } else if star >= 0 {
      pi = star + 1
      mark += 1
      ti = mark
    } else {
      return false
    }
  }
  while pi < p.count && p[pi] == "*" { pi += 1 }
  return pi == p.count
}
