/// A token's SHA-256 (FIPS 180-4), the only form in which a token is kept: as the introspection cache's key, and,
/// shortened, as the fingerprint that names a token in log lines. The token itself is never stored or logged.
public struct TokenDigest: Sendable, Hashable {
    private let words: (UInt64, UInt64, UInt64, UInt64)

    public init(token: String) {
        let digest = SHA256.hash(token)
        func word(_ offset: Int) -> UInt64 {
            digest[offset..<offset + 8].reduce(0) { $0 << 8 | UInt64($1) }
        }
        words = (word(0), word(8), word(16), word(24))
    }

    /// The first 32 bits in hex: enough to tell tokens apart in a log, far too little to recover or replay one.
    public var fingerprint: String {
        let high = words.0 >> 32
        let hex = String(high, radix: 16)
        return String(repeating: "0", count: 8 - hex.count) + hex
    }

    public static func == (lhs: TokenDigest, rhs: TokenDigest) -> Bool {
        lhs.words.0 == rhs.words.0 && lhs.words.1 == rhs.words.1 && lhs.words.2 == rhs.words.2
            && lhs.words.3 == rhs.words.3
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(words.0)
        hasher.combine(words.1)
        hasher.combine(words.2)
        hasher.combine(words.3)
    }
}
