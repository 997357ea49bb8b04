import Core
import Hummingbird
import InMemoryLogging
import LocalZitadelKit
import Logging
import MessagesAPI

/// The in-process ZITADEL stand-in the suites share: it makes three RSA keys on start (seconds in a debug build),
/// so one instance serves every test that does not stop it. Tests that count requests to an endpoint use one no
/// other test calls (only the relay tests ask the token endpoint, and they run one at a time).
enum StandIn {
    static let shared = Task { try await LocalZitadelServer.start() }

    static func zitadel() async throws -> LocalZitadelServer { try await shared.value }

    /// A guard authenticating as the stand-in's API application with its client ID and secret (or `secret`), as
    /// `main.swift` does.
    static func tokenGuard(_ zitadel: LocalZitadelServer, secret: String? = nil) -> TokenGuard {
        let application = zitadel.basicApplication
        return TokenGuard(
            introspector: IntrospectionClient(
                issuer: zitadel.issuer,
                authentication: .clientSecretBasic(
                    clientID: application.clientID, secret: secret ?? application.clientSecret)))
    }

    /// The app as `main.swift` builds it, guarded by `tokenGuard` (by default one of `zitadel`), logging into `log`
    /// (`log.entries`).
    static func app(
        _ zitadel: LocalZitadelServer, tokenGuard: TokenGuard? = nil, relay: UpstreamRelay? = nil,
        log: InMemoryLogHandler = InMemoryLogHandler()
    ) -> some ApplicationProtocol {
        buildApplication(
            tokenGuard: tokenGuard ?? Self.tokenGuard(zitadel), relay: relay, logger: Logger(label: "test") { _ in log })
    }
}

/// The three routes' exact bodies, as the Python samples answer them.
enum Expected {
    static let publicBody = #"{"message":"Public route - You don't need to be authenticated to see this."}"#
    static let privateBody = #"{"message":"Private route - You need to be authenticated to see this."}"#
    static let scopedBody =
        #"{"message":"Private, scoped route - You need to be authenticated and have the role read:messages to see this."}"#
}
