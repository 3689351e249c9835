import Testing

@testable import Commands
@testable import Config

/// The global options are the settings table's flagged rows: every row has a
/// slot, and what the command line gives reaches the row.
struct GlobalOptionsTests {
  @Test func theSlotsHoldEveryFlaggedRow() {
    #expect(Slots.options.count <= GlobalOptions.slots.options, "add option slots to GlobalOptions")
    #expect(Slots.repeatables.count <= GlobalOptions.slots.repeatables, "add repeatable slots to GlobalOptions")
    #expect(Slots.toggles.count <= GlobalOptions.slots.toggles, "add toggle slots to GlobalOptions")
    #expect(Slots.counted.count <= GlobalOptions.slots.counted, "add counted slots to GlobalOptions")
  }

  @Test func everyFlaggedRowParsesToItsRow() throws {
    for row in SettingsTable.all {
      guard let flag = row.flag, let name = flag.names.last else { continue }
      let words = flag.takesValue ? [name, "v1", name, "v2"] : [name]
      let given = try GlobalOptions.parse(words).flags
      let expected = flag.takesValue ? (flag.repeatable ? ["v1", "v2"] : ["v2"]) : ["1"]
      #expect(given.texts(row) == expected, "\(row.name)")
      for other in SettingsTable.all where other.name != row.name { #expect(!given.isGiven(other)) }
    }
  }

  @Test func helpListsEveryFlagWithItsHelp() {
    let help = GlobalOptions.helpMessage()
    for row in SettingsTable.all {
      guard let flag = row.flag else { continue }
      for n in flag.names { #expect(help.contains(n), "\(n) missing from help") }
      #expect(help.contains(String(row.help.prefix(20))), "\(row.name)'s help")
    }
    #expect(!help.contains("unused-global-slot"))
  }
}
