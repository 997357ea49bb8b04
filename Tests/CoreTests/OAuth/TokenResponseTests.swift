import Testing
@testable import Core

@Suite struct TokenResponseTests {
    @Test func parsesZitadelsAnswerAndIgnoresUnknownFields() throws {
        let body = #"{"access_token":"tok-123","token_type":"Bearer","expires_in":43199,"id_token":"a.b.c","x":[1]}"#
        let response = try TokenResponse(json: Array(body.utf8))
        #expect(response == TokenResponse(accessToken: "tok-123", tokenType: "Bearer", expiresIn: 43199, idToken: "a.b.c"))
        #expect(response.scope == nil)
    }

    @Test func acceptsAbsentOrStringLifetime() throws {
        #expect(try TokenResponse(json: Array(#"{"access_token":"t","token_type":"Bearer"}"#.utf8)).expiresIn == nil)
        #expect(try TokenResponse(json: Array(#"{"access_token":"t","token_type":"Bearer","expires_in":"60"}"#.utf8)).expiresIn == 60)
    }

    @Test(arguments: [
        (#"[1,2]"#, TokenResponse.ParseError.notJSONObject),
        ("<html>", .notJSONObject),
        (#"{"token_type":"Bearer"}"#, .missingField("access_token")),
        (#"{"access_token":"","token_type":"Bearer"}"#, .invalidField("access_token")),
        (#"{"access_token":7,"token_type":"Bearer"}"#, .invalidField("access_token")),
        (#"{"access_token":"t"}"#, .missingField("token_type")),
        (#"{"access_token":"t","token_type":"Bearer","expires_in":-1}"#, .invalidField("expires_in")),
        (#"{"access_token":"t","token_type":"Bearer","expires_in":1.5}"#, .invalidField("expires_in")),
        (#"{"access_token":"t","token_type":"Bearer","expires_in":true}"#, .invalidField("expires_in")),
        (#"{"access_token":"t","token_type":"Bearer","expires_in":"soon"}"#, .invalidField("expires_in")),
    ])
    func rejectsUnusableAnswers(body: String, expected: TokenResponse.ParseError) {
        #expect(throws: expected) { try TokenResponse(json: Array(body.utf8)) }
    }

    @Test func descriptionShowsAFingerprintNotTheToken() {
        let response = TokenResponse(accessToken: "secret-access-token", expiresIn: 60, idToken: "secret-id-token")
        for text in [response.description, String(reflecting: response), "\(response)"] {
            #expect(!text.contains("secret"))
            #expect(text.contains(TokenFingerprint.of("secret-access-token")))
        }
    }
}
