import Core
import Foundation
import LocalZitadelKit
import Testing
import VaporTesting

@testable import MessagesAPI

/// `/api/relay`: this API calls the upstream API (Core's ProtectedAPI, guarded by the same stand-in) as the service
/// user. Serialized, because the tests count requests to the stand-in's token endpoint, which only they use.
@Suite(.serialized) struct RelayTests {
    private func standIn() async throws -> StandIn { try await StandIn.shared.value }
    private static let tokenPath = ZitadelStandIn.Path.token

    @Test func twoCallsShareOneTokenAndBothReportTheUpstreamsAnswer() async throws {
        let standIn = try await standIn()
        let token = try standIn.zitadel.accessToken()
        let before = standIn.zitadel.requestCount(path: Self.tokenPath)
        let upstreamRequests = standIn.upstreamRequests
        try await withMessagesAPI(tokenGuard: standIn.tokenGuard(), relay: standIn.relay()) { app in
            for _ in 0..<2 {
                let response = try await app.testing().sendRequest(.GET, "/api/relay", headers: .bearer(token))
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == ["application/json"])
                #expect(response.headers[.cacheControl] == ["no-store"])
                #expect(response.body.string == #"{"upstream":{"message":"Private, scoped route - You need to be authenticated and have the role read:messages to see this."},"upstream_status":200}"#)
            }
        }
        #expect(standIn.zitadel.requestCount(path: Self.tokenPath) - before == 1)
        #expect(standIn.upstreamRequests - upstreamRequests == 2)
    }

    @Test func theRelayItselfIsProtected() async throws {
        let standIn = try await standIn()
        let before = standIn.zitadel.requestCount(path: Self.tokenPath)
        try await withMessagesAPI(tokenGuard: standIn.tokenGuard(), relay: standIn.relay()) { app in
            let response = try await app.testing().sendRequest(.GET, "/api/relay")
            #expect(response.status == .unauthorized)
            #expect(response.headers[.wwwAuthenticate] == [#"Bearer realm="api""#])
        }
        #expect(standIn.zitadel.requestCount(path: Self.tokenPath) == before)
    }

    @Test func anUnreachableUpstreamIs502() async throws {
        let standIn = try await standIn()
        // A server started and stopped again: nothing listens on its port any more.
        let (server, closed) = try StandIn.serve(HTTPClosureHandler { _ in .response(HTTPResponse(status: 200)) })
        await server.shutdown(gracePeriod: .seconds(1))
        let log = LogRecorder()
        try await withMessagesAPI(
            // Vapor's client retries a refused connection until the request's timeout: keep it short here.
            tokenGuard: standIn.tokenGuard(), relay: standIn.relay(to: closed, timeout: .seconds(1)),
            logger: log.logger()
        ) { app in
            let response = try await app.testing().sendRequest(
                .GET, "/api/relay", headers: .bearer(try standIn.zitadel.accessToken()))
            #expect(response.status == .badGateway)
            #expect(response.headers[.contentType] == ["application/json"])
            #expect(response.body.string == #"{"error":"bad_gateway","error_description":"The upstream API could not be reached; the API's log says why."}"#)
        }
        #expect(log.messages.contains { $0.hasPrefix("error relay for ") && $0.contains(closed.absoluteString) },
                "\(log.messages)")
    }

    @Test func noTokenForTheServiceUserIs502AndTheUpstreamIsNotCalled() async throws {
        let standIn = try await standIn()
        let upstreamRequests = standIn.upstreamRequests
        let log = LogRecorder()
        try await withMessagesAPI(
            tokenGuard: standIn.tokenGuard(), relay: standIn.relay(clientSecret: "wrong"), logger: log.logger()
        ) { app in
            let response = try await app.testing().sendRequest(
                .GET, "/api/relay", headers: .bearer(try standIn.zitadel.accessToken()))
            #expect(response.status == .badGateway)
            #expect(response.body.string == #"{"error":"bad_gateway","error_description":"An access token for the upstream API could not be obtained; the API's log says why."}"#)
        }
        #expect(log.messages.contains { $0.contains("no access token for the upstream API") }, "\(log.messages)")
        #expect(standIn.upstreamRequests == upstreamRequests)
    }

    @Test func anUpstreamThatRefusesTheTokenIsReportedAndTheTokenIsAskedForAgain() async throws {
        let standIn = try await standIn()
        // An upstream API whose ZITADEL knows none of our tokens: every call is 401 invalid_token.
        let refusing = ProtectedAPI(tokenGuard: TokenGuard(introspector: NothingIsActive()), log: .silent)
        let (server, upstream) = try StandIn.serve(refusing)
        let token = try standIn.zitadel.accessToken()
        let before = standIn.zitadel.requestCount(path: Self.tokenPath)
        try await withMessagesAPI(tokenGuard: standIn.tokenGuard(), relay: standIn.relay(to: upstream)) { app in
            for _ in 0..<2 {
                let response = try await app.testing().sendRequest(.GET, "/api/relay", headers: .bearer(token))
                #expect(response.status == .ok)
                #expect(response.body.string == #"{"upstream":{"error":"invalid_token","error_description":"The access token is inactive, unknown, revoked or expired."},"upstream_status":401}"#)
            }
        }
        // After the 401 the relay forgot its token, so the second call asked for a new one.
        #expect(standIn.zitadel.requestCount(path: Self.tokenPath) - before == 2)
        await server.shutdown(gracePeriod: .seconds(1))
    }
}

/// An introspector that calls every token inactive, for an upstream API that refuses whatever it is sent.
private struct NothingIsActive: TokenIntrospecting {
    func introspect(token: String) async throws(IntrospectionError) -> IntrospectionResult { .inactive }
}
