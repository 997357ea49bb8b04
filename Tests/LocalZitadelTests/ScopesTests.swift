import Testing
@testable import LocalZitadelKit

@Suite struct ScopesTests {
    @Test func bareApplicationScopeIsDroppedSilently() throws {
        let scopes = try #require(Scopes(requested: "openid read:messages profile"))
        #expect(scopes.kept == ["openid", "profile"])
        #expect(!scopes.joined.contains("read:messages"))
    }

    @Test func openIDConnectAndZitadelScopesAreKept() throws {
        let requested = "openid profile email phone address offline_access urn:zitadel:iam:org:projects:roles"
        let scopes = try #require(Scopes(requested: requested))
        #expect(scopes.joined == requested)
    }

    @Test func emptyScopeIsRefused() throws {
        #expect(Scopes(requested: nil) == nil)
        #expect(Scopes(requested: "") == nil)
        #expect(Scopes(requested: "   ") == nil)
    }

    @Test func onlyDroppedScopesStillGiveAToken() throws {
        let scopes = try #require(Scopes(requested: "read:messages"))
        #expect(scopes.kept.isEmpty)
    }

    @Test func audienceScopeAddsTheProject() throws {
        let scopes = try #require(Scopes(requested: "openid urn:zitadel:iam:org:project:id:294645919545032706:aud"))
        #expect(scopes.audience(zitadelProjectID: "1") == ["294645919545032706"])
    }

    @Test func zitadelKeywordMeansZitadelsOwnProject() throws {
        let scopes = try #require(Scopes(requested: "urn:zitadel:iam:org:project:id:zitadel:aud"))
        #expect(scopes.audience(zitadelProjectID: "300000000000000002") == ["300000000000000002"])
    }

    @Test func withoutAudienceScopeTheAudienceIsEmpty() throws {
        let scopes = try #require(Scopes(requested: "openid profile urn:zitadel:iam:org:projects:roles"))
        #expect(scopes.audience(zitadelProjectID: "1").isEmpty)
    }

    @Test func duplicatesCollapse() throws {
        let aud = Scopes.audienceScope(projectID: "7")
        let scopes = try #require(Scopes(requested: "openid openid \(aud) \(aud)"))
        #expect(scopes.kept == ["openid", aud])
        #expect(scopes.audience(zitadelProjectID: "1") == ["7"])
    }
}
