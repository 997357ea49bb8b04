// swift-tools-version:6.0
// The Swift counterpart of ZITADEL's "API access and token introspection" samples.
// No package dependencies: only what the Swift toolchain ships.
import PackageDescription

let package = Package(
    name: "zitadel-api-access-swift",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "Core", targets: ["Core"]),
        .executable(name: "LocalZitadel", targets: ["LocalZitadel"]),
    ],
    targets: [
        .target(name: "Core"),
        // The local ZITADEL stand-in: its logic in a library so tests can drive it in-process, and a thin executable.
        .target(name: "LocalZitadelKit", dependencies: ["Core"]),
        .executableTarget(name: "LocalZitadel", dependencies: ["LocalZitadelKit", "Core"]),
        .executableTarget(name: "CoreBenchmarks", dependencies: ["Core"], path: "Benchmarks/CoreBenchmarks"),
        .executableTarget(name: "APIBasic", dependencies: ["Core"]),
        .executableTarget(name: "APIJWT", dependencies: ["Core"]),
        .executableTarget(name: "HelloServer", dependencies: ["Core"], path: "Benchmarks/HelloServer"),
        .testTarget(
            name: "CoreTests",
            dependencies: ["Core"],
            resources: [.copy("Vectors")]
        ),
        .testTarget(name: "LocalZitadelTests", dependencies: ["LocalZitadelKit", "LocalZitadel", "Core"]),
    ],
    swiftLanguageModes: [.v6]
)
