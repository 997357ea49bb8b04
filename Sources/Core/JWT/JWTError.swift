/// Why a compact JWS/JWT was refused or could not be made. Descriptions never quote the token: it is a credential.
public enum JWTError: Error, Equatable, Sendable, CustomStringConvertible {
    /// One of the three dot-separated parts of a compact JWS (RFC 7515 §7.1).
    public enum Part: String, Sendable {
        case header, payload, signature
    }

    /// Longer than `JWT.maxCompactByteCount`; refused before any decoding.
    case tooLarge(byteCount: Int, limit: Int)
    /// Not exactly three dot-separated parts (a JWE has five, an unsecured JWT ends in a dot).
    case wrongSegmentCount(Int)
    case invalidBase64URL(Part, Base64URL.DecodingError)
    case invalidJSON(Part, JSONParseError)
    case notAnObject(Part)
    case missingAlgorithm
    /// Any `alg` other than RS256: `none` (RFC 7519 §6), HMAC (a public key used as an HMAC secret) and others.
    case unsupportedAlgorithm(String)
    /// A `crit` header (RFC 7515 §4.1.11): it names extensions we do not implement, so the token must be refused.
    case criticalHeaderParameters
    case invalidHeaderParameter(name: String, expected: String)
    case invalidClaim(name: String, expected: String)
    /// The signature does not verify with the given key: the token was altered, or signed with another key.
    case invalidSignature
    /// Signing failed in the RSA layer (a fault was detected); no token was produced.
    case signingFailed(RSAError)

    public var description: String {
        switch self {
        case .tooLarge(let byteCount, let limit):
            "JWT of \(byteCount) bytes refused: the limit is \(limit) bytes"
        case .wrongSegmentCount(let count):
            "a JWT has exactly three parts separated by '.', this one has \(count)"
        case .invalidBase64URL(let part, let error):
            "the JWT \(part.rawValue) is not unpadded base64url: \(error)"
        case .invalidJSON(let part, let error):
            "the JWT \(part.rawValue) is not JSON: \(error)"
        case .notAnObject(let part):
            "the JWT \(part.rawValue) is JSON, but not an object"
        case .missingAlgorithm:
            "the JWT header has no \"alg\"; only RS256 is accepted"
        case .unsupportedAlgorithm(let algorithm):
            "the JWT uses alg \"\(algorithm.prefix(32))\"; only RS256 is accepted"
        case .criticalHeaderParameters:
            "the JWT header has \"crit\" extensions, none of which are supported"
        case .invalidHeaderParameter(let name, let expected):
            "the JWT header parameter \"\(name)\" must be \(expected)"
        case .invalidClaim(let name, let expected):
            "the JWT claim \"\(name)\" must be \(expected)"
        case .invalidSignature:
            "the JWT signature does not verify with this key: the token was altered or signed with another key"
        case .signingFailed(let error):
            "could not sign the JWT: \(error)"
        }
    }
}
