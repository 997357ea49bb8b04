/// A token's SHA-256 (FIPS 180-4), the only form in which a token is kept: as the introspection cache's key, and,
/// shortened, as the fingerprint that names a token in log lines. The token itself is never stored or logged.
///
/// Computed for every protected request on the event loop, so it hashes the string's own UTF-8 storage and
/// allocates nothing (`SHA256.digest`).
public struct TokenDigest: Sendable, Hashable {
    private let digest: SHA256.Digest

    public init(token: some StringProtocol) {
        digest = SHA256.digest(token.utf8)
    }

    /// The first 32 bits in hex: enough to tell tokens apart in a log, far too little to recover or replay one.
    public var fingerprint: String {
        let digits: StaticString = "0123456789abcdef"
        let word = digest.words.0
        return String(unsafeUninitializedCapacity: 8) { out in
            for index in 0..<8 {
                out[index] = digits.utf8Start[Int(truncatingIfNeeded: word >> UInt32(28 - 4 * index)) & 0xF]
            }
            return 8
        }
    }
}
