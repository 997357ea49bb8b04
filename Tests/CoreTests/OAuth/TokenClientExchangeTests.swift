import Foundation
import Testing
@testable import Core

/// TokenClient in-process against the fake ZITADEL token endpoint, over a real socket.
@Suite struct TokenClientExchangeTests {
    func client(_ fixture: ClientFixture) throws -> TokenClient {
        TokenClient(tokenURL: try #require(URL(string: fixture.issuer + "/oauth/v2/token")))
    }

    func assertion(_ fixture: ClientFixture) throws -> String {
        let key = try ServiceUserKey.load(setting: "KEY", path: fixture.keyFilePath)
        return try key.assertion(issuer: fixture.issuer + "/").signed()
    }

    @Test func jwtBearerGrantGetsAToken() async throws {
        try await ClientFixture.with { fixture in
            let response = try await client(fixture).requestToken(
                grant: .jwtBearer(assertion: try assertion(fixture)), scope: ["openid", "profile"])
            #expect(response.tokenType == "Bearer" && response.expiresIn == 43199)
            #expect(fixture.fake.issuedTokens == [response.accessToken])
            #expect(fixture.fake.requests.first?.verifiedAssertion?.claims.audience == [fixture.issuer])
        }
    }

    @Test func clientCredentialsGrantGetsAToken() async throws {
        try await ClientFixture.with { fixture in
            let user = fixture.fake.serviceUser
            let response = try await client(fixture).requestToken(
                grant: .clientCredentials(clientID: user.username, clientSecret: user.secret), scope: ["openid"])
            #expect(fixture.fake.issuedTokens == [response.accessToken])
        }
    }

    @Test func aWrongSecretBecomesARejectionWithoutTheSecret() async throws {
        try await ClientFixture.with { fixture in
            let client = try client(fixture)
            do throws(TokenEndpointError) {
                _ = try await client.requestToken(
                    grant: .clientCredentials(clientID: "billing-worker", clientSecret: "nope+nope"), scope: ["openid"])
                Issue.record("expected a rejection")
            } catch {
                #expect(error == .rejected(url: fixture.issuer + "/oauth/v2/token", status: 400, error: "invalid_request",
                                           errorDescription: "Errors.User.Machine.Secret.Invalid", grant: .clientCredentials))
                #expect(!error.description.contains("nope"))
            }
        }
    }
}
