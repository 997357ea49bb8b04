import Core
import Foundation
import Hummingbird
import HummingbirdTesting
import InMemoryLogging
import LocalZitadelKit
import MessagesAPI
import Testing

/// `GET /api/relay` calling another protected API — Core's own `ProtectedAPI` on Core's `HTTPServer`, guarded by the
/// same stand-in — as the stand-in's service user. Serialized: the tests count requests to the token endpoint.
@Suite(.serialized) struct RelayTests {
    /// The service user's tokens for the stand-in's project, as `main.swift` makes them.
    private func tokens(_ zitadel: LocalZitadelServer, secret: String? = nil) -> TokenProvider {
        .clientCredentials(
            issuer: zitadel.issuer, clientID: zitadel.serviceUser.username,
            clientSecret: secret ?? zitadel.serviceUser.clientSecret,
            scope: TokenScope.zitadelDefault(projectID: zitadel.projectID))
    }

    /// Runs `body` with the upstream API listening on a free port of 127.0.0.1, and stops it afterwards.
    private func withUpstream<T>(
        _ zitadel: LocalZitadelServer, _ body: (URL) async throws -> T
    ) async throws -> T {
        let api = ProtectedAPI(routes: APIRoute.samples, tokenGuard: StandIn.tokenGuard(zitadel), log: .silent)
        let server = HTTPServer(configuration: .init(host: "127.0.0.1", port: 0), handler: api)
        let port = try server.start()
        do {
            let result = try await body(try #require(URL(string: "http://127.0.0.1:\(port)")))
            await server.shutdown(gracePeriod: .seconds(1))
            return result
        } catch {
            await server.shutdown(gracePeriod: .seconds(1))
            throw error
        }
    }

    @Test func twoRelayedCallsAskForOneTokenAndBothGetTheUpstreamsAnswer() async throws {
        let zitadel = try await StandIn.zitadel()
        let caller = try zitadel.accessToken(withRole: false)  // the relay asks only for an active token
        try await withUpstream(zitadel) { upstream in
            let relay = UpstreamRelay(upstreamBaseURL: upstream, tokens: tokens(zitadel))
            let before = zitadel.requestCount(path: ZitadelStandIn.Path.token)
            try await StandIn.app(zitadel, relay: relay).test(.router) { client in
                for _ in 1...2 {
                    let response = try await client.get("/api/relay", token: caller)
                    #expect(response.status == .ok)
                    #expect(response.headers[.contentType] == "application/json")
                    #expect(response.text == #"{"upstream":\#(Expected.scopedBody),"upstream_status":200}"#)
                }
            }
            #expect(zitadel.requestCount(path: ZitadelStandIn.Path.token) - before == 1)
        }
    }

    @Test func theRelayItselfNeedsAToken() async throws {
        let zitadel = try await StandIn.zitadel()
        try await withUpstream(zitadel) { upstream in
            let relay = UpstreamRelay(upstreamBaseURL: upstream, tokens: tokens(zitadel))
            let before = zitadel.requestCount(path: ZitadelStandIn.Path.token)
            try await StandIn.app(zitadel, relay: relay).test(.router) { client in
                let response = try await client.get("/api/relay")
                #expect(response.status == .unauthorized)
                #expect(response.headers[.wwwAuthenticate] == #"Bearer realm="api""#)
            }
            #expect(zitadel.requestCount(path: ZitadelStandIn.Path.token) == before)
        }
    }

    @Test func anUnreachableUpstreamIs502() async throws {
        let zitadel = try await StandIn.zitadel()
        // A port that was free a moment ago and has no listener now.
        let closed = HTTPServer(configuration: .init(host: "127.0.0.1", port: 0), handler: ProtectedAPI(
            tokenGuard: StandIn.tokenGuard(zitadel), log: .silent))
        let port = try closed.start()
        await closed.shutdown(gracePeriod: .zero)
        let relay = UpstreamRelay(
            upstreamBaseURL: try #require(URL(string: "http://127.0.0.1:\(port)")), tokens: tokens(zitadel))
        let log = InMemoryLogHandler()
        try await StandIn.app(zitadel, relay: relay, log: log).test(.router) { client in
            let response = try await client.get("/api/relay", token: try zitadel.accessToken())
            #expect(response.status == .badGateway)
            #expect(response.headers[.contentType] == "application/json")
            #expect(
                response.text
                    == #"{"error":"bad_gateway","error_description":"The upstream API could not be reached; the API's log says why."}"#
            )
        }
        let errors = log.entries.filter { $0.level == .error }.map(\.message.description)
        #expect(errors.count == 1 && errors.first?.contains("127.0.0.1:\(port)") == true, "\(errors)")
    }

    @Test func aServiceUserTheTokenEndpointRefusesIs502() async throws {
        let zitadel = try await StandIn.zitadel()
        try await withUpstream(zitadel) { upstream in
            let relay = UpstreamRelay(upstreamBaseURL: upstream, tokens: tokens(zitadel, secret: "not-the-secret-7f3a"))
            let log = InMemoryLogHandler()
            try await StandIn.app(zitadel, relay: relay, log: log).test(.router) { client in
                let response = try await client.get("/api/relay", token: try zitadel.accessToken())
                #expect(response.status == .badGateway)
                #expect(
                    response.text
                        == #"{"error":"bad_gateway","error_description":"No access token could be obtained for the upstream API; the API's log says why."}"#
                )
            }
            let errors = log.entries.filter { $0.level == .error }.map(\.message.description)
            #expect(errors.count == 1 && errors.first?.hasPrefix("relay: no access token") == true, "\(errors)")
            #expect(errors.first?.contains("not-the-secret-7f3a") == false, "the secret stays out of the log")
        }
    }
}
