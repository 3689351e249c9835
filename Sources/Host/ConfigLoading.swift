import Capacity
import Clients
import Config
import Formats
import Foundation
import Output
import Prometheus
import ScriptLanguage

extension ConfigFile {
  /// The config file: `--config`'s, else `$XDG_CONFIG_HOME/aetherctl/config.toml`
  /// when it exists, else none (the built-in defaults). A file holding
  /// secrets that others can read loads with a warning naming the fix.
  public static func load(explicit: String?, environment: [String: String]) throws -> ConfigFile {
    guard let path = explicit ?? AppDirectory.config.path(environment: environment).map({ $0 + "/config.toml" })
    else { return ConfigFile() }
    guard FileManager.default.fileExists(atPath: path) else {
      if explicit != nil { throw ConfigError(file: path, line: nil, message: "no such config file") }
      return ConfigFile()
    }
    let data: Data
    do {
      data = try FileContents.read(path, limit: 16 << 20)
    } catch {
      throw ConfigError(file: path, line: nil, message: "cannot read the config file (\(error.description))")
    }
    guard let text = String(validating: data, as: UTF8.self) else {
      throw ConfigError(file: path, line: nil, message: "the config file is not UTF-8")
    }
    var config = try ConfigFile.parse(text, file: path)
    if config.holdsSecrets, let attrs = try? FileManager.default.attributesOfItem(atPath: path),
      let mode = attrs[.posixPermissions] as? Int, mode & 0o077 != 0
    {
      config.warnings.append(
        "\(path): holds secrets but is readable by others (mode \(String(mode, radix: 8))); run: chmod 600 \(path)")
    }
    return config
  }
}
