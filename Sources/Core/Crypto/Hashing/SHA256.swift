/// SHA-256 as specified in FIPS 180-4 §6.2.
///
/// Incremental (`update` then `finalize`) or one-shot (`SHA256.hash(_:)`, `SHA256.digest(_:)`). Hashing allocates
/// nothing on the heap: the partial block lives inline in the value and `Digest` is eight words, so a token's log
/// fingerprint (`TokenFingerprint`) costs no allocation beyond its text. Only `hash`, which returns `[UInt8]`, allocates
/// its result.
public struct SHA256: Sendable {
    /// The digest length in bytes (256 bits).
    public static let digestByteCount = 32
    /// The block length in bytes (512 bits).
    public static let blockByteCount = 64

    /// A SHA-256 value: the eight 32-bit words H₀…H₇ of FIPS 180-4 §6.2.2 step 4, compared and hashed as words.
    public struct Digest: Sendable, Hashable {
        public var words: (UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32)

        /// The 32 bytes, big-endian word by word (FIPS 180-4 §3.1 item 2).
        public var bytes: [UInt8] {
            var bytes = [UInt8]()
            bytes.reserveCapacity(32)
            for word in [words.0, words.1, words.2, words.3, words.4, words.5, words.6, words.7] {
                bytes.append(UInt8(truncatingIfNeeded: word >> 24))
                bytes.append(UInt8(truncatingIfNeeded: word >> 16))
                bytes.append(UInt8(truncatingIfNeeded: word >> 8))
                bytes.append(UInt8(truncatingIfNeeded: word))
            }
            return bytes
        }

        /// The 64 lowercase hex digits of `bytes`.
        public var hex: String {
            let digits = Array("0123456789abcdef".utf8)
            return String(decoding: bytes.flatMap { [digits[Int($0 >> 4)], digits[Int($0 & 0xF)]] }, as: UTF8.self)
        }

        public static func == (lhs: Digest, rhs: Digest) -> Bool {
            lhs.words.0 == rhs.words.0 && lhs.words.1 == rhs.words.1 && lhs.words.2 == rhs.words.2
                && lhs.words.3 == rhs.words.3 && lhs.words.4 == rhs.words.4 && lhs.words.5 == rhs.words.5
                && lhs.words.6 == rhs.words.6 && lhs.words.7 == rhs.words.7
        }

        public func hash(into hasher: inout Hasher) {
            // The words are already uniformly distributed; two of them are plenty for a hash table.
            hasher.combine(UInt64(words.0) << 32 | UInt64(words.1))
            hasher.combine(UInt64(words.2) << 32 | UInt64(words.3))
        }
    }

    // FIPS 180-4 §5.3.3: the initial hash value.
    private var state = Digest(words: (
        0x6a09_e667, 0xbb67_ae85, 0x3c6e_f372, 0xa54f_f53a, 0x510e_527f, 0x9b05_688c, 0x1f83_d9ab, 0x5be0_cd19
    ))
    /// The partial block, inline (64 bytes), so that a `SHA256` value needs no heap storage.
    private var block: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0, 0, 0)
    private var blockCount = 0
    private var totalByteCount: UInt64 = 0

    public init() {}

    /// Hashes `bytes` in one call.
    public static func hash<Bytes: Sequence>(_ bytes: Bytes) -> [UInt8] where Bytes.Element == UInt8 {
        digest(bytes).bytes
    }

    /// Hashes the UTF-8 bytes of `string`.
    public static func hash(_ string: String) -> [UInt8] {
        digest(string.utf8).bytes
    }

    /// Hashes `bytes` in one call, without allocating.
    public static func digest<Bytes: Sequence>(_ bytes: Bytes) -> Digest where Bytes.Element == UInt8 {
        var hasher = SHA256()
        hasher.update(bytes)
        return hasher.finalizeDigest()
    }

    public mutating func update<Bytes: Sequence>(_ bytes: Bytes) where Bytes.Element == UInt8 {
        let handled: Void? = bytes.withContiguousStorageIfAvailable { update(buffer: UnsafeRawBufferPointer($0)) }
        if handled == nil {
            let copy = Array(bytes)
            copy.withUnsafeBytes { update(buffer: $0) }
        }
    }

    public mutating func update(buffer input: UnsafeRawBufferPointer) {
        guard var next = input.baseAddress else { return }
        var remaining = input.count
        totalByteCount &+= UInt64(remaining)
        if blockCount > 0 {
            let take = min(64 - blockCount, remaining), used = blockCount
            withUnsafeMutableBytes(of: &block) { ($0.baseAddress! + used).copyMemory(from: next, byteCount: take) }
            blockCount += take
            next += take
            remaining -= take
            guard blockCount == 64 else { return }
            let copy = block
            withUnsafeBytes(of: copy) { SHA256.compress(&state, $0.baseAddress!) }
            blockCount = 0
        }
        while remaining >= 64 {
            SHA256.compress(&state, next)
            next += 64
            remaining -= 64
        }
        if remaining > 0 {
            withUnsafeMutableBytes(of: &block) { $0.baseAddress!.copyMemory(from: next, byteCount: remaining) }
            blockCount = remaining
        }
    }

    /// Pads the message (FIPS 180-4 §5.1.1) and returns the digest.
    public consuming func finalizeDigest() -> Digest {
        let bitLength = totalByteCount &* 8
        let used = blockCount
        withUnsafeMutableBytes(of: &block) { bytes in
            bytes[used] = 0x80
            for index in (used + 1)..<64 { bytes[index] = 0 }
        }
        if blockCount >= 56 {
            let full = block
            withUnsafeBytes(of: full) { SHA256.compress(&state, $0.baseAddress!) }
            block = (0, 0, 0, 0, 0, 0, 0, 0)
        }
        block.7 = bitLength.bigEndian
        let last = block
        withUnsafeBytes(of: last) { SHA256.compress(&state, $0.baseAddress!) }
        return state
    }

    /// Pads the message (FIPS 180-4 §5.1.1) and returns the 32-byte digest.
    public consuming func finalize() -> [UInt8] {
        finalizeDigest().bytes
    }

    /// FIPS 180-4 §6.2.2: the compression function over one 64-byte block.
    ///
    /// The message schedule (with Kₜ already added) is built first, then the 64 rounds run in groups of eight in
    /// which the roles of a…h rotate through the arguments instead of being moved (the usual unrolled form).
    private static func compress(_ digest: inout Digest, _ input: UnsafeRawPointer) {
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 64) { schedule in
            let w = schedule.baseAddress!
            roundConstants.withUnsafeBufferPointer { constants in
                let k = constants.baseAddress!
                for t in 0..<16 {
                    w[t] = UInt32(bigEndian: input.loadUnaligned(fromByteOffset: t &* 4, as: UInt32.self))
                }
                for t in 16..<64 {
                    let s0 = rotr(w[t &- 15], 7) ^ rotr(w[t &- 15], 18) ^ (w[t &- 15] >> 3)
                    let s1 = rotr(w[t &- 2], 17) ^ rotr(w[t &- 2], 19) ^ (w[t &- 2] >> 10)
                    w[t] = w[t &- 16] &+ s0 &+ w[t &- 7] &+ s1
                }
                for t in 0..<64 { w[t] &+= k[t] }
            }
            var (a, b, c, d, e, f, g, h) = digest.words
            var t = 0
            while t < 64 {
                round(a, b, c, &d, e, f, g, &h, w[t])
                round(h, a, b, &c, d, e, f, &g, w[t &+ 1])
                round(g, h, a, &b, c, d, e, &f, w[t &+ 2])
                round(f, g, h, &a, b, c, d, &e, w[t &+ 3])
                round(e, f, g, &h, a, b, c, &d, w[t &+ 4])
                round(d, e, f, &g, h, a, b, &c, w[t &+ 5])
                round(c, d, e, &f, g, h, a, &b, w[t &+ 6])
                round(b, c, d, &e, f, g, h, &a, w[t &+ 7])
                t &+= 8
            }
            digest.words.0 &+= a
            digest.words.1 &+= b
            digest.words.2 &+= c
            digest.words.3 &+= d
            digest.words.4 &+= e
            digest.words.5 &+= f
            digest.words.6 &+= g
            digest.words.7 &+= h
        }
    }

    /// One round (FIPS 180-4 §6.2.2 step 3): T₁ goes into d, T₁ + T₂ becomes the new a, written over h.
    @inline(__always)
    private static func round(
        _ a: UInt32, _ b: UInt32, _ c: UInt32, _ d: inout UInt32,
        _ e: UInt32, _ f: UInt32, _ g: UInt32, _ h: inout UInt32, _ kw: UInt32
    ) {
        let sigma1 = rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)
        let choose = g ^ (e & (f ^ g))
        let t1 = h &+ sigma1 &+ choose &+ kw
        let sigma0 = rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)
        let majority = (a & b) | (c & (a | b))
        d &+= t1
        h = t1 &+ sigma0 &+ majority
    }

    @inline(__always)
    private static func rotr(_ x: UInt32, _ n: UInt32) -> UInt32 {
        (x >> n) | (x << (32 &- n))
    }

    /// FIPS 180-4 §4.2.2: the first 32 bits of the fractional parts of the cube roots of the first 64 primes.
    private static let roundConstants: [UInt32] = [
        0x428a_2f98, 0x7137_4491, 0xb5c0_fbcf, 0xe9b5_dba5, 0x3956_c25b, 0x59f1_11f1, 0x923f_82a4, 0xab1c_5ed5,
        0xd807_aa98, 0x1283_5b01, 0x2431_85be, 0x550c_7dc3, 0x72be_5d74, 0x80de_b1fe, 0x9bdc_06a7, 0xc19b_f174,
        0xe49b_69c1, 0xefbe_4786, 0x0fc1_9dc6, 0x240c_a1cc, 0x2de9_2c6f, 0x4a74_84aa, 0x5cb0_a9dc, 0x76f9_88da,
        0x983e_5152, 0xa831_c66d, 0xb003_27c8, 0xbf59_7fc7, 0xc6e0_0bf3, 0xd5a7_9147, 0x06ca_6351, 0x1429_2967,
        0x27b7_0a85, 0x2e1b_2138, 0x4d2c_6dfc, 0x5338_0d13, 0x650a_7354, 0x766a_0abb, 0x81c2_c92e, 0x9272_2c85,
        0xa2bf_e8a1, 0xa81a_664b, 0xc24b_8b70, 0xc76c_51a3, 0xd192_e819, 0xd699_0624, 0xf40e_3585, 0x106a_a070,
        0x19a4_c116, 0x1e37_6c08, 0x2748_774c, 0x34b0_bcb5, 0x391c_0cb3, 0x4ed8_aa4a, 0x5b9c_ca4f, 0x682e_6ff3,
        0x748f_82ee, 0x78a5_636f, 0x84c8_7814, 0x8cc7_0208, 0x90be_fffa, 0xa450_6ceb, 0xbef9_a3f7, 0xc671_78f2,
    ]
}
