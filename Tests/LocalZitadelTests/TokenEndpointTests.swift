import Core
import Foundation
import Testing
@testable import LocalZitadelKit

extension CPUBoundSuites {
    @Suite struct TokenEndpointTests {
        @Test func jwtBearerGrantIssuesABearerTokenWithIDToken() throws {
            let fixture = try StandInFixture()
            let reply = try fixture.jwtBearer()
            #expect(reply.status == 200)
            let body = try #require(reply.body?.objectValue)
            #expect(body["token_type"] == "Bearer")
            #expect(body["expires_in"] == 43199)
            #expect(body["access_token"]?.stringValue?.isEmpty == false)
            #expect(body["id_token"]?.stringValue?.split(separator: ".").count == 3)
            #expect(body["scope"] == nil)
            #expect(body["refresh_token"] == nil)
        }

        @Test func noIDTokenWithoutOpenID() throws {
            let fixture = try StandInFixture()
            let reply = try fixture.jwtBearer(scope: fixture.audienceScope)
            #expect(reply.status == 200)
            #expect(reply.body?["id_token"] == nil)
        }

        @Test func assertionAudienceWithTrailingSlashIs500() throws {
            let fixture = try StandInFixture()
            let assertion = try fixture.userAssertion(audience: .string(StandInFixture.issuer + "/"))
            let reply = try fixture.jwtBearer(assertion: assertion)
            #expect(reply.status == 500)
            #expect(reply.body == ["error": "server_error", "error_description": "Errors.Internal"])
        }

        @Test func assertionIssuedTooFarInTheFutureIs500() throws {
            let fixture = try StandInFixture()
            let reply = try fixture.jwtBearer(assertion: try fixture.userAssertion(iat: fixture.now + 30))
            #expect(reply.status == 500)
        }

        @Test func expiredAssertionIs500() throws {
            let fixture = try StandInFixture()
            let reply = try fixture.jwtBearer(
                assertion: try fixture.userAssertion(iat: fixture.now - 600, exp: fixture.now - 1))
            #expect(reply.status == 500)
        }

        @Test func assertionSignedWithAnotherKeyIs500() throws {
            let fixture = try StandInFixture()
            let user = fixture.instance.serviceUser
            let forged = Instance.MachineKey(keyID: user.key.keyID, privateKey: try TestKeys.signing.key,
                                             expirationDate: nil)
            let reply = try fixture.jwtBearer(assertion: try fixture.assertion(owner: user.userID, key: forged))
            #expect(reply.status == 500)
        }

        @Test func applicationKeyIsNotAcceptedForTheGrant() throws {
            let fixture = try StandInFixture()
            let key = try require_(fixture.applicationKey)
            let assertion = try fixture.assertion(owner: fixture.instance.jwtApplication.clientID, key: key)
            #expect(try fixture.jwtBearer(assertion: assertion).status == 500)
        }

        @Test func unknownKeyIDIs500() throws {
            let fixture = try StandInFixture()
            let user = fixture.instance.serviceUser
            let assertion = try fixture.assertion(owner: user.userID, key: user.key, keyID: "999")
            #expect(try fixture.jwtBearer(assertion: assertion).status == 500)
        }

        @Test func expiredKeyIs500() throws {
            let fixture = try StandInFixture()
            var instance = fixture.instance
            instance.serviceUser.key.expirationDate = Date(timeIntervalSince1970: TimeInterval(fixture.now - 1))
            let fixed = Date(timeIntervalSince1970: TimeInterval(fixture.now))
            let standIn = ZitadelStandIn(instance: instance, issuer: StandInFixture.issuer, clock: InstanceClock { fixed })
            let reply = standIn.token(authorization: nil, form: FormFields([
                ("grant_type", ZitadelStandIn.jwtBearerGrant), ("assertion", try fixture.userAssertion()),
                ("scope", "openid"),
            ]))
            #expect(reply.status == 500)
            #expect(reply.principal?.contains("expired") == true)
        }

        @Test func assertionWithFourSegmentsIs500() throws {
            let fixture = try StandInFixture()
            #expect(try fixture.jwtBearer(assertion: try fixture.userAssertion() + ".x").status == 500)
        }

        @Test func missingAssertionIsInvalidRequest() throws {
            let fixture = try StandInFixture()
            let reply = fixture.standIn.token(authorization: nil, form: FormFields([
                ("grant_type", ZitadelStandIn.jwtBearerGrant), ("scope", "openid"),
            ]))
            #expect(reply.status == 400)
            #expect(reply.body == ["error": "invalid_request", "error_description": "assertion missing"])
        }

        @Test func clientCredentialsWithUsernameWork() throws {
            let fixture = try StandInFixture()
            let reply = fixture.clientCredentials()
            #expect(reply.status == 200)
            #expect(fixture.accessToken(reply) != nil)
        }

        @Test func clientCredentialsInTheFormWork() throws {
            let fixture = try StandInFixture()
            let user = fixture.instance.serviceUser
            let reply = fixture.standIn.token(authorization: nil, form: FormFields([
                ("grant_type", "client_credentials"), ("client_id", user.username), ("client_secret", user.clientSecret),
                ("scope", "openid"),
            ]))
            #expect(reply.status == 200)
        }

        @Test func numericUserIDAsClientIDIsClientNotFound() throws {
            let fixture = try StandInFixture()
            let reply = fixture.clientCredentials(id: fixture.instance.serviceUser.userID)
            #expect(reply.status == 400)
            #expect(reply.body == ["error": "invalid_client", "error_description": "client not found"])
        }

        @Test func wrongSecretIsInvalidRequestWithZitadelsKey() throws {
            let fixture = try StandInFixture()
            let reply = fixture.clientCredentials(secret: "wrong")
            #expect(reply.status == 400)
            #expect(reply.body == ["error": "invalid_request", "error_description": "Errors.User.Machine.Secret.Invalid"])
        }

        @Test func basicHeaderAndBodyCredentialsTogetherAre400() throws {
            let fixture = try StandInFixture()
            let user = fixture.instance.serviceUser
            let header = ClientSecretBasic.authorizationHeader(clientID: user.username, secret: user.clientSecret)
            let reply = fixture.standIn.token(authorization: header, form: FormFields([
                ("grant_type", "client_credentials"), ("client_id", user.username), ("client_secret", user.clientSecret),
                ("scope", "openid"),
            ]))
            #expect(reply.status == 400)
            #expect(reply.body?["error"] == "invalid_request")
        }

        @Test func missingGrantTypeIsInvalidRequest() throws {
            let fixture = try StandInFixture()
            let reply = fixture.standIn.token(authorization: nil, form: FormFields([("scope", "openid")]))
            #expect(reply.status == 400)
            #expect(reply.body == ["error": "invalid_request", "error_description": "grant_type missing"])
        }

        @Test func unknownGrantIsUnsupportedGrantType() throws {
            let fixture = try StandInFixture()
            let reply = fixture.standIn.token(authorization: nil, form: FormFields([("grant_type", "password")]))
            #expect(reply.status == 400)
            #expect(reply.body?["error"] == "unsupported_grant_type")
        }

        @Test func emptyScopeIsInvalidRequest() throws {
            let fixture = try StandInFixture()
            let reply = fixture.clientCredentials(scope: "")
            #expect(reply.status == 400)
            #expect(reply.body?["error"] == "invalid_request")
            #expect(try fixture.jwtBearer(scope: " ").status == 400)
        }

        @Test func bareReadMessagesScopeIsDroppedFromTheToken() throws {
            let fixture = try StandInFixture()
            let reply = fixture.clientCredentials(scope: "openid read:messages \(fixture.audienceScope)")
            let token = try #require(fixture.accessToken(reply))
            let answer = fixture.introspectBasic(token)
            #expect(answer.body?["active"] == true)
            #expect(answer.body?["scope"] == .string("openid \(fixture.audienceScope)"))
        }

        @Test func jwtAccessTokensAreSignedWithTheInstanceKey() throws {
            let fixture = try StandInFixture(accessTokenType: .jwt)
            let reply = fixture.clientCredentials()
            let token = try #require(fixture.accessToken(reply))
            let verified = try JWT.verifyRS256(token, key: fixture.instance.signingKey.publicKey)
            #expect(verified.header.keyID == fixture.instance.signingKey.keyID)
            #expect(verified.claims.audience == [fixture.projectID])
            #expect(verified.claims.issuer == StandInFixture.issuer)
            #expect(verified.claims.other["client_id"] == "billing-worker")
            #expect(verified.claims.expiresAt.map(SignedJWT.seconds) == fixture.now + 43200)
        }

        @Test func secretsNeverAppearInTheLogDetail() throws {
            let fixture = try StandInFixture()
            let user = fixture.instance.serviceUser
            for reply in [fixture.clientCredentials(secret: "wrong"), fixture.clientCredentials(),
                          try fixture.jwtBearer(assertion: try fixture.userAssertion(iat: fixture.now + 99))] {
                let detail = reply.principal ?? ""
                #expect(!detail.contains(user.clientSecret))
                #expect(!detail.contains("wrong"))
                #expect(!detail.contains("eyJ"))
            }
        }
    }
}
