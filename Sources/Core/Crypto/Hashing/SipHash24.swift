/// SipHash-2-4 with a 128-bit output: a keyed pseudorandom function on short inputs (Aumasson and Bernstein,
/// "SipHash: a fast short-input PRF", INDOCRYPT 2012). The 128-bit output mode is the one of the authors' reference
/// implementation (github.com/veorq/SipHash, `siphash.c` with `outlen == 16`): `v1 ^= 0xee` at the start, `v2 ^= 0xee`
/// before finalisation, and a second finalisation after `v1 ^= 0xdd`. The paper itself analyses the 64-bit output;
/// the authors present the 128-bit mode as a natural extension, less studied.
///
/// What it is for: a fast, secret-keyed hash of a bearer token (`TokenCacheKey`). It is not a collision-resistant
/// hash for anyone who knows the key, and not a MAC for long-term use; the key must stay secret.
///
/// Variable-time in the input's length only (as every hash); the rounds are add-rotate-xor, constant-time.
public struct SipHash24: Sendable {
    /// The 128-bit key, as the two little-endian 64-bit words of its 16 bytes.
    public let k0: UInt64
    public let k1: UInt64

    public init(k0: UInt64, k1: UInt64) {
        self.k0 = k0
        self.k1 = k1
    }

    /// The key from 16 bytes, read little-endian as the reference code does.
    public init(key: [UInt8]) {
        precondition(key.count == 16, "a SipHash key is 16 bytes")
        var k0: UInt64 = 0, k1: UInt64 = 0
        for index in 0..<8 {
            k0 |= UInt64(key[index]) << (8 * index)
            k1 |= UInt64(key[8 + index]) << (8 * index)
        }
        self.init(k0: k0, k1: k1)
    }

    /// A key from the system's cryptographically secure generator (`SystemRandomNumberGenerator`: getrandom(2) on
    /// Linux, arc4random on Darwin).
    public static func randomKey() -> SipHash24 {
        var generator = SystemRandomNumberGenerator()
        return SipHash24(k0: generator.next(), k1: generator.next())
    }

    /// The 128-bit tag of `bytes`, as two 64-bit words: `low` holds output bytes 0–7 and `high` bytes 8–15, each
    /// little-endian (the byte order of the reference code's output).
    public func hash128(_ bytes: UnsafeRawBufferPointer) -> (low: UInt64, high: UInt64) {
        var v0: UInt64 = 0x736f_6d65_7073_6575 ^ k0
        var v1: UInt64 = 0x646f_7261_6e64_6f6d ^ k1 ^ 0xee
        var v2: UInt64 = 0x6c79_6765_6e65_7261 ^ k0
        var v3: UInt64 = 0x7465_6462_7974_6573 ^ k1

        @inline(__always) func round() {
            v0 &+= v1; v1 = v1.rotatedLeft(13); v1 ^= v0; v0 = v0.rotatedLeft(32)
            v2 &+= v3; v3 = v3.rotatedLeft(16); v3 ^= v2
            v0 &+= v3; v3 = v3.rotatedLeft(21); v3 ^= v0
            v2 &+= v1; v1 = v1.rotatedLeft(17); v1 ^= v2; v2 = v2.rotatedLeft(32)
        }

        let count = bytes.count
        let wholeWords = count / 8
        var offset = 0
        for _ in 0..<wholeWords {
            let m = UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
            v3 ^= m
            round(); round()
            v0 ^= m
            offset += 8
        }
        // The last word: the remaining 0–7 bytes, little-endian, and the length mod 256 in the top byte.
        var last = UInt64(truncatingIfNeeded: count) << 56
        for index in 0..<(count - offset) {
            last |= UInt64(bytes[offset + index]) << (8 * index)
        }
        v3 ^= last
        round(); round()
        v0 ^= last

        v2 ^= 0xee
        round(); round(); round(); round()
        let low = v0 ^ v1 ^ v2 ^ v3
        v1 ^= 0xdd
        round(); round(); round(); round()
        let high = v0 ^ v1 ^ v2 ^ v3
        return (low, high)
    }

    /// `hash128` of the bytes of a contiguous collection (a string's UTF-8 view usually is); others are copied.
    public func hash128<Bytes: Sequence>(_ bytes: Bytes) -> (low: UInt64, high: UInt64) where Bytes.Element == UInt8 {
        if let tag = bytes.withContiguousStorageIfAvailable({ hash128(UnsafeRawBufferPointer($0)) }) { return tag }
        return Array(bytes).withUnsafeBytes { hash128($0) }
    }
}

extension UInt64 {
    @inline(__always) fileprivate func rotatedLeft(_ count: UInt64) -> UInt64 {
        (self << count) | (self >> (64 - count))
    }
}
