import Core
import Foundation
import Testing
@testable import LocalZitadelKit

extension CPUBoundSuites {
    @Suite struct SignedJWTTests {
        @Test func instanceTokensVerifyOnlyWithTheirKeyIDAndBeforeExpiry() throws {
            let keys = try StandInFixture.keys.get()
            let claims: [String: JSONValue] = ["iss": "http://127.0.0.1:1", "sub": "1", "exp": 2000, "iat": 1000,
                                               "jti": "V2_1-at_2", "client_id": "billing-worker"]
            let token = try SignedJWT.signRS256(claims: claims, keyID: "k1", key: keys.signing)
            let verified = try JWT.verifyRS256(token, key: keys.signing.publicKey)
            #expect(verified.header.keyID == "k1")
            #expect(verified.claims.other["jti"] == "V2_1-at_2")
            #expect(SignedJWT.isValidInstanceToken(token, keyID: "k1", key: keys.signing.publicKey, now: 1999))
            #expect(!SignedJWT.isValidInstanceToken(token, keyID: "k1", key: keys.signing.publicKey, now: 2000))
            #expect(!SignedJWT.isValidInstanceToken(token, keyID: "k2", key: keys.signing.publicKey, now: 1500))
            #expect(!SignedJWT.isValidInstanceToken(token, keyID: "k1", key: keys.user.publicKey, now: 1500))
        }

        @Test func claimsConvertToWholeSecondsForTheRules() throws {
            let claims = JWTClaims(issuer: "a", subject: "a", audience: ["x", "y"],
                                   issuedAt: Date(timeIntervalSince1970: 100.7),
                                   expiresAt: Date(timeIntervalSince1970: 200.2))
            let rules = AssertionRules.Claims(claims)
            #expect(rules == AssertionRules.Claims(issuer: "a", subject: "a", audience: ["x", "y"], issuedAt: 100,
                                                   expiresAt: 200))
        }
    }
}
