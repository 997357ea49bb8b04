/// A token taken apart by `JWT.decodeUnverified`: nothing in it has been checked against a key.
public struct UnverifiedJWT: Sendable, Equatable {
    public var header: JWTHeader
    public var claims: JWTClaims
    /// The bytes the signature covers: `BASE64URL(header) '.' BASE64URL(payload)` as they stood in the token.
    public var signingInput: [UInt8]
    public var signature: [UInt8]
}
