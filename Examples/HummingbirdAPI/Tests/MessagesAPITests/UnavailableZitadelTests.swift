import Core
import Hummingbird
import HummingbirdTesting
import InMemoryLogging
import LocalZitadelKit
import MessagesAPI
import Testing

/// ZITADEL down: the client learns "try again later" (503, no challenge: not its fault), the API's log learns why.
@Suite struct UnavailableZitadelTests {
    @Test func aStoppedInstanceIs503AndTheCauseIsLoggedNotSent() async throws {
        // An instance of its own: stopping the shared one would break the other suites.
        let zitadel = try await LocalZitadelServer.start()
        let token = try zitadel.accessToken()
        let log = InMemoryLogHandler()
        let app = StandIn.app(zitadel, log: log)
        await zitadel.stop()

        try await app.test(.router) { client in
            let response = try await client.get("/api/private", token: token)
            #expect(response.status == .serviceUnavailable)
            #expect(response.headers[.wwwAuthenticate] == nil)
            #expect(response.headers[.cacheControl] == "no-store")
            #expect(
                response.text
                    == #"{"error":"temporarily_unavailable","error_description":"The access token could not be checked right now; try again later."}"#
            )
            #expect(!response.text.contains(zitadel.issuer))
        }
        let errors = log.entries.filter { $0.level == .error }
        #expect(errors.count == 1)
        let message = try #require(errors.first).message.description
        #expect(message.hasPrefix("introspection failed: "))
        #expect(message.contains(zitadel.issuer), "the cause names the endpoint: \(message)")
    }
}
