import Capacity
import Clients
import Config
import Formats
import Foundation
import Host
import Output
import Prometheus
import ScriptLanguage

#if canImport(Glibc)
  import Glibc
#endif

/// Runs a program with posix_spawnp: argv as given, no shell, so a value can
/// never be read as shell syntax. stdio is inherited; Ctrl-C reaches the child
/// too (same process group) and its status comes back as 128+signal.
enum Spawn {
  static func run(_ argv: [String]) throws -> Int32 {
    guard let program = argv.first, !program.isEmpty else { throw CommandFailure.usage("empty command") }
    var cArgs = argv.map { strdup($0) } + [nil]
    defer { for a in cArgs { free(a) } }
    var pid: pid_t = 0
    let rc = posix_spawnp(&pid, program, nil, nil, &cArgs, environ)
    guard rc == 0 else {
      throw CommandFailure.failed("cannot run '\(program)': \(String(cString: strerror(rc)))")
    }
    var status: Int32 = 0
    while waitpid(pid, &status, 0) == -1 {
      guard errno == EINTR else { return 1 }
    }
    return shellStatus(waitStatus: status)
  }
}
