import Core
import Hummingbird
import HummingbirdTesting
import InMemoryLogging
import LocalZitadelKit
import MessagesAPI
import Testing

/// What the middleware hands on: the principal in the request context, and the client's address to the guard.
@Suite struct PrincipalTests {
    /// The app's own protected handler logs whose token it served, from `context.principal`.
    @Test func theAppsHandlerSeesThePrincipal() async throws {
        let zitadel = try await StandIn.zitadel()
        let log = InMemoryLogHandler()
        let token = try zitadel.accessToken()
        try await StandIn.app(zitadel, log: log).test(.router) { client in
            let response = try await client.get("/api/private", token: token)
            #expect(response.status == .ok)
        }
        let granted = log.entries.filter { $0.message.description == "granted" }
        #expect(granted.count == 1)
        #expect(granted.first?.metadata["subject"]?.description == zitadel.serviceUser.userID)
        #expect(granted.first?.metadata["roles"]?.description == "read:messages")
    }

    /// Your own route behind the middleware reads the principal the same way.
    @Test func aHandlerBehindTheMiddlewareReadsThePrincipal() async throws {
        let zitadel = try await StandIn.zitadel()
        let router = Router(context: MessagesRequestContext.self)
        router.group()
            .add(middleware: TokenGuardMiddleware(StandIn.tokenGuard(zitadel), requirement: .activeToken))
            .get("/whoami") { _, context -> String in
                let principal = try #require(context.principal)
                return "\(principal.subject ?? "-") \(principal.clientID ?? "-") \(principal.roles.sorted())"
            }
        let token = try zitadel.accessToken(withRole: false)
        try await Application(router: router).test(.router) { client in
            let response = try await client.get("/whoami", token: token)
            #expect(response.status == .ok)
            #expect(response.text == "\(LocalZitadelServer.userWithoutRole.userID) \(LocalZitadelServer.userWithoutRole.username) []")
        }
    }

    /// On a real socket the context carries the connection's peer, which the middleware passes to the guard.
    @Test func theContextCarriesThePeerAddressOnALiveServer() async throws {
        let zitadel = try await StandIn.zitadel()
        let router = buildRouter(tokenGuard: StandIn.tokenGuard(zitadel))
        router.get("/peer") { _, context -> String in context.remoteAddress?.ipAddress ?? "none" }
        let token = try zitadel.accessToken()
        try await Application(router: router).test(.live) { client in
            let peer = try await client.get("/peer")
            #expect(["127.0.0.1", "::1"].contains(peer.text), "the test client connects to localhost: \(peer.text)")
            let response = try await client.get("/api/private-scoped", token: token)
            #expect(response.status == .ok)
            #expect(response.text == Expected.scopedBody)
        }
    }
}
