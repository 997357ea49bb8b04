// swift-tools-version:6.0
// HummingbirdAPI: the sample API's three routes on Hummingbird 2, protected by Core's TokenGuard in a
// RouterMiddleware, plus a route that calls another protected API as a service user.
import Foundation
import PackageDescription

/// SwiftPM names a path dependency after its folder, not after the `name:` in its manifest, so the root package is
/// "zitadel-api-access-swift" in one clone and "my-checkout" in another (CI clones into a folder of its own). The
/// `package:` of `.product(name:package:)` must match, so it is computed from where this manifest lies: the last
/// path component of the folder two levels up.
let rootPackage = URL(fileURLWithPath: Context.packageDirectory)
    .deletingLastPathComponent()  // Examples
    .deletingLastPathComponent()  // the root package's folder
    .lastPathComponent

let package = Package(
    name: "HummingbirdAPI",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "HummingbirdAPI", targets: ["HummingbirdAPI"]),
        .library(name: "MessagesAPI", targets: ["MessagesAPI"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        // Hummingbird's own dependencies, named because the app uses their types directly: SocketAddress (NIOCore),
        // HTTPField (HTTPTypes) and Logger (Logging; InMemoryLogging in the tests). Hummingbird decides their versions.
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.81.0"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.3.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.0"),
        .package(path: "../.."),
    ],
    targets: [
        // The app: routes, the token-guard middleware, the relay to another API. Everything but start-up.
        .target(
            name: "MessagesAPI",
            dependencies: [
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Core", package: rootPackage),
            ]
        ),
        // Settings → app → run until SIGINT/SIGTERM.
        .executableTarget(
            name: "HummingbirdAPI",
            dependencies: [
                "MessagesAPI",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Core", package: rootPackage),
            ]
        ),
        .testTarget(
            name: "MessagesAPITests",
            dependencies: [
                "MessagesAPI",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "InMemoryLogging", package: "swift-log"),
                .product(name: "Core", package: rootPackage),
                .product(name: "LocalZitadelKit", package: rootPackage),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
