import Vocabulary

/// A quick fix's argv template (`["docker","compose","up","-d","--scale","{service}={replicas}"]`)
/// and the rule that fills it: `KEY=VALUE` arguments first, then bare
/// arguments into the placeholders still open, in order of appearance, then the
/// profile's values. Everything is decided before anything runs: an unknown
/// key, a surplus argument or an unfilled placeholder is an error.
public struct FixTemplate: Equatable, Sendable {
  public var argv: [String]

  public init(argv: [String]) { self.argv = argv }

  /// Placeholder names in order of first appearance.
  public var placeholders: [String] {
    var seen: [String] = []
    for word in argv {
      for name in Self.names(in: word) where !seen.contains(name) { seen.append(name) }
    }
    return seen
  }

  public struct FillError: Error, Equatable, Sendable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
  }

  /// The values each placeholder gets, by the rule above.
  public func bindings(arguments: [String], defaults: [String: String]) throws(FillError) -> [String: String] {
    let names = placeholders
    var values: [String: String] = [:]
    var bare: [String] = []
    for arg in arguments {
      if let eq = arg.firstIndex(of: "="), eq != arg.startIndex, Self.isName(arg[..<eq]) {
        let key = String(arg[..<eq])
        guard names.contains(key) else {
          let known = names.isEmpty ? "it takes no arguments" : "its placeholders: " + names.joined(separator: ", ")
          throw FillError(message: "'\(key)' is not a placeholder of this fix (\(known))")
        }
        values[key] = String(arg[arg.index(after: eq)...])
      } else {
        bare.append(arg)
      }
    }
    for arg in bare {
      guard let open = names.first(where: { values[$0] == nil }) else {
        throw FillError(message: "too many arguments: '\(arg)' has no placeholder left to fill")
      }
      values[open] = arg
    }
    for name in names where values[name] == nil {
      if let d = defaults[name] { values[name] = d }
    }
    let missing = names.filter { values[$0] == nil }
    if !missing.isEmpty {
      throw FillError(
        message: "no value for \(missing.map { "{\($0)}" }.joined(separator: ", ")): give "
          + missing.map { "\($0)=VALUE" }.joined(separator: " "))
    }
    return values
  }

  /// The argv with every placeholder replaced; values are never re-scanned, so
  /// a value containing `{x}` stays as given.
  public func fill(arguments: [String], defaults: [String: String]) throws(FillError) -> [String] {
    let values = try bindings(arguments: arguments, defaults: defaults)
    return argv.map { word in
      var out = ""
      var rest = Substring(word)
      while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
        let name = rest[rest.index(after: open)..<close]
        out += rest[..<open]
        if Self.isName(name), let v = values[String(name)] {
          out += v
        } else {
          out += rest[open...close]
        }
        rest = rest[rest.index(after: close)...]
      }
      return out + rest
    }
  }

  static func names(in word: String) -> [String] {
    var found: [String] = []
    var rest = Substring(word)
    while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
      let name = rest[rest.index(after: open)..<close]
      if isName(name) { found.append(String(name)) }
      rest = rest[rest.index(after: close)...]
    }
    return found
  }

  /// `[A-Za-z_][A-Za-z0-9_-]*`
  static func isName<S: StringProtocol>(_ s: S) -> Bool {
    guard let first = s.unicodeScalars.first, first.isASCII, first == "_" || first.properties.isAlphabetic else {
      return false
    }
    return s.unicodeScalars.allSatisfy {
      $0.isASCII && ($0 == "_" || $0 == "-" || $0.properties.isAlphabetic || ("0"..."9").contains($0))
    }
  }
}

extension FixTemplate.FillError: StatusError {
  public var exitStatus: Int32 { ExitStatus.usage }
}
