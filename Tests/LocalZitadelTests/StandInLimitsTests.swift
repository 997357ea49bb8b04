import Core
import Foundation
import LocalZitadelKit
import Testing

/// The stand-in playing a rate-limited or slow ZITADEL (`--rate-limit`, `--latency`), and the token guard honouring
/// its 429 and `Retry-After` over a real socket.
@Suite(.serialized) struct StandInLimitsTests {
    private func basicGuard(_ zitadel: LocalZitadelServer) -> TokenGuard {
        let application = zitadel.basicApplication
        return TokenGuard(introspector: IntrospectionClient(
            issuer: zitadel.issuer,
            endpoint: URL(string: zitadel.issuer + ZitadelStandIn.Path.introspection),
            authentication: .clientSecretBasic(clientID: application.clientID, secret: application.clientSecret)))
    }

    private func introspect(_ zitadel: LocalZitadelServer, _ token: String) async throws -> OutboundResponse {
        let application = zitadel.basicApplication
        let url = try #require(URL(string: zitadel.issuer + ZitadelStandIn.Path.introspection))
        return try await HTTPClient().send(.formPost(
            url: url, fields: [("token", token)],
            headers: [("Authorization", ClientSecretBasic.authorizationHeader(
                clientID: application.clientID, secret: application.clientSecret))]))
    }

    @Test func pastItsRateTheStandInAnswers429WithRetryAfter() async throws {
        let zitadel = try await LocalZitadelServer.start(rateLimit: (requests: 2, seconds: 3))
        let token = try zitadel.accessToken()
        #expect(try await introspect(zitadel, token).status == 200)
        #expect(try await introspect(zitadel, token).status == 200)
        let limited = try await introspect(zitadel, token)
        #expect(limited.status == 429)
        #expect(limited[header: "Retry-After"].flatMap(Int.init).map { (1...2).contains($0) } == true)
        // Discovery is not an OAuth path: never limited.
        let discovery = try #require(URL(string: zitadel.issuer + ZitadelStandIn.Path.discovery))
        #expect(try await HTTPClient().send(OutboundRequest(url: discovery)).status == 200)
        await zitadel.stop()
    }

    @Test func theGuardSendsNothingWithinTheRetryAfterZitadelNamed() async throws {
        let zitadel = try await LocalZitadelServer.start(rateLimit: (requests: 1, seconds: 3))
        let tokenGuard = basicGuard(zitadel)
        let first = try zitadel.accessToken()
        let check = { (token: String) in
            await tokenGuard.check(authorization: ["Bearer \(token)"], requirement: .activeToken, client: "127.0.0.1")
        }
        #expect(await check(first).principal != nil)
        let limited = await check(try zitadel.accessToken())
        #expect(limited.refusal?.status == 503)
        #expect(limited.refusal?.retryAfter == 3)
        let calls = zitadel.requestCount(path: ZitadelStandIn.Path.introspection)
        let pausedAt = ContinuousClock.now
        for _ in 0..<5 {
            #expect(await check(try zitadel.accessToken()).refusal?.status == 503)
        }
        #expect(await check(first).principal != nil, "a remembered token keeps working")
        #expect(ContinuousClock.now - pausedAt < .seconds(2))
        #expect(zitadel.requestCount(path: ZitadelStandIn.Path.introspection) == calls)
        try await Task.sleep(for: .seconds(3))
        #expect(await check(try zitadel.accessToken()).principal != nil)
        #expect(zitadel.requestCount(path: ZitadelStandIn.Path.introspection) == calls + 1)
        await zitadel.stop()
    }

    @Test func latencyHoldsEveryAnswerBack() async throws {
        let zitadel = try await LocalZitadelServer.start(latency: .milliseconds(300))
        let token = try zitadel.accessToken()
        let start = ContinuousClock.now
        #expect(try await introspect(zitadel, token).status == 200)
        #expect(ContinuousClock.now - start >= .milliseconds(300))
        await zitadel.stop()
    }
}
