import Core
import Testing
import VaporTesting

@testable import MessagesAPI

/// One request over a real socket (VaporTesting's `.running` mode: the app listens on a free port and an HTTP client
/// connects), where the request has a peer: the address the middleware hands to the guard. The in-memory tests have
/// none (`remoteAddress` is nil), which the guard accepts.
@Suite struct LiveSocketTests {
    @Test func overASocketTheGuardGetsThePeersAddressAndGrantsTheToken() async throws {
        let standIn = try await StandIn.shared.value
        let token = try standIn.zitadel.accessToken()
        let tokenGuard = standIn.tokenGuard()
        try await withMessagesAPI(tokenGuard: tokenGuard, extraRoutes: { app in
            app.grouped(TokenGuardMiddleware(tokenGuard, requiring: .activeToken)).get("client-address") { req in
                req.clientAddress(trusting: .none) ?? "none"
            }
        }) { app in
            let live = try app.testing(method: .running(hostname: "127.0.0.1", port: 0))
            let address = try await live.sendRequest(.GET, "/client-address", headers: .bearer(token))
            #expect(address.status == .ok)
            #expect(address.body.string == "127.0.0.1")

            let scoped = try await live.sendRequest(.GET, "/api/private-scoped", headers: .bearer(token))
            #expect(scoped.status == .ok)
            #expect(scoped.headers[.contentType] == ["application/json"])
            #expect(scoped.body.string == ProtectedRoutesTests.messages[2].1)
        }
    }

    @Test func inMemoryRequestsHaveNoClientAddress() async throws {
        let standIn = try await StandIn.shared.value
        let tokenGuard = standIn.tokenGuard()
        try await withMessagesAPI(tokenGuard: tokenGuard, extraRoutes: { app in
            app.grouped(TokenGuardMiddleware(tokenGuard, requiring: .activeToken)).get("client-address") { req in
                req.clientAddress(trusting: .none) ?? "none"
            }
        }) { app in
            let response = try await app.testing().sendRequest(
                .GET, "/client-address", headers: .bearer(try standIn.zitadel.accessToken()))
            #expect(response.status == .ok)
            #expect(response.body.string == "none")
        }
    }

    /// The guard's budget of introspections per client, through the middleware over a socket: the client is the
    /// peer, or whom a trusted proxy names; a token already known is never charged.
    @Test func aClientPastItsBudgetGets429AndATrustedProxysClientsHaveTheirOwn() async throws {
        let standIn = try await StandIn.shared.value
        let application = standIn.zitadel.basicApplication
        let tokenGuard = TokenGuard(
            introspector: IntrospectionClient(
                issuer: standIn.zitadel.issuer,
                authentication: .clientSecretBasic(clientID: application.clientID, secret: application.clientSecret)),
            configuration: .init(introspectionsPerClient: 1, introspectionBurstPerClient: 1))
        let proxies = try #require(TrustedProxies("127.0.0.1"))
        let token = try standIn.zitadel.accessToken()
        try await withMessagesAPI(tokenGuard: tokenGuard, trustedProxies: proxies) { app in
            let live = try app.testing(method: .running(hostname: "127.0.0.1", port: 0))
            func status(_ token: String, from client: String) async throws -> HTTPStatus {
                var headers = HTTPHeaders.bearer(token)
                headers.add(name: "X-Forwarded-For", value: client)
                return try await live.sendRequest(.GET, "/api/private", headers: headers).status
            }
            #expect(try await status("unknown-1", from: "198.51.100.7") == .unauthorized)
            #expect(try await status("unknown-2", from: "198.51.100.7") == .tooManyRequests)
            #expect(try await status("unknown-3", from: "198.51.100.8") == .unauthorized)
            #expect(try await status(token, from: "198.51.100.9") == .ok)
            #expect(try await status(token, from: "198.51.100.9") == .ok)
        }
    }
}
