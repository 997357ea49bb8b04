import Core
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LocalZitadelKit
import MessagesAPI
import Testing

/// The guard's budget of introspections per client through the middleware, on a live socket: the client is the peer,
/// or whom a trusted proxy names.
@Suite struct BudgetTests {
    private func get(_ client: some TestClientProtocol, token: String, forwardedFor: String) async throws -> HTTPResponse.Status {
        var headers = HTTPFields()
        headers[.authorization] = "Bearer \(token)"
        headers[HTTPField.Name("X-Forwarded-For")!] = forwardedFor
        return try await client.execute(uri: "/api/private", method: .get, headers: headers).status
    }

    @Test func aClientPastItsBudgetGets429AndATrustedProxysClientsHaveTheirOwn() async throws {
        let zitadel = try await StandIn.zitadel()
        let application = zitadel.basicApplication
        let tokenGuard = TokenGuard(
            introspector: IntrospectionClient(
                issuer: zitadel.issuer,
                authentication: .clientSecretBasic(clientID: application.clientID, secret: application.clientSecret)),
            configuration: .init(introspectionsPerClient: 1, introspectionBurstPerClient: 1))
        // The test client connects from loopback: trusted, so its X-Forwarded-For names the client.
        let proxies = try #require(TrustedProxies("127.0.0.1, ::1"))
        let router = buildRouter(tokenGuard: tokenGuard, trustedProxies: proxies)
        try await Application(router: router).test(.live) { client in
            #expect(try await get(client, token: "unknown-1", forwardedFor: "198.51.100.7") == .unauthorized)
            #expect(try await get(client, token: "unknown-2", forwardedFor: "198.51.100.7") == .tooManyRequests)
            #expect(try await get(client, token: "unknown-3", forwardedFor: "198.51.100.8") == .unauthorized)
            // A token already known is never charged.
            let token = try zitadel.accessToken()
            #expect(try await get(client, token: token, forwardedFor: "198.51.100.9") == .ok)
            #expect(try await get(client, token: token, forwardedFor: "198.51.100.9") == .ok)
        }
    }
}
