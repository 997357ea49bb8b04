import Core
import Testing
@testable import LocalZitadelKit

extension CPUBoundSuites {
    @Suite struct ManagementAPITests {
        @Test func tokenWithZitadelAudienceReadsTheOrganization() throws {
            let fixture = try StandInFixture()
            let scope = "openid \(Scopes.audienceScope(projectID: "zitadel"))"
            let token = try #require(fixture.accessToken(fixture.clientCredentials(scope: scope)))
            let reply = fixture.standIn.organizationOfCaller(authorization: "Bearer \(token)")
            #expect(reply.status == 200)
            let org = try #require(reply.body?["org"])
            #expect(org["id"] == .string(fixture.instance.organization.id))
            #expect(org["name"] == .string(fixture.instance.organization.name))
            #expect(org["state"] == "ORG_STATE_ACTIVE")
            #expect(org["primaryDomain"] == .string(fixture.instance.organization.primaryDomain))
        }

        @Test func tokenWithoutZitadelAudienceIs401() throws {
            let fixture = try StandInFixture()
            let token = try #require(fixture.accessToken(fixture.clientCredentials()))
            let reply = fixture.standIn.organizationOfCaller(authorization: "Bearer \(token)")
            #expect(reply.status == 401)
            #expect(reply.body?["code"] == 16)
        }

        @Test func missingOrUnknownTokenIs401() throws {
            let fixture = try StandInFixture()
            #expect(fixture.standIn.organizationOfCaller(authorization: nil).status == 401)
            #expect(fixture.standIn.organizationOfCaller(authorization: "Bearer nope").status == 401)
        }

        @Test func personalAccessTokenCanCallZitadelsAPI() throws {
            let fixture = try StandInFixture()
            let pat = fixture.instance.serviceUser.personalAccessToken
            #expect(fixture.standIn.organizationOfCaller(authorization: "Bearer \(pat)").status == 200)
        }
    }
}
