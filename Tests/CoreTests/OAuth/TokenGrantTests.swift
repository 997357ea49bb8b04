import Testing
@testable import Core

@Suite struct TokenGrantTests {
    @Test func jwtBearerSendsTheAssertionInTheBodyAndNoClientAuthentication() {
        let grant = TokenGrant.jwtBearer(assertion: "h.p.s")
        let parameters = grant.formParameters(scope: "openid profile")
        #expect(parameters.map(\.name) == ["grant_type", "assertion", "scope"])
        #expect(parameters.map(\.value) == ["urn:ietf:params:oauth:grant-type:jwt-bearer", "h.p.s", "openid profile"])
        #expect(grant.basicCredentials == nil)
        #expect(grant.kind == .jwtBearer)
    }

    @Test func clientCredentialsPutsTheSecretOnlyInBasic() throws {
        let grant = TokenGrant.clientCredentials(clientID: "billing-worker", clientSecret: "s3cr+t/%:!")
        let parameters = grant.formParameters(scope: "openid")
        #expect(parameters.map(\.name) == ["grant_type", "scope"])
        #expect(parameters.map(\.value) == ["client_credentials", "openid"])
        let basic = try #require(grant.basicCredentials)
        #expect(basic.clientID == "billing-worker")
        #expect(basic.clientSecret == "s3cr+t/%:!")
        #expect(grant.kind == .clientCredentials)
    }

    @Test func descriptionsHideTheAssertionAndTheSecret() {
        let grants = [TokenGrant.jwtBearer(assertion: "ASSERTION"),
                      .clientCredentials(clientID: "billing-worker", clientSecret: "SECRET")]
        for grant in grants {
            var dumped = ""
            dump(grant, to: &dumped)
            for text in [grant.description, String(reflecting: grant), "\(grant)", dumped] {
                #expect(!text.contains("ASSERTION"))
                #expect(!text.contains("SECRET"))
            }
        }
    }
}
