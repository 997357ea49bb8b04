import Core
import LocalZitadelKit
import Testing
import VaporTesting

@testable import MessagesAPI

/// ZITADEL down: a stand-in of its own, stopped before the request, so the shared one stays up for the others.
@Suite struct IntrospectionUnavailableTests {
    @Test func aStoppedZitadelIs503WithoutChallengeAndTheCauseIsLogged() async throws {
        let zitadel = try await LocalZitadelServer.start()
        let tokenGuard = StandIn.tokenGuard(for: zitadel)
        let token = try zitadel.accessToken()
        await zitadel.stop()

        let log = LogRecorder()
        try await withMessagesAPI(tokenGuard: tokenGuard, logger: log.logger()) { app in
            for path in ["/api/private", "/api/private-scoped"] {
                let response = try await app.testing().sendRequest(.GET, path, headers: .bearer(token))
                #expect(response.status == .serviceUnavailable, "\(path)")
                // Not the client's fault: no challenge (RFC 6750 §3 is for 400/401/403).
                #expect(response.headers[.wwwAuthenticate] == [])
                #expect(response.headers[.cacheControl] == ["no-store"])
                #expect(response.body.string == #"{"error":"temporarily_unavailable","error_description":"The access token could not be checked right now; try again later."}"#)
            }
            // The public route does not need ZITADEL.
            #expect(try await app.testing().sendRequest(.GET, "/api/public").status == .ok)
        }
        let logged = log.messages.filter { $0.contains("introspection failed for token") }
        #expect(logged.count == 2, "\(log.messages)")
        #expect(logged.allSatisfy { $0.contains(zitadel.issuer) }, "\(logged)")
    }
}
