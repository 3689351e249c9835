/// How reports are rendered: a setting (`-o`, `set output`) and a per-command option.
public enum OutputFormat: String, CaseIterable, Sendable {
  case table, json, csv, plain
}
