// swift-tools-version:6.0
// The Swift counterpart of ZITADEL's "API access and token introspection" samples.
// No package dependencies: only what the Swift toolchain ships.
import PackageDescription

let package = Package(
    name: "zitadel-api-access-swift",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "Core", targets: ["Core"]),
    ],
    targets: [
        .target(name: "Core"),
        .executableTarget(name: "APIBasic", dependencies: ["Core"]),
        .executableTarget(name: "APIJWT", dependencies: ["Core"]),
        .executableTarget(name: "ProtectedAPIBench", dependencies: ["Core"], path: "Benchmarks/ProtectedAPIBench"),
        .executableTarget(name: "HelloServer", dependencies: ["Core"], path: "Benchmarks/HelloServer"),
        .executableTarget(name: "CoreBenchmarks", dependencies: ["Core"], path: "Benchmarks/CoreBenchmarks"),
        // The three service-user clients (contract.md, "The three clients").
        .executableTarget(name: "ClientJWT", dependencies: ["Core"]),
        .executableTarget(name: "ClientCC", dependencies: ["Core"]),
        .executableTarget(name: "ClientPAT", dependencies: ["Core"]),
        .testTarget(
            name: "CoreTests",
            dependencies: ["Core"],
            resources: [.copy("Vectors")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
