/// The introspection cache's key for a token: SipHash-2-4 with a 128-bit output (`SipHash24`) under a key drawn at
/// random once per process. The cache stores this key, never the token; in logs a token is named by its
/// `TokenFingerprint` (SHA-256-derived, so it matches what the clients print), never by this value.
///
/// Why not SHA-256: this hash runs for every protected request, cached or not, and SHA-256 in portable Swift (no
/// SHA-NI) costs about 0.5 µs for a 64-byte opaque token and 3 µs for a 700-byte JWT — a third of what the whole
/// cached request costs the server (docs/performance.md). SipHash is several times faster
/// (`swift run -c release ProtectedAPIBench` prints both).
///
/// Why a keyed 128-bit PRF is as safe as SHA-256 for this use. The one thing the key must guarantee is that a
/// request is answered from the cache only with the answer introspection gave for *that* token: an attacker must not
/// be able to present a token T' ≠ T that maps to the entry of a cached, active token T.
/// - The attacker does not know the 128-bit key: it comes from the system's CSPRNG at start-up, lives only in this
///   process's memory, and no output of the function leaves the process (logs carry the SHA-256 fingerprint; the
///   dictionary buckets are placed by Swift's own per-process-seeded `Hasher` over this value). Without the key,
///   SipHash's outputs are indistinguishable from random (its design goal, with no known attack better than guessing
///   the key, 2^128 work), so the attacker cannot search offline at all: each attempt is one request, a blind guess
///   that hits one of n cached keys with probability n / 2^128. With n ≤ 10 000 entries (< 2^14) that is < 2^-114
///   per request; a billion requests a second for a century (< 2^62) stays below 2^-52.
/// - Two honest tokens colliding by chance: with n entries, about n² / 2^129 < 2^-100.
/// - What SHA-256 adds beyond that is resistance to an attacker who can compute the function offline; here nobody
///   can, except with the key. Reading the key needs this process's memory, which also holds the tokens themselves
///   in its request buffers, so a leaked key gives nothing that was not already lost. A restart draws a new key; the
///   cache lives in memory and starts empty anyway.
/// - The 128-bit output mode of SipHash is the reference implementation's, less analysed than the 64-bit one; 64 bits
///   would give only a 2^-50 margin per request against 2^14 entries, which is why the 128-bit mode is used.
struct TokenCacheKey: Sendable, Hashable {
    let low: UInt64
    let high: UInt64

    /// Drawn once, the first time a token is hashed in this process.
    private static let function = SipHash24.randomKey()

    init(token: some StringProtocol) {
        // Over the string's own UTF-8 storage when it has one (it does, but for bridged strings on Darwin).
        (low, high) =
            token.utf8.withContiguousStorageIfAvailable { Self.function.hash128(UnsafeRawBufferPointer($0)) }
            ?? Self.function.hash128(token.utf8)
    }

    /// Already uniformly distributed; feeding one word is enough for `Dictionary` (which seeds its own hasher).
    func hash(into hasher: inout Hasher) {
        hasher.combine(low)
    }
}
