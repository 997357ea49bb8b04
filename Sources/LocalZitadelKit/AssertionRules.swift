import Core
import Foundation

/// The checks ZITADEL applies to a JWT assertion (RFC 7523), both for the JWT-bearer grant of a service user and for
/// `private_key_jwt` client authentication of an API application (docs/zitadel.md, "JWT assertions"):
///
/// - exactly three segments, header `alg` RS256 and a `kid`;
/// - `iss` = `sub`, and that id owns a registered, unexpired key with this `kid`; the RS256 signature verifies;
/// - `aud` (string or array) contains the issuer exactly — a trailing slash or the token URL fails;
/// - `iat` present, ≤ now + 1 s and ≥ now − 1 h (an assertion may be reused for an hour);
/// - `exp` present and > now + 1 s; no upper bound, no `jti` replay check.
///
/// The claim checks live here as a pure function of the claims and the time; the signature part runs in
/// `AssertionVerifier`.
public enum AssertionRules {
    /// How far in the future `iat` may lie (clock skew ZITADEL tolerates).
    public static let issuedAtLeeway = 1
    /// How old `iat` may be.
    public static let maximumAge = 3600
    /// `exp` must lie beyond now by more than this.
    public static let expiryLeeway = 1

    /// The claims the rules look at; every other claim is ignored.
    public struct Claims: Sendable, Equatable {
        public var issuer: String?
        public var subject: String?
        public var audience: [String]
        public var issuedAt: Int?
        public var expiresAt: Int?

        public init(issuer: String?, subject: String?, audience: [String], issuedAt: Int?, expiresAt: Int?) {
            self.issuer = issuer
            self.subject = subject
            self.audience = audience
            self.issuedAt = issuedAt
            self.expiresAt = expiresAt
        }
    }

    /// Checks the time and audience claims and that `iss` = `sub`; returns that id (the key owner to look up).
    public static func checkClaims(_ claims: Claims, issuer: String, now: Int) throws(AssertionRejection) -> String {
        guard let iss = claims.issuer, !iss.isEmpty else { throw .missingClaim("iss") }
        guard claims.subject == iss else { throw .issuerIsNotSubject }
        guard claims.audience.contains(issuer) else { throw .audienceLacksIssuer }
        guard let issuedAt = claims.issuedAt else { throw .missingClaim("iat") }
        guard issuedAt <= now + issuedAtLeeway else { throw .issuedInTheFuture }
        guard issuedAt >= now - maximumAge else { throw .issuedTooLongAgo }
        guard let expiresAt = claims.expiresAt else { throw .missingClaim("exp") }
        guard expiresAt > now + expiryLeeway else { throw .expired }
        return iss
    }
}

/// Why an assertion was refused. The stand-in only logs these (ZITADEL answers every one of them with the same
/// opaque error); none carries the assertion itself.
public enum AssertionRejection: Error, Equatable, CustomStringConvertible {
    case malformed(String)
    case unsupportedAlgorithm(String)
    case missingKeyID
    case missingClaim(String)
    case issuerIsNotSubject
    case audienceLacksIssuer
    case issuedInTheFuture
    case issuedTooLongAgo
    case expired
    case unknownKey
    case keyExpired
    case badSignature

    public var description: String {
        switch self {
        case .malformed(let why): "assertion is not a compact JWS: \(why)"
        case .unsupportedAlgorithm(let alg): "assertion alg \(alg) is not RS256"
        case .missingKeyID: "assertion header has no kid"
        case .missingClaim(let name): "assertion has no \(name) claim"
        case .issuerIsNotSubject: "assertion iss and sub differ"
        case .audienceLacksIssuer: "assertion aud does not contain the issuer exactly (a trailing slash fails)"
        case .issuedInTheFuture: "assertion iat lies in the future (clock skew)"
        case .issuedTooLongAgo: "assertion iat is more than an hour old"
        case .expired: "assertion exp has passed"
        case .unknownKey: "no key with this kid belongs to the assertion's iss"
        case .keyExpired: "the key that signed the assertion has expired"
        case .badSignature: "assertion signature does not verify"
        }
    }
}

extension AssertionRules {
    /// Runs every rule on a compact assertion: shape and header, claims, then the key of the claimed owner
    /// (`keyFor(owner, kid)`), its expiry and the RS256 signature. Returns the owner's id.
    static func verify(
        _ compact: String, issuer: String, now: Date,
        keyFor: (_ owner: String, _ keyID: String) -> Instance.MachineKey?
    ) throws(AssertionRejection) -> String {
        let unverified: UnverifiedJWT
        do {
            unverified = try JWT.decodeUnverified(compact)
        } catch {
            throw .malformed(error.description)
        }
        guard unverified.header.algorithm == "RS256" else { throw .unsupportedAlgorithm(unverified.header.algorithm) }
        guard let keyID = unverified.header.keyID, !keyID.isEmpty else { throw .missingKeyID }
        let owner = try checkClaims(Claims(unverified.claims), issuer: issuer, now: SignedJWT.seconds(now))
        guard let key = keyFor(owner, keyID) else { throw .unknownKey }
        guard !key.isExpired(at: now) else { throw .keyExpired }
        do {
            _ = try JWT.verifyRS256(compact, key: key.publicKey)
        } catch {
            throw .badSignature
        }
        return owner
    }
}
