/// A token whose RS256 signature verified with the key given to `JWT.verifyRS256`.
///
/// Only the signature and the shape of the claims are checked: whether the token is for this audience, from this
/// issuer, and within its `iat`/`exp` window is the caller's rule to apply to `claims`.
public struct VerifiedJWT: Sendable, Equatable {
    public var header: JWTHeader
    public var claims: JWTClaims
}
