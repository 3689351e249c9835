/// Exit statuses automation relies on (the README's "Exit status").
public enum ExitStatus {
  public static let success: Int32 = 0
  public static let failure: Int32 = 1
  public static let usage: Int32 = 2
  public static let unreachable: Int32 = 3
  public static let interrupted: Int32 = 130
}

/// An error that knows how the command it stops ends. Each error type says
/// so where it is defined (a mistyped value is usage, a refused connection
/// unreachable), so that one path, Host's `CommandFailure(_:)`, turns any
/// error into its line and its status, and no catch site has to guess.
public protocol StatusError: Error, CustomStringConvertible {
  /// One of `ExitStatus`'s values.
  var exitStatus: Int32 { get }
}
