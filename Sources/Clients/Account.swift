import Foundation

/// The account this process runs as, from the password database.
public enum Account {
  /// The login name of the real user id; nil when the database has no entry.
  public static func loginName() -> String? {
    var entry = passwd()
    var result: UnsafeMutablePointer<passwd>?
    var buffer = [CChar](repeating: 0, count: 4096)
    guard getpwuid_r(getuid(), &entry, &buffer, buffer.count, &result) == 0, result != nil, let name = entry.pw_name
    else { return nil }
    let text = String(cString: name)
    return text.isEmpty ? nil : text
  }
}
