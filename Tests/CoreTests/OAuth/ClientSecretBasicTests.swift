import Foundation
import LocalZitadelKit
import Testing

@testable import Core

@Suite struct ClientSecretBasicTests {
    @Test func plainIDAndSecretAreBase64OfIDColonSecret() {
        // base64("api:secret")
        #expect(ClientSecretBasic.authorizationHeader(clientID: "api", secret: "secret") == "Basic YXBpOnNlY3JldA==")
    }

    @Test func idAndSecretAreFormEncodedBeforeBase64() throws {
        let header = ClientSecretBasic.authorizationHeader(clientID: "2946@api:x", secret: "a+b/c%d:e!f g")
        let encoded = try #require(header.split(separator: " ").last)
        let decoded = String(decoding: try #require(Data(base64Encoded: String(encoded))), as: UTF8.self)
        #expect(decoded == "2946%40api%3Ax:a%2Bb%2Fc%25d%3Ae%21f+g")
        // The receiver splits at the one literal ':' and form-decodes each half back to the original.
        let halves = decoded.split(separator: ":", omittingEmptySubsequences: false)
        #expect(halves.count == 2)
        let id = try FormURLEncoding.decode("x=" + halves[0]).first?.1
        let secret = try FormURLEncoding.decode("x=" + halves[1]).first?.1
        #expect(id == "2946@api:x")
        #expect(secret == "a+b/c%d:e!f g")
    }

    /// ZITADEL's own reading of the header — the stand-in's `ClientAuthentication.parse`, which splits at the first
    /// ':' and URL-decodes both halves (docs/zitadel.md, "Token endpoint") — gives back every character that needs
    /// encoding. The stand-in's own secrets are alphanumeric: this is where odd ones are shown to survive.
    @Test(arguments: ["pa+ss/w%rd:!x", "s3cr+t/with%odd:chars!", "a b&c=d", "%41%", "ünï€ode:"])
    func zitadelDecodesTheHeaderBackToIDAndSecret(secret: String) throws {
        let header = ClientSecretBasic.authorizationHeader(clientID: "2946@api:x", secret: secret)
        let read = try LocalZitadelKit.ClientAuthentication.parse(authorization: header, form: FormFields())
        #expect(read.clientID == "2946@api:x")
        #expect(read.clientSecret == secret)
    }
}
