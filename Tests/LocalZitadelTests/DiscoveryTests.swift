import Core
import Testing
@testable import LocalZitadelKit

extension CPUBoundSuites {
    @Suite struct DiscoveryTests {
        @Test func discoveryNamesEveryEndpointUnderTheIssuer() throws {
            let fixture = try StandInFixture()
            let document = try #require(fixture.standIn.discoveryDocument().body)
            let issuer = StandInFixture.issuer
            #expect(document["issuer"] == .string(issuer))
            #expect(document["token_endpoint"] == .string(issuer + "/oauth/v2/token"))
            #expect(document["introspection_endpoint"] == .string(issuer + "/oauth/v2/introspect"))
            #expect(document["revocation_endpoint"] == .string(issuer + "/oauth/v2/revoke"))
            #expect(document["jwks_uri"] == .string(issuer + "/oauth/v2/keys"))
            #expect(document["introspection_endpoint_auth_methods_supported"] == ["client_secret_basic", "private_key_jwt"])
            #expect(document["token_endpoint_auth_methods_supported"]
                    == ["none", "client_secret_basic", "client_secret_post", "private_key_jwt"])
            #expect(document["token_endpoint_auth_signing_alg_values_supported"] == ["RS256"])
            #expect(document["introspection_endpoint_auth_signing_alg_values_supported"] == ["RS256"])
        }

        @Test func keySetPublishesTheSigningKeyThatVerifiesJWTAccessTokens() throws {
            let fixture = try StandInFixture(accessTokenType: .jwt)
            let keys = try #require(fixture.standIn.keySet().body?["keys"]?.arrayValue)
            #expect(keys.count == 1)
            let jwk = try #require(keys.first)
            #expect(jwk["kty"] == "RSA")
            #expect(jwk["alg"] == "RS256")
            #expect(jwk["use"] == "sig")
            let modulus = try Base64URL.decode(try #require(jwk["n"]?.stringValue))
            let exponent = try Base64URL.decode(try #require(jwk["e"]?.stringValue))
            let published = try RSAPublicKey(modulus: modulus, publicExponent: exponent)
            let token = try #require(fixture.accessToken(fixture.clientCredentials()))
            let verified = try JWT.verifyRS256(token, key: published)
            #expect(verified.header.keyID == jwk["kid"]?.stringValue)
        }
    }
}
