import Foundation
import Testing
@testable import Core

@Suite struct JWTClaimsTests {
    @Test func readsTypedClaimsAndKeepsTheRest() throws {
        let claims = try JWTClaims(json: [
            "iss": "https://i.example", "sub": "42", "aud": "https://i.example", "iat": 10, "exp": 20,
            "nbf": 5, "jti": "x",
        ])
        #expect(claims.issuer == "https://i.example")
        #expect(claims.subject == "42")
        #expect(claims.audience == ["https://i.example"])
        #expect(claims.audienceForm == .string)
        #expect(claims.issuedAt == Date(timeIntervalSince1970: 10))
        #expect(claims.expiresAt == Date(timeIntervalSince1970: 20))
        #expect(claims.other == ["nbf": 5, "jti": "x"])
    }

    @Test func reencodesAsRead() throws {
        for json: JSONValue in [["aud": "a"], ["aud": ["a"]], ["aud": []], ["aud": ["a", "b"], "iat": 1], [:]] {
            #expect(try JWTClaims(json: json).json == json)
        }
    }

    @Test func writesDatesAsWholeSecondsAndIgnoresShadowingOtherClaims() {
        let claims = JWTClaims(
            issuer: "i", issuedAt: Date(timeIntervalSince1970: 99.99),
            other: ["iss": "spoofed", "exp": 1, "custom": ["a": true]])
        #expect(claims.json == ["iss": "i", "iat": 99, "custom": ["a": true]])
    }

    @Test func multipleAudiencesAreAlwaysAnArray() {
        #expect(JWTClaims(audience: ["a", "b"], audienceForm: .string).json == ["aud": ["a", "b"]])
    }
}
