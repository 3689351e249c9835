import Vocabulary

/// Why a call produced no response. Messages name the method, the URL (with any
/// password masked) and libcurl's reason; never a token or password.
public struct HTTPError: Error, Equatable, Sendable, CustomStringConvertible {
  public enum Kind: Equatable, Sendable {
    /// Name lookup, connection, TLS, or a timeout: exit status 3 territory.
    case unreachable
    /// The body passed `maxResponseBytes`.
    case tooLarge
    /// `isCancelled` turned true (Ctrl-C, or the caller had enough of a stream).
    case cancelled
    /// Bad URL, bad header, too many redirects, protocol errors.
    case other
  }

  public var kind: Kind
  public var message: String

  public init(_ kind: Kind, _ message: String) {
    self.kind = kind
    self.message = message
  }

  /// A cancelled call is the operator's Ctrl-C (a stream the caller ended
  /// on purpose is caught before anyone sees it).
  public var description: String { kind == .cancelled ? "interrupted" : message }
}

extension HTTPError: StatusError {
  public var exitStatus: Int32 {
    switch kind {
    case .unreachable: ExitStatus.unreachable
    case .cancelled: ExitStatus.interrupted
    case .tooLarge, .other: ExitStatus.failure
    }
  }
}
