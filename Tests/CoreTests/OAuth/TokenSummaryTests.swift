import Foundation
import Testing
@testable import Core

@Suite struct TokenSummaryTests {
    let now = Date(timeIntervalSince1970: 1_733_163_343)

    @Test func namesTypeExpiryAndScopeButNotTheToken() {
        let response = TokenResponse(accessToken: "the-token", expiresIn: 43199)
        let lines = TokenSummary.lines(for: response, scope: TokenScope.zitadelDefault(projectID: "42"), now: now)
        #expect(lines == [
            "got a Bearer token (\(TokenFingerprint.of("the-token"))), expires in 43199 s (at 2024-12-03T06:15:42Z)",
            "scope asked: openid profile urn:zitadel:iam:org:project:id:42:aud urn:zitadel:iam:org:projects:roles",
        ])
        #expect(!lines.joined().contains("the-token"))
    }

    @Test func warnsWhenTheProjectAudienceScopeIsMissing() throws {
        let lines = TokenSummary.lines(for: TokenResponse(accessToken: "t", expiresIn: nil), scope: ["openid", "read:messages"], now: now)
        #expect(lines[0].hasSuffix("no expires_in"))
        #expect(try #require(lines.last).contains("inactive"))
    }
}
