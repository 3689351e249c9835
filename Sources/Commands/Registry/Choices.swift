import ArgumentParser
import Config
import Vocabulary

/// An option whose values are an enum's raw strings (`-o json`, `--state
/// firing`). ArgumentParser's default lists them through
/// `String(describing:)` of every case, each time a command's declaration is
/// read; with `-o` on forty commands that was a twentieth of a completion
/// callback. The raw values are the values.
protocol Choices: ExpressibleByArgument, CaseIterable, RawRepresentable where RawValue == String {}

extension Choices {
  public static var allValueStrings: [String] { allCases.map(\.rawValue) }
  public static var allValueDescriptions: [String: String] { [:] }
  public static var defaultCompletionKind: CompletionKind { .list(allValueStrings) }
  public var defaultValueDescription: String { rawValue }
}

extension OutputFormat: Choices {}
