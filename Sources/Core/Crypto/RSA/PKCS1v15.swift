/// EMSA-PKCS1-v1_5 encoding for SHA-256 (RFC 8017 §9.2), shared by signing and verification.
///
/// Verification re-encodes and compares instead of parsing the DigestInfo, which rules out the whole family of
/// lenient-parser forgeries (Bleichenbacher 2006, "BERserk" 2014).
enum PKCS1v15 {
    /// DER of DigestInfo { AlgorithmIdentifier { id-sha256, NULL }, OCTET STRING (32 bytes) } up to the digest
    /// (RFC 8017 §9.2, note 1).
    static let sha256DigestInfoPrefix: [UInt8] = [
        0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00, 0x04, 0x20,
    ]

    /// EM = 0x00 ‖ 0x01 ‖ PS (0xFF…, at least 8 bytes) ‖ 0x00 ‖ DigestInfo ‖ digest, `length` bytes long.
    /// `digest` must be 32 bytes and `length` ≥ 62 (any accepted key is far larger).
    static func encodeSHA256(digest: [UInt8], length: Int) -> [UInt8] {
        precondition(digest.count == SHA256.digestByteCount, "PKCS1v15: digest must be 32 bytes")
        let tLength = sha256DigestInfoPrefix.count + digest.count
        precondition(length >= tLength + 11, "PKCS1v15: modulus too short")
        var encoded = [UInt8](repeating: 0xFF, count: length)
        encoded[0] = 0x00
        encoded[1] = 0x01
        encoded[length - tLength - 1] = 0x00
        encoded.replaceSubrange((length - tLength)..., with: sha256DigestInfoPrefix + digest)
        return encoded
    }
}
