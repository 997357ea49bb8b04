import Core
import Hummingbird
import HummingbirdTesting
import InMemoryLogging
import LocalZitadelKit
import MessagesAPI
import Testing

/// Introspection without a verdict: the client learns "try again later" (503) or "our fault" (500), without a
/// challenge since it is not the client's doing; the API's log learns why.
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

    @Test func theAPIsOwnCredentialsRefusedIs500AndTheCauseIsLogged() async throws {
        let zitadel = try await StandIn.zitadel()
        let log = InMemoryLogHandler()
        let app = StandIn.app(
            zitadel, tokenGuard: StandIn.tokenGuard(zitadel, secret: "not-the-api-secret-5c1e"), log: log)
        try await app.test(.router) { client in
            let response = try await client.get("/api/private", token: try zitadel.accessToken())
            #expect(response.status == .internalServerError)
            #expect(response.headers[.wwwAuthenticate] == nil)
            #expect(
                response.text
                    == #"{"error":"server_error","error_description":"The API could not check the access token; its log says why."}"#
            )
        }
        let errors = log.entries.filter { $0.level == .error }.map(\.message.description)
        #expect(errors.count == 1 && errors.first?.hasPrefix("introspection failed: ") == true, "\(errors)")
        #expect(errors.first?.contains("not-the-api-secret-5c1e") == false, "the secret stays out of the log")
    }
}
