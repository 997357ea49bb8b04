import Foundation
import Testing
@testable import Core

extension StandInSuites {
    /// TokenClient in-process against the stand-in's token endpoint, over a real socket: a token it issues shows the
    /// grant was one ZITADEL accepts (docs/zitadel.md, "Token endpoint").
    @Suite struct TokenClientExchangeTests {
        @Test func jwtBearerGrantGetsAToken() async throws {
            let standIn = try await StandInSuites.standIn.value
            // The issuer as a user may write it, with a trailing slash: ZITADEL wants it without one in `aud`.
            let assertion = try standIn.serviceUserKey.assertion(issuer: standIn.issuer + "/").signed()
            let response = try await TokenClient(tokenURL: standIn.tokenURL).requestToken(
                grant: .jwtBearer(assertion: assertion), scope: TokenScope.zitadelDefault(projectID: standIn.zitadel.projectID))
            #expect(response.tokenType == "Bearer" && response.expiresIn == 43199)
            let answer = try await standIn.introspection(of: response.accessToken)
            #expect(answer["active"] == true)
            #expect(answer["sub"]?.stringValue == standIn.zitadel.serviceUser.userID)
        }

        @Test func clientCredentialsGrantGetsAToken() async throws {
            let standIn = try await StandInSuites.standIn.value
            let user = standIn.zitadel.serviceUser
            let response = try await TokenClient(tokenURL: standIn.tokenURL).requestToken(
                grant: .clientCredentials(clientID: user.username, clientSecret: user.clientSecret),
                scope: TokenScope.zitadelDefault(projectID: standIn.zitadel.projectID))
            let answer = try await standIn.introspection(of: response.accessToken)
            #expect(answer["active"] == true)
            #expect(answer["client_id"]?.stringValue == user.username)
        }

        @Test func aWrongSecretBecomesARejectionWithoutTheSecret() async throws {
            let standIn = try await StandInSuites.standIn.value
            do throws(TokenEndpointError) {
                _ = try await TokenClient(tokenURL: standIn.tokenURL).requestToken(
                    grant: .clientCredentials(clientID: standIn.zitadel.serviceUser.username, clientSecret: "nope+nope"),
                    scope: ["openid"])
                Issue.record("expected a rejection")
            } catch {
                #expect(error == .rejected(url: standIn.tokenURL.absoluteString, status: 400, error: "invalid_request",
                                           errorDescription: "Errors.User.Machine.Secret.Invalid", grant: .clientCredentials))
                #expect(!error.description.contains("nope"))
            }
        }
    }
}
