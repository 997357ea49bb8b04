import Core
import Testing
@testable import LocalZitadelKit

extension CPUBoundSuites {
    @Suite struct RevocationEndpointTests {
        @Test func serviceUserRevokesItsTokenAndTheAPISeesItInactive() throws {
            let fixture = try StandInFixture()
            let user = fixture.instance.serviceUser
            let token = try #require(fixture.accessToken(fixture.clientCredentials()))
            #expect(fixture.introspectBasic(token).body?["active"] == true)
            let header = ClientSecretBasic.authorizationHeader(clientID: user.username, secret: user.clientSecret)
            let reply = fixture.standIn.revoke(authorization: header, form: FormFields([("token", token)]))
            #expect(reply.status == 200)
            #expect(reply.body == nil)
            #expect(fixture.introspectBasic(token).body == ["active": false])
        }

        @Test func apiApplicationRevokesATokenAddressedToIt() throws {
            let fixture = try StandInFixture()
            let token = try #require(fixture.accessToken(try fixture.jwtBearer()))
            let header = ClientSecretBasic.authorizationHeader(
                clientID: fixture.instance.basicApplication.clientID, secret: fixture.basicSecret)
            #expect(fixture.standIn.revoke(authorization: header, form: FormFields([("token", token)])).status == 200)
            #expect(fixture.introspectBasic(token).body == ["active": false])
        }

        @Test func unknownTokenIsStill200AndPATIsLeftAlone() throws {
            let fixture = try StandInFixture()
            let user = fixture.instance.serviceUser
            let header = ClientSecretBasic.authorizationHeader(clientID: user.username, secret: user.clientSecret)
            #expect(fixture.standIn.revoke(authorization: header, form: FormFields([("token", "nope")])).status == 200)
            let pat = user.personalAccessToken
            #expect(fixture.standIn.revoke(authorization: header, form: FormFields([("token", pat)])).status == 200)
            #expect(fixture.introspectBasic(pat).body?["active"] == true)
        }

        @Test func wrongCredentialsCannotRevoke() throws {
            let fixture = try StandInFixture()
            let token = try #require(fixture.accessToken(fixture.clientCredentials()))
            let header = ClientSecretBasic.authorizationHeader(clientID: "billing-worker", secret: "wrong")
            let reply = fixture.standIn.revoke(authorization: header, form: FormFields([("token", token)]))
            #expect(reply.status == 400)
            #expect(reply.body == ["error": "unauthorized_client"])
            #expect(fixture.introspectBasic(token).body?["active"] == true)
        }
    }
}
