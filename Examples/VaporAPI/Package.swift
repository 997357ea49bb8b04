// swift-tools-version:6.0
// The Vapor counterpart of APIBasic: the same three routes, protected by Core's TokenGuard in a Vapor middleware,
// plus /api/relay, which calls another protected API as a service user.
import PackageDescription

/// The root package, by path. SwiftPM names a path dependency after its folder (`zitadel-api-access-swift` here,
/// but whatever a clone is called elsewhere), and `.product(name:package:)` must use that name, so it is computed
/// from where this file lies: two folders up, the last path component.
let rootPackageName: String = {
    let components = Context.packageDirectory.split(separator: "/", omittingEmptySubsequences: true)
    precondition(components.count >= 3, "Examples/VaporAPI must lie inside the root package")
    return String(components[components.count - 3])
}()

let package = Package(
    name: "VaporAPI",
    platforms: [.macOS(.v15)],  // as the root package (Synchronization.Mutex in Core)
    products: [
        .executable(name: "VaporAPI", targets: ["VaporAPI"])
    ],
    dependencies: [
        .package(url: "https://github.com/vapor/vapor", from: "4.122.3"),
        .package(path: "../.."),
    ],
    targets: [
        // The app: routes, the guard middleware, the relay; `configure(_:with:)` puts them on an Application.
        .target(
            name: "MessagesAPI",
            dependencies: [
                .product(name: "Vapor", package: "vapor"),
                .product(name: "Core", package: rootPackageName),
            ]
        ),
        // main.swift: settings, then Vapor runs the app until SIGINT/SIGTERM.
        .executableTarget(
            name: "VaporAPI",
            dependencies: [
                "MessagesAPI",
                .product(name: "Vapor", package: "vapor"),
                .product(name: "Core", package: rootPackageName),
            ]
        ),
        .testTarget(
            name: "MessagesAPITests",
            dependencies: [
                "MessagesAPI",
                "VaporAPI",  // built before the tests, which run the program too
                .product(name: "VaporTesting", package: "vapor"),
                .product(name: "Core", package: rootPackageName),
                .product(name: "LocalZitadelKit", package: rootPackageName),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
