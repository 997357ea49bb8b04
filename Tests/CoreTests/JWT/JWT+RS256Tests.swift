import Foundation
import Testing
import TestSupport

@testable import Core

@Suite(.cpuBound) struct JWTRS256Tests {
    static func vectorKey() throws -> RSAPrivateKey {
        try RSAPrivateKey(pem: try #require(try RSAKeyDERTests.keyCases().first).pkcs1PEM)
    }

    /// A token with the given header and payload text, validly RS256-signed by `key` whatever the header says.
    static func token(header: String, payload: String, key: RSAPrivateKey) throws -> String {
        try JWT.signRS256(protectedHeader: Array(header.utf8), payload: Array(payload.utf8), key: key)
    }

    /// RFC 7515 Appendix A.2 reproduced through the JWS code: the same signing input, signature and token.
    @Test func reproducesRFC7515AppendixA2ByteForByte() throws {
        let vector = try Vectors.json("rfc7515-a2")
        let key = try RSAPrivateKey(pem: try #require(vector["private_key_pkcs1_pem"] as? String))
        let header = try #require(vector["protected_header_utf8"] as? String)
        let payload = try #require(vector["payload_utf8"] as? String)
        let compact = try Self.token(header: header, payload: payload, key: key)
        #expect(compact == vector["jws_compact"] as? String)
        #expect(compact.hasPrefix(try #require(vector["signing_input"] as? String) + "."))
        #expect(compact.split(separator: ".").last.map(String.init) == vector["signature_b64url"] as? String)

        let verified = try JWT.verifyRS256(compact, key: key.publicKey)
        #expect(verified.header == JWTHeader(algorithm: "RS256"))
        #expect(verified.claims.issuer == "joe")
        #expect(verified.claims.expiresAt == Date(timeIntervalSince1970: 1_300_819_380))
        #expect(verified.claims.other == ["http://example.com/is_root": true])
    }

    /// The openssl-rs256 set signs a JWT signing input with each key; OpenSSL's signature makes a token our
    /// verifier accepts, and our signer produces the same token.
    @Test func openSSLSignedTokensVerifyAndAreReproduced() throws {
        let tokenVectors = try RSAPrivateKeyPEMTests.signatureCases().filter { $0.message.hasPrefix("eyJ") }
        #expect(tokenVectors.map(\.key.name) == ["rsa2048", "rsa3072", "rsa4096"])
        for vector in tokenVectors {
            let key = vector.key
            let compact = vector.message + "." + vector.signature
            let verified = try JWT.verifyRS256(compact, key: try RSAPublicKey(pem: key.spkiPEM))
            #expect(verified.header == JWTHeader(algorithm: "RS256", keyID: "1"))
            let parts = vector.message.split(separator: ".")
            let resigned = try JWT.signRS256(
                protectedHeader: try Base64URL.decode(parts[0]), payload: try Base64URL.decode(parts[1]),
                key: try RSAPrivateKey(pem: key.pkcs8PEM))
            #expect(resigned == compact)
        }
    }

    @Test func signsWithTheExpectedHeaderAndVerifies() throws {
        let key = try Self.vectorKey()
        let claims = JWTClaims(
            issuer: "286399320075272196", subject: "286399320075272196", audience: ["https://acme.zitadel.cloud"],
            issuedAt: Date(timeIntervalSince1970: 1_733_163_343.9),
            expiresAt: Date(timeIntervalSince1970: 1_733_166_943))
        let compact = try JWT.signRS256(claims: claims, keyID: "100000000000000002", key: key)
        let parts = compact.split(separator: ".").map(String.init)
        #expect(try Base64URL.decode(parts[0]) == Array(#"{"alg":"RS256","kid":"100000000000000002"}"#.utf8))
        #expect(
            try Base64URL.decode(parts[1])
                == Array(
                    #"{"aud":"https://acme.zitadel.cloud","exp":1733166943,"iat":1733163343,"iss":"286399320075272196","sub":"286399320075272196"}"#
                        .utf8))
        #expect(try JWT.signRS256(claims: claims, keyID: "100000000000000002", key: key) == compact)

        let verified = try JWT.verifyRS256(compact, key: key.publicKey)
        #expect(verified.header.keyID == "100000000000000002")
        var expected = claims
        expected.issuedAt = Date(timeIntervalSince1970: 1_733_163_343)  // NumericDate written in whole seconds
        #expect(verified.claims == expected)
    }

    @Test func omitsKidWhenNil() throws {
        let compact = try JWT.signRS256(claims: JWTClaims(issuer: "a"), keyID: nil, key: try Self.vectorKey())
        #expect(compact.hasPrefix(Base64URL.encode(#"{"alg":"RS256"}"#) + "."))
    }

    @Test func keepsTheAudienceFormThroughSigningAndVerifying() throws {
        let key = try Self.vectorKey()
        for (audience, form, wire) in [
            (["https://i.example"], JWTClaims.AudienceForm.string, #""aud":"https://i.example""#),
            (["https://i.example"], .array, #""aud":["https://i.example"]"#),
            (["a", "b"], .array, #""aud":["a","b"]"#),
        ] {
            let claims = JWTClaims(audience: audience, audienceForm: form)
            let compact = try JWT.signRS256(claims: claims, keyID: nil, key: key)
            let payload = try Base64URL.decode(compact.split(separator: ".")[1])
            #expect(String(decoding: payload, as: UTF8.self).contains(wire))
            #expect(try JWT.verifyRS256(compact, key: key.publicKey).claims == claims)
        }
    }

    // MARK: - Refused tokens

    @Test(arguments: [
        #"{"alg":"none"}"#, #"{"alg":"HS256"}"#, #"{"alg":"rs256"}"#, #"{"alg":"RS512"}"#, #"{"alg":"PS256"}"#,
    ])
    func otherAlgorithmsAreRefusedEvenWithAValidSignature(header: String) throws {
        let key = try Self.vectorKey()
        let compact = try Self.token(header: header, payload: #"{"iss":"a"}"#, key: key)
        let error = #expect(throws: JWTError.self) { try JWT.verifyRS256(compact, key: key.publicKey) }
        guard case .unsupportedAlgorithm(let algorithm)? = error else {
            Issue.record("expected unsupportedAlgorithm, got \(String(describing: error))")
            return
        }
        #expect(header.contains("\"\(algorithm)\""))
        #expect(error?.description.contains("only RS256") == true)
    }

    @Test func unsecuredTokenWithEmptySignatureIsRefused() throws {
        let compact = Base64URL.encode(#"{"alg":"none"}"#) + "." + Base64URL.encode(#"{"iss":"a"}"#) + "."
        #expect(throws: JWTError.unsupportedAlgorithm("none")) {
            try JWT.verifyRS256(compact, key: try Self.vectorKey().publicKey)
        }
    }

    @Test func missingOrNonStringAlgIsRefused() throws {
        let key = try Self.vectorKey()
        #expect(throws: JWTError.missingAlgorithm) {
            try JWT.verifyRS256(try Self.token(header: #"{"kid":"1"}"#, payload: "{}", key: key), key: key.publicKey)
        }
        #expect(throws: JWTError.invalidHeaderParameter(name: "alg", expected: "a string")) {
            try JWT.verifyRS256(try Self.token(header: #"{"alg":256}"#, payload: "{}", key: key), key: key.publicKey)
        }
    }

    @Test func criticalHeaderIsRefused() throws {
        let key = try Self.vectorKey()
        let compact = try Self.token(header: #"{"alg":"RS256","crit":["exp"],"exp":1}"#, payload: "{}", key: key)
        #expect(throws: JWTError.criticalHeaderParameters) { try JWT.verifyRS256(compact, key: key.publicKey) }
    }

    @Test func duplicateAlgIsRefused() throws {
        let key = try Self.vectorKey()
        let compact = try Self.token(header: #"{"alg":"none","alg":"RS256"}"#, payload: "{}", key: key)
        let error = #expect(throws: JWTError.self) { try JWT.verifyRS256(compact, key: key.publicKey) }
        guard case .invalidJSON(.header, let parseError)? = error else {
            Issue.record("expected invalid header JSON, got \(String(describing: error))")
            return
        }
        #expect(parseError.reason == .duplicateKey("alg"))
    }

    @Test func tamperedPayloadFailsVerification() throws {
        let key = try Self.vectorKey()
        let compact = try JWT.signRS256(claims: JWTClaims(issuer: "a", subject: "user"), keyID: "k", key: key)
        var parts = compact.split(separator: ".").map(String.init)
        parts[1] = Base64URL.encode(JWTClaims(issuer: "a", subject: "admin").json.serialized)
        #expect(throws: JWTError.invalidSignature) {
            try JWT.verifyRS256(parts.joined(separator: "."), key: key.publicKey)
        }
    }

    @Test func tamperedSignatureAndOtherKeyFailVerification() throws {
        let key = try Self.vectorKey()
        let compact = try JWT.signRS256(claims: JWTClaims(issuer: "a"), keyID: nil, key: key)
        var parts = compact.split(separator: ".").map(String.init)
        var signature = try Base64URL.decode(parts[2])
        signature[10] ^= 1
        parts[2] = Base64URL.encode(signature)
        #expect(throws: JWTError.invalidSignature) {
            try JWT.verifyRS256(parts.joined(separator: "."), key: key.publicKey)
        }

        let cases = try RSAKeyDERTests.keyCases()
        let otherKey = try RSAPublicKey(pem: cases[1].spkiPEM)
        #expect(throws: JWTError.invalidSignature) { try JWT.verifyRS256(compact, key: otherKey) }
    }

    @Test func twoOrFourSegmentsAreRefused() throws {
        let key = try Self.vectorKey()
        let compact = try JWT.signRS256(claims: JWTClaims(issuer: "a"), keyID: nil, key: key)
        let parts = compact.split(separator: ".").map(String.init)
        #expect(throws: JWTError.wrongSegmentCount(2)) {
            try JWT.verifyRS256(parts[0] + "." + parts[1], key: key.publicKey)
        }
        #expect(throws: JWTError.wrongSegmentCount(4)) {
            try JWT.verifyRS256(compact + "." + parts[2], key: key.publicKey)
        }
        #expect(throws: JWTError.wrongSegmentCount(1)) { try JWT.verifyRS256("abc", key: key.publicKey) }
    }

    @Test func paddedOrStandardAlphabetSegmentsAreRefused() throws {
        let key = try Self.vectorKey()
        // A payload whose base64url needs padding and contains '-' or '_' in its standard-alphabet form.
        let claims = JWTClaims(issuer: "??>>??>>", subject: "ab")
        let compact = try JWT.signRS256(claims: claims, keyID: nil, key: key)
        var parts = compact.split(separator: ".").map(String.init)
        #expect(parts[1].contains("-") || parts[1].contains("_"))
        let padded = parts[1] + String(repeating: "=", count: (4 - parts[1].count % 4) % 4)
        #expect(padded != parts[1])
        let standard = parts[1].replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        for variant in [padded, standard] {
            parts[1] = variant
            let error = #expect(throws: JWTError.self) {
                try JWT.verifyRS256(parts.joined(separator: "."), key: key.publicKey)
            }
            guard case .invalidBase64URL(.payload, _)? = error else {
                Issue.record("expected invalid base64url payload, got \(String(describing: error))")
                continue
            }
        }
    }

    @Test func claimsOfTheWrongTypeAreRefusedAfterTheSignatureVerifies() throws {
        let key = try Self.vectorKey()
        for (payload, expected) in [
            (#"{"iat":"1700000000"}"#, JWTError.invalidClaim(name: "iat", expected: "a number (seconds since 1970)")),
            (#"{"exp":null}"#, .invalidClaim(name: "exp", expected: "a number (seconds since 1970)")),
            (#"{"aud":42}"#, .invalidClaim(name: "aud", expected: "a string or an array of strings")),
            (#"{"aud":["a",1]}"#, .invalidClaim(name: "aud", expected: "a string or an array of strings")),
            (#"{"iss":["a"]}"#, .invalidClaim(name: "iss", expected: "a string")),
            (#"["iss"]"#, .notAnObject(.payload)),
        ] {
            let compact = try Self.token(header: #"{"alg":"RS256"}"#, payload: payload, key: key)
            #expect(throws: expected) { try JWT.verifyRS256(compact, key: key.publicKey) }
        }
    }

    @Test func oversizedTokenIsRefusedBeforeDecoding() throws {
        let huge = String(repeating: "a", count: JWT.maxCompactByteCount + 1)
        #expect(throws: JWTError.tooLarge(byteCount: JWT.maxCompactByteCount + 1, limit: JWT.maxCompactByteCount)) {
            try JWT.verifyRS256(huge, key: try Self.vectorKey().publicKey)
        }
    }
}
