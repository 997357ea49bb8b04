import Foundation

/// The RS256 assertion a ZITADEL service user presents in the JWT-bearer grant (RFC 7523 §3, docs/zitadel.md,
/// "JWT assertions").
///
/// Invariants of every assertion built here: header `{"alg":"RS256","kid":keyID}`; `iss` = `sub` = the service
/// user's numeric id; `aud` = the issuer exactly, without a trailing slash (ZITADEL compares strings, so the token
/// URL or `https://host/` fails); `iat` = now; `exp` = now + lifetime with 1 s ≤ lifetime ≤ 1 h (ZITADEL accepts an
/// `iat` up to an hour old, so longer buys nothing). No `jti`: ZITADEL does not check replay.
public struct JWTBearerAssertion: Sendable {
    public let userID: String
    public let keyID: String
    public let audience: String
    public let lifetime: TimeInterval
    private let key: RSAPrivateKey

    /// - Parameters:
    ///   - issuer: `ZITADEL_DOMAIN` as settings normalise it; a trailing slash is dropped here too.
    ///   - lifetime: seconds until `exp`, clamped to 1 s ... 3600 s. Default one hour, as the Python samples use.
    public init(userID: String, keyID: String, key: RSAPrivateKey, issuer: String, lifetime: TimeInterval = 3600) {
        self.userID = userID
        self.keyID = keyID
        self.key = key
        var audience = issuer
        while audience.hasSuffix("/") { audience.removeLast() }
        self.audience = audience
        self.lifetime = min(max(lifetime, 1), 3600)
    }

    /// The claims for an assertion made at `now` (whole seconds, as ZITADEL reads NumericDate as integers).
    public func claims(now: Date) -> JWTClaims {
        let issuedAt = Date(timeIntervalSince1970: now.timeIntervalSince1970.rounded(.down))
        return JWTClaims(issuer: userID, subject: userID, audience: [audience], audienceForm: .string,
                         issuedAt: issuedAt, expiresAt: issuedAt.addingTimeInterval(lifetime.rounded(.down)))
    }

    /// The compact JWS to send as `assertion`. It is a credential: never log it.
    public func signed(now: Date = Date()) throws(JWTError) -> String {
        try JWT.signRS256(claims: claims(now: now), keyID: keyID, key: key)
    }
}
