import Foundation
import Testing

/// The structure the documentation shows is the structure Package.swift
/// builds, and the repository's own words point at files it has.
@Suite struct ArchitectureTests {
  static func text(_ path: String) throws -> String {
    try String(contentsOf: Binary.packageRoot.appendingPathComponent(path), encoding: .utf8)
  }

  /// Each target of Package.swift with the names of what it depends on
  /// (targets, and packages' products by product name); test targets aside.
  static func packageGraph() throws -> [String: Set<String>] {
    let manifest = try text("Package.swift")
    let starts = try Regex(#"\.(target|executableTarget|systemLibrary|testTarget)\(\s*name:\s*"([A-Za-z]+)""#)
    let matches = manifest.matches(of: starts)
    var graph: [String: Set<String>] = [:]
    for (i, m) in matches.enumerated() {
      guard m.output[1].substring != "testTarget", let name = m.output[2].substring.map(String.init),
        name != "TestSupport"
      else { continue }
      let end = i + 1 < matches.count ? matches[i + 1].range.lowerBound : manifest.endIndex
      let body = manifest[m.range.upperBound..<end]
      var deps = Set<String>()
      if let list = body.range(of: "dependencies:"), let close = body[list.upperBound...].firstIndex(of: "]") {
        let entries = body[list.upperBound..<close]
        for q in entries.matches(of: try Regex(#"(\.product\(name:\s*)?"([A-Za-z]+)""#)) {
          deps.insert(String(q.output[2].substring ?? ""))
        }
        // A product's package name is not a dependency of its own.
        for p in entries.matches(of: try Regex(#"package:\s*"([A-Za-z-]+)""#)) {
          deps.remove(String(p.output[1].substring ?? ""))
        }
      }
      graph[name] = deps
    }
    return graph
  }

  /// The diagram of docs/ARCHITECTURE.md: `NAME ─▶ A, B` or `NAME ─▶ nothing`;
  /// system libraries listed on a line of their own.
  static func documentedGraph() throws -> (graph: [String: Set<String>], system: Set<String>) {
    let doc = try text("docs/ARCHITECTURE.md")
    let block = try #require(doc.components(separatedBy: "```").dropFirst().first)
    var graph: [String: Set<String>] = [:]
    var system = Set<String>()
    for line in block.split(separator: "\n") {
      if let arrow = line.range(of: "─▶") {
        let name = line[..<arrow.lowerBound].trimmingCharacters(in: .whitespaces)
        let rest = line[arrow.upperBound...].trimmingCharacters(in: .whitespaces)
        #expect(graph[name] == nil, "\(name) is drawn twice")
        graph[name] = rest == "nothing" ? [] : Set(rest.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
      } else if let colon = line.range(of: ": system libraries") {
        system = Set(line[..<colon.lowerBound].split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
      }
    }
    return (graph, system)
  }

  @Test func theDiagramIsPackageSwift() throws {
    let built = try Self.packageGraph()
    let drawn = try Self.documentedGraph()
    #expect(built.count > 10, "Package.swift was read: \(built.keys.sorted())")
    for (target, deps) in built.sorted(by: { $0.key < $1.key }) {
      if deps.isEmpty && drawn.system.contains(target) { continue }
      let shown = drawn.graph[target]
      #expect(shown != nil, "docs/ARCHITECTURE.md does not draw \(target)")
      guard let shown else { continue }
      #expect(deps.subtracting(shown).isEmpty, "\(target) depends on \(deps.subtracting(shown).sorted()) undrawn")
      #expect(shown.subtracting(deps).isEmpty, "\(target) is drawn using \(shown.subtracting(deps).sorted()), which it does not")
    }
    for target in drawn.graph.keys where built[target] == nil {
      Issue.record("docs/ARCHITECTURE.md draws \(target), which Package.swift does not have")
    }
  }

  /// The pure targets stand on the vocabulary, never on the script language
  /// or the house above them.
  @Test func theFeatureTargetsDoNotStandOnTheLanguage() throws {
    let built = try Self.packageGraph()
    let house: Set = ["ScriptLanguage", "Host", "Commands", "Shell", "aetherctl"]
    for target in ["Config", "Output", "Capacity", "Formats", "Prometheus", "Pipeline", "Clients", "TOML", "Vocabulary"] {
      let deps = try #require(built[target], "\(target) is in Package.swift")
      #expect(deps.isDisjoint(with: house), "\(target) depends on \(deps.intersection(house).sorted())")
    }
    #expect(built["Vocabulary"] == [], "the vocabulary is at the bottom")
  }

  /// Comments and documents name only files the repository has: a pointer
  /// to a document the repository lacks sends the reader nowhere.
  @Test func everyMarkdownFileNamedExists() throws {
    let root = Binary.packageRoot
    let fm = FileManager.default
    var named: [(String, String)] = []
    let pattern = try Regex(#"([A-Za-z0-9_./-]*[A-Z][A-Za-z0-9_-]*\.md)\b"#)
    for dir in ["Sources", "Tests", "scripts", "docs", "examples", "deploy", "completions"] {
      guard let walker = fm.enumerator(at: root.appendingPathComponent(dir), includingPropertiesForKeys: nil) else {
        continue
      }
      for case let url as URL in walker
      where ["swift", "md", "sh", "py", "actl", "yml", "toml", ""].contains(url.pathExtension)
        && !url.path.contains("/toml-test/") && !url.path.contains("/corpus/")
      {
        guard let text = try? String(contentsOf: url, encoding: .utf8) else { continue }
        for m in text.matches(of: pattern) {
          named.append((url.path.replacingOccurrences(of: root.path + "/", with: ""), String(m.output[1].substring ?? "")))
        }
      }
    }
    for top in ["README.md", "Package.swift"] {
      for m in try Self.text(top).matches(of: pattern) { named.append((top, String(m.output[1].substring ?? ""))) }
    }
    #expect(!named.isEmpty)
    for (file, name) in named {
      let base = (name as NSString).lastPathComponent
      let candidates = [name, "docs/" + base, base, (file as NSString).deletingLastPathComponent + "/" + name]
      #expect(candidates.contains { fm.fileExists(atPath: root.appendingPathComponent($0).path) }, "\(file) names \(name)")
    }
  }

  /// A command reaches the clients through its context; a Commands file
  /// imports Clients only when it names one of Clients' own types or
  /// functions (a value type it must spell, the terminal, a sandbox part).
  @Test func commandsImportClientsOnlyWhereTheyNameIt() throws {
    let fm = FileManager.default
    func swiftFiles(_ dir: String) -> [URL] {
      let walker = fm.enumerator(at: Binary.packageRoot.appendingPathComponent(dir), includingPropertiesForKeys: nil)
      return (walker?.allObjects as? [URL] ?? []).filter { $0.pathExtension == "swift" }
    }
    var names = Set<String>()
    // Top-level only: a member such as `flush` or `start` would match any file.
    let declaration = try Regex(#"(?m)^public (?:final class|class|struct|enum|protocol|typealias|func) ([A-Za-z_]+)"#)
    for url in swiftFiles("Sources/Clients") {
      for m in try String(contentsOf: url, encoding: .utf8).matches(of: declaration) {
        names.insert(String(m.output[1].substring ?? ""))
      }
    }
    #expect(names.contains("KafkaClient") && names.contains("HTTPRequest"), "Clients' names were read: \(names.count)")
    var importing = 0
    for url in swiftFiles("Sources/Commands") {
      let text = try String(contentsOf: url, encoding: .utf8)
      guard text.contains("\nimport Clients\n") || text.hasPrefix("import Clients\n") else { continue }
      importing += 1
      let code = text.split(separator: "\n").filter { !$0.trimmingCharacters(in: .whitespaces).hasPrefix("//") }
        .joined(separator: "\n")
      let words = Set(code.split { !($0.isLetter || $0.isNumber || $0 == "_") }.map(String.init))
      #expect(!words.isDisjoint(with: names), "\(url.lastPathComponent) imports Clients but names nothing of it")
    }
    #expect(importing > 0)
  }
}
