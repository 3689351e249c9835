import Capacity
import Clients
import Config
import Formats
import Output
import Prometheus
import ScriptLanguage

/// aetherctl's own directories by the XDG base-directory rules:
/// `$XDG_CONFIG_HOME/aetherctl`, else `~/.config/aetherctl` (and likewise for
/// state and cache); nil when neither variable is set.
public enum AppDirectory {
  case config, state, cache

  public func path(environment: [String: String]) -> String? {
    let (variable, fallback): (String, String)
    switch self {
    case .config: (variable, fallback) = ("XDG_CONFIG_HOME", ".config")
    case .state: (variable, fallback) = ("XDG_STATE_HOME", ".local/state")
    case .cache: (variable, fallback) = ("XDG_CACHE_HOME", ".cache")
    }
    if let base = environment[variable], !base.isEmpty { return base + "/aetherctl" }
    if let home = environment["HOME"], !home.isEmpty { return home + "/" + fallback + "/aetherctl" }
    return nil
  }
}
