import Core
import Foundation

/// The stand-in's use of Core's JWT: RS256 tokens signed with the instance key (JWT access tokens, id tokens), and
/// the small conversions from typed claims to the rules' whole seconds.
enum SignedJWT {
    /// Signs claims given as a JSON object (registered and private claims alike) with RS256 and `kid`.
    static func signRS256(claims: [String: JSONValue], keyID: String, key: RSAPrivateKey) throws(JWTError) -> String {
        try JWT.signRS256(claims: try JWTClaims(json: .object(claims)), keyID: keyID, key: key)
    }

    /// Whether `compact` is an RS256 JWT signed by `key` with header `kid` = `keyID`, not expired at `now`.
    static func isValidInstanceToken(_ compact: String, keyID: String, key: RSAPublicKey, now: Int) -> Bool {
        guard let verified = try? JWT.verifyRS256(compact, key: key), verified.header.keyID == keyID,
              let expiresAt = verified.claims.expiresAt.map(seconds)
        else { return false }
        return expiresAt > now
    }

    /// A NumericDate as whole seconds, rounded down (RFC 7519 §2).
    static func seconds(_ date: Date) -> Int {
        Int(date.timeIntervalSince1970.rounded(.down))
    }
}

extension AssertionRules.Claims {
    init(_ claims: JWTClaims) {
        self.init(issuer: claims.issuer, subject: claims.subject, audience: claims.audience,
                  issuedAt: claims.issuedAt.map(SignedJWT.seconds), expiresAt: claims.expiresAt.map(SignedJWT.seconds))
    }
}
