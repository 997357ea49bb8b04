/// A token's SHA-256 (FIPS 180-4), shortened to the fingerprint that names a token in log lines and in the clients'
/// output (`TokenFingerprint`): the same token shows the same digits in every process. The token itself is never
/// stored or logged.
///
/// Not the introspection cache's key any more: that is `TokenCacheKey`, a per-process keyed SipHash-2-4-128, because
/// SHA-256 on every cached request was most of what made `/api/private` slower than `/api/public` (its doc comment
/// argues why a secret-keyed 128-bit PRF is as safe as SHA-256 there). This digest is computed only on a cache miss,
/// and the fingerprint is kept in the cache entry for the hits' log lines.
///
/// Hashes the string's own UTF-8 storage and allocates nothing (`SHA256.digest`).
public struct TokenDigest: Sendable, Hashable {
    private let digest: SHA256.Digest

    public init(token: some StringProtocol) {
        digest = SHA256.digest(token.utf8)
    }

    /// The first 32 bits in hex: enough to tell tokens apart in a log, far too little to recover or replay one.
    public var fingerprint: String { Self.fingerprint(bits: fingerprintBits) }

    /// The fingerprint as a number, which is what the introspection cache keeps (a trivially copyable field).
    public var fingerprintBits: UInt32 { digest.words.0 }

    /// `bits` as the 8 hex digits of `fingerprint`; the result is a small string, so no allocation.
    public static func fingerprint(bits: UInt32) -> String {
        String(unsafeUninitializedCapacity: fingerprintLength) { out in
            for index in 0..<fingerprintLength { out[index] = fingerprintDigit(bits, at: index) }
            return fingerprintLength
        }
    }

    static let fingerprintLength = 8

    /// The ASCII code of digit `index` (0 is the most significant) of the fingerprint of `bits`: lowercase hex.
    /// The request log writes a fingerprint with this straight into its line.
    @inline(__always) static func fingerprintDigit(_ bits: UInt32, at index: Int) -> UInt8 {
        let digits: StaticString = "0123456789abcdef"
        return digits.utf8Start[Int(truncatingIfNeeded: bits >> UInt32(28 - 4 * index)) & 0xF]
    }
}
