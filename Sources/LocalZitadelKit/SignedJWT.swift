import Core

/// The JWS compact form as the stand-in needs it (RFC 7515 §7.1): the header read before the key is chosen (the
/// key is found by `kid` and owner), the RS256 signature checked with that key, and RS256 JWTs signed with the
/// instance key.
enum SignedJWT {
    struct Parsed {
        var header: [String: JSONValue]
        var claims: [String: JSONValue]
        var signingInput: [UInt8]
        var signature: [UInt8]

        var algorithm: String? { header["alg"]?.stringValue }
        var keyID: String? { header["kid"]?.stringValue }
    }

    /// Splits and decodes without verifying. Exactly three unpadded base64url segments, JSON objects in the first
    /// two (ZITADEL refuses anything else).
    static func parse(_ compact: String) throws(AssertionRejection) -> Parsed {
        let segments = compact.split(separator: ".", omittingEmptySubsequences: false)
        guard segments.count == 3 else { throw .malformed("\(segments.count) segments instead of 3") }
        guard let headerBytes = try? Base64URL.decode(segments[0]),
              let claimBytes = try? Base64URL.decode(segments[1]),
              let signature = try? Base64URL.decode(segments[2])
        else { throw .malformed("a segment is not unpadded base64url") }
        guard case .object(let header)? = try? JSONValue.parse(headerBytes) else { throw .malformed("header is not a JSON object") }
        guard case .object(let claims)? = try? JSONValue.parse(claimBytes) else { throw .malformed("claims are not a JSON object") }
        let signingInput = Array(segments[0].utf8) + [UInt8(ascii: ".")] + Array(segments[1].utf8)
        return Parsed(header: header, claims: claims, signingInput: signingInput, signature: signature)
    }

    /// RS256 (RFC 7518 §3.3): RSASSA-PKCS1-v1_5 with SHA-256 over `header.claims`.
    static func isValidRS256(_ parsed: Parsed, key: RSAPublicKey) -> Bool {
        parsed.algorithm == "RS256" && key.isValidPKCS1v15SHA256Signature(parsed.signature, message: parsed.signingInput)
    }

    static func signRS256(claims: [String: JSONValue], keyID: String, key: RSAPrivateKey) throws(RSAError) -> String {
        let header: JSONValue = .object(["alg": .string("RS256"), "kid": .string(keyID), "typ": .string("JWT")])
        let signingInput = Base64URL.encode(header.serialized) + "." + Base64URL.encode(JSONValue.object(claims).serialized)
        let signature = try key.signPKCS1v15SHA256(message: Array(signingInput.utf8))
        return signingInput + "." + Base64URL.encode(signature)
    }
}

extension JSONValue {
    /// A NumericDate (RFC 7519 §2), whole seconds.
    var secondsValue: Int? {
        if case .number(let value) = self, value.isFinite, abs(value) < 1e15 { return Int(value.rounded(.down)) }
        return nil
    }

    /// `aud` is a string or an array of strings (RFC 7519 §4.1.3).
    var audienceValue: [String] {
        switch self {
        case .string(let value): [value]
        case .array(let values): values.compactMap(\.stringValue)
        default: []
        }
    }
}

extension AssertionRules.Claims {
    init(_ claims: [String: JSONValue]) {
        self.init(issuer: claims["iss"]?.stringValue, subject: claims["sub"]?.stringValue,
                  audience: claims["aud"]?.audienceValue ?? [], issuedAt: claims["iat"]?.secondsValue,
                  expiresAt: claims["exp"]?.secondsValue)
    }
}
