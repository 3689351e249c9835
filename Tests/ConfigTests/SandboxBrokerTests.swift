import Testing

@testable import Config
import TOML

/// Which Kafka a pipeline sandbox runs on, for every setting and whether
/// noida-db is installed; the line that says so names the reason.
struct SandboxBrokerTests {
  @Test(arguments: [
    (SandboxBroker.auto, true, true, "noida-db, a real broker"),
    (.auto, false, false, "noida-db is not installed (scripts/setup installs it)"),
    (.noida, true, true, "sandbox_broker = noida"),
    (.mock, true, false, "sandbox_broker = mock"),
    (.mock, false, false, "sandbox_broker = mock"),
  ])
  func chooses(wanted: SandboxBroker, installed: Bool, noida: Bool, says: String) throws {
    let choice = try wanted.choose(noidaInstalled: installed).get()
    #expect(choice.noida == noida)
    #expect(choice.why.contains(says), "\(choice.why)")
  }

  @Test func noidaWhenItIsNotInstalledIsAnErrorNamingTheFix() {
    guard case .failure(let problem) = SandboxBroker.noida.choose(noidaInstalled: false) else {
      Issue.record("noida without noida-db installed was accepted")
      return
    }
    #expect(problem.message == "sandbox_broker is noida, but noida-db is not installed (scripts/setup installs it)")
  }

  @Test func theSettingReadsItsThreeWordsAndRefusesOthers() throws {
    for b in SandboxBroker.allCases { #expect(try SettingKind.sandboxBroker.fromText(b.rawValue) == b) }
    #expect(throws: SettingProblem.self) { try SettingKind.sandboxBroker.fromText("kafka") }
    #expect(try SettingKind.sandboxBroker.fromTOML(.string("mock")) == .mock)
    #expect(throws: SettingProblem.self) { try SettingKind.sandboxBroker.fromTOML(.integer(1)) }
  }
}
