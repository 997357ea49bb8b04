import Core
import Testing
@testable import LocalZitadelKit

extension CPUBoundSuites {
    @Suite struct IntrospectionEndpointTests {
        @Test func serviceUserTokenIsActiveWithZitadelsShape() throws {
            let fixture = try StandInFixture()
            let token = try #require(fixture.accessToken(try fixture.jwtBearer()))
            let answer = try #require(fixture.introspectBasic(token).body?.objectValue)
            let orgID = fixture.instance.organization.id
            let roles: JSONValue = ["read:messages": .object([orgID: .string(fixture.instance.organization.primaryDomain)])]
            #expect(answer["active"] == true)
            #expect(answer["scope"] == .string(fixture.defaultScope))
            #expect(answer["client_id"] == "billing-worker")
            #expect(answer["token_type"] == "Bearer")
            #expect(answer["exp"]?.intValue == fixture.now + 43200)
            #expect(answer["iat"]?.intValue == fixture.now)
            #expect(answer["nbf"]?.intValue == fixture.now)
            #expect(answer["sub"] == .string(fixture.instance.serviceUser.userID))
            #expect(answer["aud"] == .array([.string(fixture.projectID)]))
            #expect(answer["iss"] == .string(StandInFixture.issuer))
            #expect(answer["jti"]?.stringValue?.hasPrefix("V2_") == true)
            #expect(answer["username"] == "billing-worker")
            #expect(answer["name"] == "Billing Worker")
            #expect(answer["urn:zitadel:iam:org:project:roles"] == roles)
            #expect(answer["urn:zitadel:iam:org:project:\(fixture.projectID):roles"] == roles)
        }

        @Test func withoutAudienceScopeTheAPISeesInactive() throws {
            let fixture = try StandInFixture()
            let token = try #require(fixture.accessToken(fixture.clientCredentials(scope: "openid profile")))
            let reply = fixture.introspectBasic(token)
            #expect(reply.status == 200)
            #expect(reply.body == ["active": false])
        }

        @Test func noProfileScopeNoUsernameOrName() throws {
            let fixture = try StandInFixture()
            let token = try #require(fixture.accessToken(fixture.clientCredentials(scope: fixture.audienceScope)))
            let answer = try #require(fixture.introspectBasic(token).body?.objectValue)
            #expect(answer["active"] == true)
            #expect(answer["username"] == nil)
            #expect(answer["name"] == nil)
        }

        @Test func noRoleGrantMeansNoRoleClaims() throws {
            let fixture = try StandInFixture(grantsRole: false)
            let token = try #require(fixture.accessToken(fixture.clientCredentials()))
            let answer = try #require(fixture.introspectBasic(token).body?.objectValue)
            #expect(answer["active"] == true)
            #expect(answer["urn:zitadel:iam:org:project:roles"] == nil)
            #expect(answer["urn:zitadel:iam:org:project:\(fixture.projectID):roles"] == nil)
        }

        @Test func personalAccessTokenIsActiveWithRolesAndWidenedAudience() throws {
            let fixture = try StandInFixture()
            let answer = try #require(fixture.introspectBasic(fixture.instance.serviceUser.personalAccessToken).body?.objectValue)
            #expect(answer["active"] == true)
            #expect(answer["exp"]?.intValue == 253_402_300_799)
            #expect(answer["client_id"] == nil)
            let audience = answer["aud"]?.arrayValue ?? []
            #expect(audience.contains(.string(fixture.instance.basicApplication.clientID)))
            #expect(audience.contains(.string(fixture.projectID)))
            #expect(answer["urn:zitadel:iam:org:project:roles"]?["read:messages"] != nil)
        }

        @Test func jwtAccessTokenIntrospectsActive() throws {
            let fixture = try StandInFixture(accessTokenType: .jwt)
            let token = try #require(fixture.accessToken(try fixture.jwtBearer()))
            #expect(token.split(separator: ".").count == 3)
            let answer = try fixture.introspectJWT(token)
            #expect(answer.status == 200)
            #expect(answer.body?["active"] == true)
        }

        @Test func tamperedJWTAccessTokenIsInactive() throws {
            let fixture = try StandInFixture(accessTokenType: .jwt)
            let token = try #require(fixture.accessToken(fixture.clientCredentials()))
            let tampered = String(token.dropLast(2)) + (token.hasSuffix("AA") ? "BA" : "AA")
            #expect(fixture.introspectBasic(tampered).body == ["active": false])
        }

        @Test func privateKeyJWTClientAuthenticationWorks() throws {
            let fixture = try StandInFixture()
            let token = try #require(fixture.accessToken(fixture.clientCredentials()))
            let reply = try fixture.introspectJWT(token)
            #expect(reply.body?["active"] == true)
            #expect(reply.principal == fixture.instance.jwtApplication.clientID)
        }

        @Test func wrongAPISecretIsBareUnauthorizedClient() throws {
            let fixture = try StandInFixture()
            let token = try #require(fixture.accessToken(fixture.clientCredentials()))
            let reply = fixture.introspectBasic(token, secret: "wrong")
            #expect(reply.status == 400)
            #expect(reply.body == ["error": "unauthorized_client"])
        }

        @Test func unknownClientIsUnauthorizedClientEvenForAnUnknownToken() throws {
            let fixture = try StandInFixture()
            let header = ClientSecretBasic.authorizationHeader(clientID: "nobody", secret: "x")
            let reply = fixture.standIn.introspect(authorization: header, form: FormFields([("token", "garbage")]))
            #expect(reply.status == 400)
            #expect(reply.body == ["error": "unauthorized_client"])
        }

        @Test func expiredApplicationAssertionIsUnauthorizedClient() throws {
            let fixture = try StandInFixture()
            let key = try require_(fixture.applicationKey)
            let assertion = try fixture.assertion(owner: fixture.instance.jwtApplication.clientID, key: key,
                                                  iat: fixture.now - 7200, exp: fixture.now - 3600)
            let reply = try fixture.introspectJWT("whatever", assertion: assertion)
            #expect(reply.status == 400)
            #expect(reply.body == ["error": "unauthorized_client"])
        }

        @Test func serviceUserKeyCannotAuthenticateAnAPI() throws {
            let fixture = try StandInFixture()
            let reply = try fixture.introspectJWT("whatever", assertion: try fixture.userAssertion())
            #expect(reply.body == ["error": "unauthorized_client"])
        }

        @Test func noClientAuthenticationIsInvalidRequest() throws {
            let fixture = try StandInFixture()
            let reply = fixture.standIn.introspect(authorization: nil, form: FormFields([("token", "t")]))
            #expect(reply.status == 400)
            #expect(reply.body == ["error": "invalid_request",
                                   "error_description": "client_id or client_assertion must be provided"])
        }

        @Test func missingTokenIsInvalidRequest() throws {
            let fixture = try StandInFixture()
            let header = ClientSecretBasic.authorizationHeader(
                clientID: fixture.instance.basicApplication.clientID, secret: fixture.basicSecret)
            let reply = fixture.standIn.introspect(authorization: header, form: FormFields())
            #expect(reply.status == 400)
            #expect(reply.body == ["error": "invalid_request", "error_description": "token missing"])
        }

        @Test func unknownExpiredAndRevokedTokensAreInactiveWithNothingElse() throws {
            let fixture = try StandInFixture()
            #expect(fixture.introspectBasic("unknown").body == ["active": false])
            let token = try #require(fixture.accessToken(fixture.clientCredentials()))
            fixture.standIn.tokens.revoke(token: token)
            #expect(fixture.introspectBasic(token).body == ["active": false])
        }

        @Test func tokenExpiresAfterTwelveHours() throws {
            let clockCell = ClockCell(1_733_163_343)
            let fixture = try StandInFixture()
            let standIn = ZitadelStandIn(instance: fixture.instance, issuer: StandInFixture.issuer,
                                         clock: InstanceClock { clockCell.date })
            let user = fixture.instance.serviceUser
            let issued = standIn.token(
                authorization: ClientSecretBasic.authorizationHeader(clientID: user.username, secret: user.clientSecret),
                form: FormFields([("grant_type", "client_credentials"), ("scope", fixture.audienceScope)]))
            let token = try #require(issued.body?["access_token"]?.stringValue)
            let header = ClientSecretBasic.authorizationHeader(
                clientID: fixture.instance.basicApplication.clientID, secret: fixture.basicSecret)
            #expect(standIn.introspect(authorization: header, form: FormFields([("token", token)])).body?["active"] == true)
            clockCell.set(1_733_163_343 + 43200)
            #expect(standIn.introspect(authorization: header, form: FormFields([("token", token)])).body == ["active": false])
        }
    }
}

import Foundation
import Synchronization

final class ClockCell: Sendable {
    private let seconds: Mutex<Int>
    init(_ seconds: Int) { self.seconds = Mutex(seconds) }
    func set(_ value: Int) { seconds.withLock { $0 = value } }
    var date: Date { Date(timeIntervalSince1970: TimeInterval(seconds.withLock { $0 })) }
}
