import Core
import Foundation
import Testing
@testable import LocalZitadelKit

@Suite struct ClientAuthenticationTests {
    func basic(_ id: String, _ secret: String) -> String {
        ClientSecretBasic.authorizationHeader(clientID: id, secret: secret)
    }

    @Test func basicCredentialsAreURLDecoded() throws {
        let auth = try ClientAuthentication.parse(
            authorization: basic("billing-worker", "a+b/c%d:e"), form: FormFields())
        #expect(auth.clientID == "billing-worker")
        #expect(auth.clientSecret == "a+b/c%d:e")
    }

    @Test func formCredentialsAreRead() throws {
        let auth = try ClientAuthentication.parse(
            authorization: nil, form: FormFields([("client_id", "x"), ("client_secret", "y")]))
        #expect(auth == ClientAuthentication(clientID: "x", clientSecret: "y", clientAssertion: nil))
    }

    @Test func basicHeaderAndFormCredentialsTogetherAre400() throws {
        let form = FormFields([("client_id", "x"), ("client_secret", "y")])
        #expect(throws: OAuthErrorReply(status: 400, error: "invalid_request",
                                        description: "client authentication must not use more than one method")) {
            try ClientAuthentication.parse(authorization: basic("x", "y"), form: form)
        }
    }

    @Test func basicHeaderAndAssertionTogetherAre400() throws {
        let form = FormFields([("client_assertion_type", ClientAuthentication.assertionType),
                               ("client_assertion", "a.b.c")])
        #expect(throws: OAuthErrorReply.self) {
            try ClientAuthentication.parse(authorization: basic("x", "y"), form: form)
        }
    }

    @Test func noClientAuthenticationIsInvalidRequest() throws {
        #expect(throws: OAuthErrorReply(status: 400, error: "invalid_request",
                                        description: "client_id or client_assertion must be provided")) {
            try ClientAuthentication.parse(authorization: nil, form: FormFields([("token", "t")]))
        }
    }

    @Test func malformedBasicHeaderIsIgnoredLikeGoDoes() throws {
        #expect(throws: OAuthErrorReply.self) {
            try ClientAuthentication.parse(authorization: "Basic !!!notbase64", form: FormFields())
        }
        #expect(ClientAuthentication.basicCredentials("Bearer abc") == nil)
        let noColon = "Basic " + Data("nocolon".utf8).base64EncodedString()
        #expect(ClientAuthentication.basicCredentials(noColon) == nil)
    }

    @Test func basicSchemeIsCaseInsensitive() throws {
        let header = "bAsIc " + Data("a:b".utf8).base64EncodedString()
        let auth = try ClientAuthentication.parse(authorization: header, form: FormFields())
        #expect(auth.clientID == "a")
        #expect(auth.clientSecret == "b")
    }

    @Test func assertionWithWrongTypeIsInvalidRequest() throws {
        let form = FormFields([("client_assertion_type", "urn:other"), ("client_assertion", "a.b.c")])
        #expect(throws: OAuthErrorReply(status: 400, error: "invalid_request",
                                        description: "invalid client_assertion_type urn:other")) {
            try ClientAuthentication.parse(authorization: nil, form: form)
        }
    }

    @Test func assertionIsRead() throws {
        let form = FormFields([("client_assertion_type", ClientAuthentication.assertionType),
                               ("client_assertion", "a.b.c")])
        let auth = try ClientAuthentication.parse(authorization: nil, form: form)
        #expect(auth.clientAssertion == "a.b.c")
        #expect(auth.clientID == nil)
    }
}
