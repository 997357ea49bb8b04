// swift-tools-version:6.0
// The Swift counterpart of ZITADEL's "API access and token introspection" samples.
// No package dependencies: only what the Swift toolchain ships.
import PackageDescription

let package = Package(
    name: "zitadel-api-access-swift",
    platforms: [.macOS(.v15)],  // Synchronization.Mutex
    products: [
        .library(name: "Core", targets: ["Core"]),
        // The stand-in as a test fixture for your own app: `LocalZitadelServer.start()`.
        .library(name: "LocalZitadelKit", targets: ["LocalZitadelKit"]),
        .executable(name: "APIBasic", targets: ["APIBasic"]),
        .executable(name: "APIJWT", targets: ["APIJWT"]),
        .executable(name: "ClientJWT", targets: ["ClientJWT"]),
        .executable(name: "ClientCC", targets: ["ClientCC"]),
        .executable(name: "ClientPAT", targets: ["ClientPAT"]),
        .executable(name: "LocalZitadel", targets: ["LocalZitadel"]),
    ],
    targets: [
        // Everything the samples share: settings, crypto, JWT, OAuth clients, the HTTP server, protection.
        .target(name: "Core"),

        // The two APIs (docs/samples.md, "The two APIs").
        .executableTarget(name: "APIBasic", dependencies: ["Core"]),
        .executableTarget(name: "APIJWT", dependencies: ["Core"]),

        // The three service-user clients (docs/samples.md, "The three clients").
        .executableTarget(name: "ClientJWT", dependencies: ["Core"]),
        .executableTarget(name: "ClientCC", dependencies: ["Core"]),
        .executableTarget(name: "ClientPAT", dependencies: ["Core"]),

        // The local ZITADEL stand-in: its logic in a library so tests can drive it in-process, and a thin executable.
        .target(name: "LocalZitadelKit", dependencies: ["Core"]),
        .executableTarget(name: "LocalZitadel", dependencies: ["LocalZitadelKit", "Core"]),

        // Benchmarks: figures, not tests (`swift run -c release CoreBenchmarks`, Benchmarks/server-bench.sh).
        .executableTarget(name: "CoreBenchmarks", dependencies: ["Core"], path: "Benchmarks/CoreBenchmarks"),
        .executableTarget(name: "ProtectedAPIBench", dependencies: ["Core"], path: "Benchmarks/ProtectedAPIBench"),
        .executableTarget(name: "HelloServer", dependencies: ["Core"], path: "Benchmarks/HelloServer"),

        // What both test targets share: the `.cpuBound` trait, running the built executables, scratch folders. A
        // regular target (test targets cannot depend on each other), linked only into the test bundle.
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(
            name: "CoreTests",
            dependencies: ["Core", "LocalZitadelKit", "TestSupport"],
            resources: [.copy("Vectors")]
        ),
        .testTarget(name: "LocalZitadelTests", dependencies: ["LocalZitadelKit", "LocalZitadel", "Core", "TestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
