import Foundation
import Testing
@testable import Core

@Suite struct JWTTests {
    private let header = Base64URL.encode(#"{"alg":"RS256","kid":"k1","typ":"JWT"}"#)
    private let payload = Base64URL.encode(#"{"iss":"i","aud":["a"],"exp":1.5,"scope":"openid"}"#)

    @Test func decodeUnverifiedTakesATokenApartWithoutAKey() throws {
        let decoded = try JWT.decodeUnverified("\(header).\(payload).AAEC")
        #expect(decoded.header == JWTHeader(algorithm: "RS256", keyID: "k1", type: "JWT"))
        #expect(decoded.claims == JWTClaims(
            issuer: "i", audience: ["a"], audienceForm: .array, expiresAt: Date(timeIntervalSince1970: 1.5),
            other: ["scope": "openid"]))
        #expect(decoded.signingInput == Array("\(header).\(payload)".utf8))
        #expect(decoded.signature == [0, 1, 2])
    }

    @Test func decodeUnverifiedStillRefusesMalformedTokens() {
        #expect(throws: JWTError.wrongSegmentCount(2)) { try JWT.decodeUnverified("\(header).\(payload)") }
        #expect(throws: JWTError.invalidBase64URL(.signature, .invalidCharacter(offset: 3))) {
            try JWT.decodeUnverified("\(header).\(payload).AAE=")
        }
        #expect(throws: JWTError.notAnObject(.header)) {
            try JWT.decodeUnverified("\(Base64URL.encode("[]")).\(payload).")
        }
    }

    @Test func errorDescriptionsDoNotQuoteTheToken() {
        let secretPayload = Base64URL.encode(#"{"secret-claim":1,}"#)
        let error = #expect(throws: JWTError.self) { try JWT.decodeUnverified("\(header).\(secretPayload).") }
        #expect(error?.description.contains("secret") == false)
        #expect(error?.description.contains("payload") == true)
    }
}
