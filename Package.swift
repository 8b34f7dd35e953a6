// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "whygo",
    products: [
        .executable(name: "whygo", targets: ["whygo"]),
        .library(name: "WhyGoCore", targets: ["WhyGoCore"]),
    ],
    targets: [
        /// A linear-time (Pike VM) regular-expression engine over UTF-8 bytes, with named captures.
        .target(name: "WhyGoRegex"),
        /// All logic: reading, framing, matching, classifying, rendering. Never prints.
        .target(
            name: "WhyGoCore",
            dependencies: ["WhyGoRegex"],
            plugins: ["EmbedPatterns"]
        ),
        /// The command line: argument parsing, wiring sinks to stdout/stderr, exit codes.
        .executableTarget(
            name: "whygo",
            dependencies: ["WhyGoCore"]
        ),
        /// Build tool: turns Patterns/**/*.pattern into EmbeddedPatterns.swift.
        .executableTarget(
            name: "whygo-embed",
            path: "Sources/whygo-embed"
        ),
        /// Benchmarks: scan, passthrough, memory, start-up, live latency, many small inputs.
        .executableTarget(
            name: "whygo-bench",
            dependencies: ["WhyGoCore"],
            path: "Sources/whygo-bench"
        ),
        /// Shared by the test targets: running the built binary, locating Corpus/ and shared/.
        .target(
            name: "WhyGoTestSupport",
            path: "Sources/WhyGoTestSupport"
        ),
        .plugin(
            name: "EmbedPatterns",
            capability: .buildTool(),
            dependencies: ["whygo-embed"],
            path: "Sources/EmbedPatternsPlugin"
        ),
        .testTarget(
            name: "WhyGoRegexTests",
            dependencies: ["WhyGoRegex"]
        ),
        .testTarget(
            name: "WhyGoCoreTests",
            dependencies: ["WhyGoCore", "WhyGoTestSupport", "whygo"]
        ),
    ]
)
