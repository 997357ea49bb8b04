extension JWT {
    /// Signs `claims` as a compact JWS with RS256 (RSASSA-PKCS1-v1_5 with SHA-256, RFC 7518 §3.3).
    ///
    /// The header is `{"alg":"RS256","kid":"…"}` (`kid` left out when nil); header and claims are written by
    /// `JSONValue.serialized`, so the same input always gives the same token.
    public static func signRS256(claims: JWTClaims, keyID: String?, key: RSAPrivateKey) throws(JWTError) -> String {
        let header = JWTHeader(algorithm: "RS256", keyID: keyID)
        return try signRS256(protectedHeader: header.json.serialized, payload: claims.json.serialized, key: key)
    }

    /// Signs exact header and payload bytes (RFC 7515 §5.1), for reproducing published examples byte for byte.
    static func signRS256(protectedHeader: [UInt8], payload: [UInt8], key: RSAPrivateKey) throws(JWTError) -> String {
        let signingInput = Base64URL.encode(protectedHeader) + "." + Base64URL.encode(payload)
        let signature: [UInt8]
        do {
            signature = try key.signPKCS1v15SHA256(message: Array(signingInput.utf8))
        } catch {
            throw .signingFailed(error)
        }
        return signingInput + "." + Base64URL.encode(signature)
    }

    /// Verifies a compact JWS signed with RS256 by `key` and returns its header and claims (RFC 7515 §5.2).
    ///
    /// Refused: anything but exactly three strict base64url parts; a header that is not a JSON object; an `alg`
    /// other than "RS256" — `none` and HS256 included, so a token cannot choose a weaker check (RFC 8725 §2.1);
    /// a `crit` header (§4.1.11: we implement no extension); a bad signature. Only after the signature verifies are
    /// the claims parsed, and a typed claim of the wrong JSON type is refused. Time and audience are not checked.
    public static func verifyRS256(_ compact: String, key: RSAPublicKey) throws(JWTError) -> VerifiedJWT {
        let parts = try split(compact)
        let header = try JWTHeader(json: parseJSON(parts.header, part: .header))
        guard header.algorithm == "RS256" else { throw .unsupportedAlgorithm(header.algorithm) }
        guard header.other["crit"] == nil else { throw .criticalHeaderParameters }
        guard key.isValidPKCS1v15SHA256Signature(parts.signature, message: parts.signingInput) else {
            throw .invalidSignature
        }
        let claims = try JWTClaims(json: parseJSON(parts.payload, part: .payload))
        return VerifiedJWT(header: header, claims: claims)
    }
}
