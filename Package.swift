// swift-tools-version:6.0
import PackageDescription

/// Commands and Clients talk to C libraries through callbacks and process-wide
/// signal state; they stay in Swift 5 language mode until those seams are
/// modelled as Sendable. The pure targets use Swift 6 mode.
let legacyMode: [SwiftSetting] = [.swiftLanguageMode(.v5)]

let package = Package(
  name: "aetherctl",
  platforms: [.macOS(.v13)],
  products: [
    .executable(name: "aetherctl", targets: ["aetherctl"])
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2")
  ],
  targets: [
    // Thin executable: everything lives in Commands so tests can drive it.
    .executableTarget(name: "aetherctl", dependencies: ["Commands"], swiftSettings: legacyMode),

    // Commands, the .actl interpreter, config and the output layer.
    .target(
      name: "Commands",
      dependencies: [
        "Capacity", "ShellLanguage", "Formats", "Prometheus", "Clients",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ],
      // The built-in runbooks, compiled into the binary.
      resources: [.embedInCode("Runbooks/builtin")],
      swiftSettings: legacyMode),

    // Pure: drain ETA, scale hints, skew. No I/O can reach it.
    .target(name: "Capacity"),

    // Pure: tokenizer, parser and AST of the .actl language, durations.
    .target(name: "ShellLanguage"),

    // Pure: message templates, offset specs, kcat-style formats, tail filters.
    .target(name: "Formats", dependencies: ["ShellLanguage"]),

    // Pure: Prometheus API decoding, the exposition format, SSE framing, terminal charts.
    .target(name: "Prometheus", dependencies: ["ShellLanguage", "Formats"]),

    // Network and terminal clients; the only target that sees C types.
    .target(
      name: "Clients",
      dependencies: ["CRdKafka", "CLibEdit", "CCurl", "CShims", "Formats"],
      swiftSettings: legacyMode),
    .systemLibrary(
      name: "CRdKafka", pkgConfig: "rdkafka",
      providers: [.apt(["librdkafka-dev"])]),
    .systemLibrary(
      name: "CLibEdit", pkgConfig: "libedit",
      providers: [.apt(["libedit-dev"])]),
    .systemLibrary(
      name: "CCurl", pkgConfig: "libcurl",
      providers: [.apt(["libcurl4-openssl-dev"])]),
    // One non-variadic wrapper per variadic C signature Swift cannot call.
    .target(name: "CShims", dependencies: ["CRdKafka", "CLibEdit", "CCurl"]),

    .testTarget(name: "CapacityTests", dependencies: ["Capacity"]),
    .testTarget(name: "ShellLanguageTests", dependencies: ["ShellLanguage"]),
    .testTarget(name: "FormatsTests", dependencies: ["Formats"]),
    .testTarget(name: "PrometheusTests", dependencies: ["Prometheus"]),
    // libcurl against local fixture servers on loopback.
    .testTarget(name: "HTTPClientTests", dependencies: ["Clients", "TestSupport"], swiftSettings: legacyMode),
    // Fixtures the tests start for real: a loopback HTTP server (Python's http.server), Prometheus.
    .target(name: "TestSupport", path: "Tests/TestSupport", swiftSettings: legacyMode),
    .testTarget(name: "CommandsTests", dependencies: ["Commands"], swiftSettings: legacyMode),
    .testTarget(
      name: "EndToEndTests", dependencies: ["aetherctl", "TestSupport"], swiftSettings: legacyMode),
    // The interactive shell under a real terminal (tmux).
    .testTarget(name: "ShellTests", dependencies: ["aetherctl", "TestSupport"], swiftSettings: legacyMode),
    // Kafka commands against librdkafka's mock cluster, cross-checked with the raw C API.
    .testTarget(
      name: "KafkaTests", dependencies: ["Commands", "Clients", "CRdKafka", "ShellLanguage", "aetherctl", "TestSupport"], swiftSettings: legacyMode),
  ]
)
