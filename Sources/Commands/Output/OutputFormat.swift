import ArgumentParser

public enum OutputFormat: String, CaseIterable, Sendable, ExpressibleByArgument {
  case table, json, csv, plain
}
