/// An RSA public key (n, e) that verifies RSASSA-PKCS1-v1_5 signatures with SHA-256 (RFC 8017 §8.2.2).
///
/// Invariant: n is odd and 2048…16384 bits, 1 < e < n and e is odd; `modulusBytes` and `publicExponentBytes` are
/// minimal big-endian (no leading zero byte). Everything here is public, so verification may run in variable time.
public struct RSAPublicKey: Sendable, Equatable {
    /// Smallest modulus accepted, in bits (NIST SP 800-131A rev. 2 disallows smaller RSA signature keys).
    public static let minimumBitCount = 2048
    /// Largest modulus accepted, in bits; bounds the work an untrusted key can cause.
    public static let maximumBitCount = 16384

    public let modulusBytes: [UInt8]
    public let publicExponentBytes: [UInt8]
    let modulus: Modulus

    public var modulusBitCount: Int { modulus.bitLength }

    /// The modulus length in bytes, k in RFC 8017; every signature is exactly this long.
    var modulusByteCount: Int { modulusBytes.count }

    /// Accepts big-endian bytes with or without leading zero bytes.
    public init(modulus: [UInt8], publicExponent: [UInt8]) throws(RSAError) {
        let n = Array(modulus.drop(while: { $0 == 0 }))
        let e = Array(publicExponent.drop(while: { $0 == 0 }))
        let bitCount = n.isEmpty ? 0 : (n.count - 1) * 8 + (8 - n[0].leadingZeroBitCount)
        guard bitCount >= RSAPublicKey.minimumBitCount else { throw .keyTooSmall(bitCount: bitCount) }
        guard bitCount <= RSAPublicKey.maximumBitCount else { throw .keyTooLarge(bitCount: bitCount) }
        guard let nModulus = Modulus(bigEndian: n) else { throw .invalidModulus }
        // 1 < e < n and e odd (RFC 8017 §3.1). e is public, so plain comparisons are fine.
        guard let last = e.last, last & 1 == 1, e != [1] else { throw .invalidPublicExponent }
        guard e.count < n.count || (e.count == n.count && e.lexicographicallyPrecedes(n)) else {
            throw .invalidPublicExponent
        }
        self.modulusBytes = n
        self.publicExponentBytes = e
        self.modulus = nModulus
    }

    public static func == (lhs: RSAPublicKey, rhs: RSAPublicKey) -> Bool {
        lhs.modulusBytes == rhs.modulusBytes && lhs.publicExponentBytes == rhs.publicExponentBytes
    }

    /// RSAVP1 (RFC 8017 §5.2.2): s^e mod n, as k bytes; nil when s is not below n.
    func publicOperationVarTime(_ signature: [UInt8]) -> [UInt8]? {
        guard signature.count == modulusByteCount,
            let s = Nat(bigEndian: signature, limbCount: modulus.limbCount),
            s.ctLess(modulus.nat).isYesVarTime
        else { return nil }
        return modulus.expVarTime(s, publicExponent: publicExponentBytes).bigEndianBytes(count: modulusByteCount)
    }

    /// RSASSA-PKCS1-v1_5 verification with SHA-256 (RFC 8017 §8.2.2): the signature must be exactly k bytes and
    /// below n, and s^e mod n must equal the encoding of `digest` byte for byte.
    public func isValidPKCS1v15SHA256Signature(_ signature: [UInt8], digest: [UInt8]) -> Bool {
        guard digest.count == SHA256.digestByteCount, let encoded = publicOperationVarTime(signature) else {
            return false
        }
        let expected = PKCS1v15.encodeSHA256(digest: digest, length: modulusByteCount)
        return ConstantTime.equal(encoded, expected)
    }

    /// Verifies a signature over `message`, hashing it with SHA-256 first.
    public func isValidPKCS1v15SHA256Signature(_ signature: [UInt8], message: [UInt8]) -> Bool {
        isValidPKCS1v15SHA256Signature(signature, digest: SHA256.hash(message))
    }
}
