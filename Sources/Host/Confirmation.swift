import Capacity
import Clients
import Config
import Formats
import Foundation
import Output
import Prometheus
import ScriptLanguage
import Vocabulary

/// Whether a change may go ahead. --yes (or a remedy the operator already
/// approved) passes; at a terminal the operator answers y, or on a protected
/// profile types the profile's name back; without a terminal nothing passes.
public enum Confirmation {
  public enum Decision { case approved, declined, needsYes, interrupted }

  /// `typeBack`: a destructive change (deleting a topic or a group) on a
  /// protected profile wants that name typed back, not the profile's.
  public static func decide(
    _ ctx: CommandContext, assumeYes: Bool, what: String? = nil, typeBack: (what: String, name: String)? = nil
  ) -> Decision {
    let session = ctx.session
    if assumeYes || session.approvalDepth > 0 { return .approved }
    guard session.isInteractive, !ctx.isCaptured else { return .needsYes }
    ctx.out.flush()
    let answer: String?
    if session.settings.protected.value {
      let profile = session.settings.profile.value
      let expected = typeBack?.name ?? profile
      session.diagnostic(
        "profile '\(profile)' is protected. To \(what ?? "run it"), type the \(typeBack?.what ?? "profile") name"
          + (typeBack == nil ? "" : " '\(expected)'") + " (anything else cancels):")
      guard let typed = typedLine() else { return .interrupted }
      answer = typed
      // The time a person took to answer is not the network's: what follows gets a whole --timeout.
      ctx.renewDeadline()
      return answer?.trimmingBlanks() == expected ? .approved : .declined
    }
    ctx.out.write("  Run it? [y/N] ")
    ctx.out.flush()
    guard let typed = typedLine() else { return .interrupted }
    answer = typed
    ctx.renewDeadline()
    let a = answer?.trimmingBlanks().lowercased() ?? ""
    return a == "y" || a == "yes" ? .approved : .declined
  }

  /// The answer typed, "" at end of input, nil when Ctrl-C stopped the question.
  private static func typedLine() -> String?? {
    switch TerminalInput.readLine() {
    case .line(let l): return .some(l)
    case .endOfInput: return .some(nil)
    case .interrupted: return nil
    }
  }

  /// The one rule for a command's own mutation (group seek --execute, topic
  /// create, produce, a silence): only protected profiles ask, at a
  /// terminal (the name typed back for a destructive one), and a script
  /// needs --yes.
  /// `plan`: what the change would do, shown before the question so the
  /// operator answers knowing it (only when it asks).
  public static func mutation(
    _ what: String, yes: Bool, ctx: CommandContext, typeBack: (what: String, name: String)? = nil,
    plan: (() -> Report)? = nil
  ) throws {
    guard ctx.settings.protected.value else { return }
    let session = ctx.session
    if let plan, !yes, session.approvalDepth == 0, session.isInteractive, !ctx.isCaptured {
      ctx.out.write(Renderer(format: .table, color: ctx.color, prettyJSON: false).render(plan()))
    }
    switch decide(ctx, assumeYes: yes, what: what, typeBack: typeBack) {
    case .approved: return
    case .declined: throw CommandFailure.failed("not confirmed; nothing changed")
    case .interrupted: throw CommandFailure.interrupted("interrupted; nothing changed")
    case .needsYes:
      throw CommandFailure.failed(
        "profile '\(ctx.settings.profile.value)' is protected: to \(what) non-interactively, add --yes")
    }
  }
}
