import Formats
import ArgumentParser
import Config
import Foundation
import Host
import Output
import Prometheus
import ScriptLanguage
import Vocabulary

struct AMStatusCommand: AetherCommand, HasDisplayOptions {
  static let configuration = CommandConfiguration(
    commandName: "status", abstract: "Alertmanager's version, uptime, cluster peers and a hash of its configuration.")

  @OptionGroup var display: DisplayOptions

  func execute(_ ctx: CommandContext) throws -> Report {
    let api = AMAPI(ctx: ctx)
    let (s, raw) = try api.status()
    let up = s.uptime.map { Durations.format((Date().timeIntervalSince1970 - $0).rounded()) } ?? "-"
    let fields: [(String, Cell)] = [
      ("alertmanager", Cell(api.base)), ("version", Cell(s.version)), ("up for", Cell(up)),
      ("cluster", Cell(s.clusterStatus)),
      ("peers", Cell(s.peers.isEmpty ? "none" : s.peers.joined(separator: ", "))), ("config hash", Cell(s.configHash)),
    ]
    return Report(json: raw, sections: [.fields(fields)], plain: s.version)
  }
}
