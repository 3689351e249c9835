import ArgumentParser
import Capacity
import Config
import Formats
import Host
import Output
import Prometheus
import ScriptLanguage

/// The global options, as ArgumentParser needs them for parsing, help and the
/// bash/zsh/fish completion scripts. ArgumentParser finds options by
/// reflecting over stored properties, so the setting rows cannot declare
/// them by themselves: each slot below takes the name, help and completion of
/// the flagged row at its position in `SettingsTable.all`, and slots beyond
/// the rows are private (no help, no completion, a name nobody types).
/// A new flagged setting takes the next free slot without an edit here;
/// `GlobalOptionsTests` fails when the slots run out.
package struct GlobalOptions: ParsableArguments {
  package init() {}

  @Option(name: Slots.name(0), help: Slots.help(0), completion: Slots.completion(0)) var o0: String?
  @Option(name: Slots.name(1), help: Slots.help(1), completion: Slots.completion(1)) var o1: String?
  @Option(name: Slots.name(2), help: Slots.help(2), completion: Slots.completion(2)) var o2: String?
  @Option(name: Slots.name(3), help: Slots.help(3), completion: Slots.completion(3)) var o3: String?
  @Option(name: Slots.name(4), help: Slots.help(4), completion: Slots.completion(4)) var o4: String?
  @Option(name: Slots.name(5), help: Slots.help(5), completion: Slots.completion(5)) var o5: String?
  @Option(name: Slots.name(6), help: Slots.help(6), completion: Slots.completion(6)) var o6: String?
  @Option(name: Slots.name(7), help: Slots.help(7), completion: Slots.completion(7)) var o7: String?
  @Option(name: Slots.name(8), help: Slots.help(8), completion: Slots.completion(8)) var o8: String?
  @Option(name: Slots.name(9), help: Slots.help(9), completion: Slots.completion(9)) var o9: String?
  @Option(name: Slots.name(10), help: Slots.help(10), completion: Slots.completion(10)) var o10: String?
  @Option(name: Slots.name(11), help: Slots.help(11), completion: Slots.completion(11)) var o11: String?
  @Option(name: Slots.name(12), help: Slots.help(12), completion: Slots.completion(12)) var o12: String?

  @Option(name: Slots.repeatableName(0), parsing: .singleValue, help: Slots.repeatableHelp(0)) var r0: [String] = []
  @Option(name: Slots.repeatableName(1), parsing: .singleValue, help: Slots.repeatableHelp(1)) var r1: [String] = []

  @Flag(name: Slots.toggleName(0), help: Slots.toggleHelp(0)) var t0 = false
  @Flag(name: Slots.toggleName(1), help: Slots.toggleHelp(1)) var t1 = false
  @Flag(name: Slots.toggleName(2), help: Slots.toggleHelp(2)) var t2 = false
  @Flag(name: Slots.toggleName(3), help: Slots.toggleHelp(3)) var t3 = false
  @Flag(name: Slots.toggleName(4), help: Slots.toggleHelp(4)) var t4 = false

  @Flag(name: Slots.countedName(0), help: Slots.countedHelp(0)) var c0: Int
  @Flag(name: Slots.countedName(1), help: Slots.countedHelp(1)) var c1: Int

  /// The settings given, by row, for the precedence to read.
  package var flags: GlobalFlags {
    var f = GlobalFlags()
    for (row, text) in zip(Slots.options, [o0, o1, o2, o3, o4, o5, o6, o7, o8, o9, o10, o11, o12]) {
      if let text { f.give(row, text) }
    }
    for (row, texts) in zip(Slots.repeatables, [r0, r1]) {
      for t in texts { f.give(row, t) }
    }
    for (row, on) in zip(Slots.toggles, [t0, t1, t2, t3, t4]) where on { f.give(row, "1") }
    for (row, count) in zip(Slots.counted, [c0, c1]) where count > 0 { f.give(row, String(count)) }
    return f
  }

  static let slots = (options: 13, repeatables: 2, toggles: 5, counted: 2)
}

/// The flagged rows in table order, and what each slot declares, computed
/// once: ArgumentParser makes a GlobalOptions several times per parse, and
/// each one reads every slot's name, help and completion.
enum Slots {
  static let options = SettingsTable.all.filter { $0.flag.map { $0.takesValue && !$0.repeatable } ?? false }
  static let repeatables = SettingsTable.all.filter { $0.flag?.repeatable == true }
  static let toggles = SettingsTable.all.filter { $0.flag.map { !$0.takesValue && !$0.counted } ?? false }
  static let counted = SettingsTable.all.filter { $0.flag?.counted == true }

  private static let optionNames = (0..<GlobalOptions.slots.options).map { names(options, $0, slot: "o") }
  private static let repeatableNames = (0..<GlobalOptions.slots.repeatables).map { names(repeatables, $0, slot: "r") }
  private static let toggleNames = (0..<GlobalOptions.slots.toggles).map { names(toggles, $0, slot: "t") }
  private static let optionHelps = (0..<GlobalOptions.slots.options).map { help(options, $0) }
  private static let repeatableHelps = (0..<GlobalOptions.slots.repeatables).map { help(repeatables, $0) }
  private static let toggleHelps = (0..<GlobalOptions.slots.toggles).map { help(toggles, $0) }
  private static let countedNames = (0..<GlobalOptions.slots.counted).map { names(counted, $0, slot: "c") }
  private static let countedHelps = (0..<GlobalOptions.slots.counted).map { help(counted, $0) }
  private static let completions = (0..<GlobalOptions.slots.options).map { completion(options, $0) }

  static func name(_ i: Int) -> NameSpecification { optionNames[i] }
  static func repeatableName(_ i: Int) -> NameSpecification { repeatableNames[i] }
  static func toggleName(_ i: Int) -> NameSpecification { toggleNames[i] }
  static func countedName(_ i: Int) -> NameSpecification { countedNames[i] }
  static func countedHelp(_ i: Int) -> ArgumentHelp { countedHelps[i] }
  static func help(_ i: Int) -> ArgumentHelp { optionHelps[i] }
  static func repeatableHelp(_ i: Int) -> ArgumentHelp { repeatableHelps[i] }
  static func toggleHelp(_ i: Int) -> ArgumentHelp { toggleHelps[i] }
  static func completion(_ i: Int) -> CompletionKind? { completions[i] }

  private static func completion(_ rows: [any AnySettingRow], _ i: Int) -> CompletionKind? {
    guard i < rows.count, let flag = rows[i].flag else { return nil }
    switch flag.completion {
    case .none: return nil
    case .file(let extensions): return .file(extensions: extensions)
    case .values(let values): return .list(values)
    case .profiles: return .names(.profiles)
    }
  }

  private static func help(_ rows: [any AnySettingRow], _ i: Int) -> ArgumentHelp {
    guard i < rows.count else { return ArgumentHelp(visibility: .private) }
    return ArgumentHelp(rows[i].help, valueName: rows[i].flag?.valueName)
  }

  private static func names(_ rows: [any AnySettingRow], _ i: Int, slot: String) -> NameSpecification {
    guard i < rows.count, let flag = rows[i].flag else { return [.customLong("unused-global-slot-\(slot)\(i)")] }
    var n: [NameSpecification.Element] = []
    if let s = flag.short { n.append(.customShort(s)) }
    if let l = flag.long { n.append(.customLong(l)) }
    return NameSpecification(n)
  }
}
