import Core
import Foundation
import LocalZitadelKit
import MessagesAPI

/// What the tests stand on: one LocalZitadel for the whole run (starting one generates RSA keys, seconds in a debug
/// build) and the API that `/api/relay` calls: Core's `ProtectedAPI` on Core's own HTTP server, on a free port,
/// guarded by the same stand-in. Both live until the test process ends.
struct StandIn: Sendable {
    static let shared = Task { try await StandIn.start() }

    /// A second, separate one for the tests that run the program, whose token requests must not disturb the counts
    /// of `RelayTests`.
    static let forPrograms = Task { try await StandIn.start() }

    let zitadel: LocalZitadelServer
    /// `http://127.0.0.1:PORT` of the upstream API.
    let upstream: URL
    private let upstreamAPI: CountingHandler
    private let upstreamServer: Core.HTTPServer

    /// How many requests reached the upstream API so far.
    var upstreamRequests: Int { upstreamAPI.count }

    private static func start() async throws -> StandIn {
        let zitadel = try await LocalZitadelServer.start()
        let upstreamAPI = CountingHandler(ProtectedAPI(tokenGuard: tokenGuard(for: zitadel), log: .silent))
        let (server, upstream) = try serve(upstreamAPI)
        return StandIn(zitadel: zitadel, upstream: upstream, upstreamAPI: upstreamAPI, upstreamServer: server)
    }

    /// Starts `handler` on a free port of 127.0.0.1; the server lives as long as the returned value is kept.
    static func serve(_ handler: some HTTPHandler) throws -> (Core.HTTPServer, URL) {
        let server = Core.HTTPServer(configuration: .init(host: "127.0.0.1", port: 0), handler: handler)
        let port = try server.start()
        return (server, URL(string: "http://127.0.0.1:\(port)")!)
    }

    /// A new guard (empty cache) over `zitadel`, authenticating as its API application, as APIBasic does.
    static func tokenGuard(for zitadel: LocalZitadelServer, secret: String? = nil) -> TokenGuard {
        TokenGuard(introspector: introspector(for: zitadel, secret: secret))
    }

    static func introspector(for zitadel: LocalZitadelServer, secret: String? = nil) -> IntrospectionClient {
        let application = zitadel.basicApplication
        return IntrospectionClient(
            issuer: zitadel.issuer,
            authentication: .clientSecretBasic(
                clientID: application.clientID, secret: secret ?? application.clientSecret))
    }

    func tokenGuard(secret: String? = nil) -> TokenGuard { Self.tokenGuard(for: zitadel, secret: secret) }

    /// A relay as the app's main.swift builds it: the service user's client credentials, the project's scopes.
    func relay(to upstream: URL? = nil, clientSecret: String? = nil, timeout: Duration = .seconds(5)) -> Relay {
        let user = zitadel.serviceUser
        return Relay(
            upstream: upstream ?? self.upstream,
            tokens: .clientCredentials(
                issuer: zitadel.issuer, clientID: user.username, clientSecret: clientSecret ?? user.clientSecret,
                scope: TokenScope.zitadelDefault(projectID: zitadel.projectID)),
            timeout: timeout)
    }
}
