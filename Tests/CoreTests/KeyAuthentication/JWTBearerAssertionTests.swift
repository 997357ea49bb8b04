import Foundation
import Testing
@testable import Core

@Suite struct JWTBearerAssertionTests {
    static func vectorKey() throws -> (userID: String, keyID: String, key: RSAPrivateKey) {
        let object = try Vectors.json("zitadel-serviceaccount-key")
        let pem = try #require(object["key"] as? String)
        return (try #require(object["userId"] as? String), try #require(object["keyId"] as? String),
                try RSAPrivateKey(pem: pem))
    }

    let now = Date(timeIntervalSince1970: 1_733_163_343.75)

    @Test func claimsFollowZitadelsRules() throws {
        let (userID, keyID, key) = try Self.vectorKey()
        let assertion = JWTBearerAssertion(userID: userID, keyID: keyID, key: key, issuer: "https://acme.zitadel.cloud/")
        let claims = assertion.claims(now: now)
        #expect(claims.issuer == userID && claims.subject == userID)
        #expect(claims.audience == ["https://acme.zitadel.cloud"])
        #expect(claims.issuedAt == Date(timeIntervalSince1970: 1_733_163_343))
        #expect(claims.expiresAt == Date(timeIntervalSince1970: 1_733_163_343 + 3600))
        #expect(claims.other.isEmpty)
    }

    @Test func lifetimeIsClampedToAnHour() throws {
        let (userID, keyID, key) = try Self.vectorKey()
        let long = JWTBearerAssertion(userID: userID, keyID: keyID, key: key, issuer: "https://a", lifetime: 86400)
        let short = JWTBearerAssertion(userID: userID, keyID: keyID, key: key, issuer: "https://a", lifetime: -5)
        #expect(long.lifetime == 3600 && short.lifetime == 1)
    }

    @Test func signedAssertionVerifiesWithHeaderKidAndRS256() throws {
        let (userID, keyID, key) = try Self.vectorKey()
        let compact = try JWTBearerAssertion(userID: userID, keyID: keyID, key: key, issuer: "http://localhost:8080")
            .signed(now: now)
        let verified = try JWT.verifyRS256(compact, key: key.publicKey)
        #expect(verified.header.algorithm == "RS256")
        #expect(verified.header.keyID == keyID)
        #expect(verified.claims.audience == ["http://localhost:8080"])
        // `aud` goes on the wire as a plain string, iat/exp as integers.
        let payload = try JWT.decodeUnverified(compact)
        #expect(payload.claims.audienceForm == .string)
        let segments = compact.split(separator: ".")
        let json = String(decoding: try Base64URL.decode(String(segments[1])), as: UTF8.self)
        #expect(json.contains("\"iat\":1733163343") && json.contains("\"exp\":1733166943"))
    }

    @Test func opensslVerifiesTheSignature() async throws {
        let (userID, keyID, key) = try Self.vectorKey()
        let compact = try JWTBearerAssertion(userID: userID, keyID: keyID, key: key, issuer: "https://acme.zitadel.cloud")
            .signed(now: now)
        let folder = try OpenSSL.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let parts = compact.split(separator: ".")
        let publicKey = folder.appendingPathComponent("pub.pem"), signature = folder.appendingPathComponent("sig")
        try Data(key.publicKey.spkiPEM.utf8).write(to: publicKey)
        try Data(Base64URL.decode(String(parts[2]))).write(to: signature)
        let output = try await OpenSSL.run(["dgst", "-sha256", "-verify", publicKey.path, "-signature", signature.path],
                                     input: Array("\(parts[0]).\(parts[1])".utf8))
        #expect(String(decoding: output, as: UTF8.self).contains("Verified OK"))
    }
}
