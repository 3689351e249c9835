import Foundation
import TOML
import Testing

/// toml-lang/toml-test's TOML 1.0 cases, read as data from `toml-test/`
/// beside this file (see its README.md). The list is the suite's own
/// `files-toml-1.0.0`, so a case is named in the report when it fails.
enum ConformanceSuite {
  static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("toml-test")

  static let listed: [String] = {
    let list = directory.appendingPathComponent("files-toml-1.0.0")
    guard let text = try? String(contentsOf: list, encoding: .utf8) else { return [] }
    return text.split(whereSeparator: \.isNewline).map(String.init)
  }()

  static let valid = listed.filter { $0.hasPrefix("valid/") && $0.hasSuffix(".toml") }
  static let invalid = listed.filter { $0.hasPrefix("invalid/") && $0.hasSuffix(".toml") }

  static func bytes(_ path: String) throws -> Data {
    try Data(contentsOf: directory.appendingPathComponent(path))
  }

  /// The config loader refuses a file that is not UTF-8 before parsing it;
  /// nil here stands for that refusal.
  static func text(_ path: String) throws -> String? {
    String(validating: try bytes(path), as: UTF8.self)
  }
}

struct TOMLConformanceTests {
  @Test func theSuiteIsThere() throws {
    #expect(ConformanceSuite.valid.count == 210)
    #expect(ConformanceSuite.invalid.count == 499)
    // Each valid case comes with its expected JSON, each listed file is present.
    for path in ConformanceSuite.listed {
      #expect(
        FileManager.default.fileExists(atPath: ConformanceSuite.directory.appendingPathComponent(path).path), "\(path)")
    }
    for path in ConformanceSuite.valid {
      #expect(ConformanceSuite.listed.contains(String(path.dropLast(".toml".count)) + ".json"), "\(path)")
    }
    // The invalid cases that are refused as undecodable bytes, not by the reader.
    let undecodable = try ConformanceSuite.invalid.filter { try ConformanceSuite.text($0) == nil }
    #expect(undecodable.count == 9, "\(undecodable)")
    #expect(undecodable.allSatisfy { $0.hasPrefix("invalid/encoding/") })
  }

  @Test(arguments: ConformanceSuite.valid)
  func valid(_ path: String) throws {
    let text = try #require(try ConformanceSuite.text(path), "not UTF-8")
    let table: TOMLTable
    do {
      table = try TOML.parse(text)
    } catch {
      Issue.record("rejected: \(error)")
      return
    }
    let json = try ConformanceSuite.bytes(String(path.dropLast(".toml".count)) + ".json")
    let expected = try JSONSerialization.jsonObject(with: json, options: [.fragmentsAllowed])
    let difference = TaggedJSON.difference(.table(table), expected)
    #expect(difference == nil, "\(difference ?? "")")
  }

  @Test(arguments: ConformanceSuite.invalid)
  func invalid(_ path: String) throws {
    guard let text = try ConformanceSuite.text(path) else { return }
    #expect(throws: TOMLError.self) { _ = try TOML.parse(text) }
  }
}
