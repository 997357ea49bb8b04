import Testing
@testable import Core

@Suite struct TokenScopeTests {
    @Test func defaultScopeMatchesTheContract() {
        #expect(TokenScope.join(TokenScope.zitadelDefault(projectID: "294645919545032706"))
            == "openid profile urn:zitadel:iam:org:project:id:294645919545032706:aud urn:zitadel:iam:org:projects:roles")
    }

    @Test func zitadelAPIAudienceNamesZitadelsOwnProject() {
        #expect(TokenScope.zitadelAPIAudience == "urn:zitadel:iam:org:project:id:zitadel:aud")
    }

    @Test func parseSplitsOnAnyWhitespaceAndJoinDropsDuplicates() {
        let scopes = TokenScope.parse("  openid\tprofile \n openid ")
        #expect(scopes == ["openid", "profile", "openid"])
        #expect(TokenScope.join(scopes) == "openid profile")
        #expect(TokenScope.parse("   ").isEmpty)
    }

    @Test func projectAudienceIsDetectedButZitadelsOwnIsNotEnough() {
        #expect(TokenScope.hasProjectAudience(TokenScope.zitadelDefault(projectID: "1")))
        #expect(!TokenScope.hasProjectAudience(["openid", "read:messages"]))
        #expect(!TokenScope.hasProjectAudience(["openid", TokenScope.zitadelAPIAudience]))
    }
}
