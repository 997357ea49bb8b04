/// Names a token in logs without revealing it: the first 8 hex digits of its SHA-256.
///
/// The contract allows "a short fingerprint" where a token must be referred to; 32 bits tell tokens apart in a log
/// and are useless for replaying one.
public enum TokenFingerprint {
    public static func of(_ token: String) -> String {
        let digest = SHA256.hash(Array(token.utf8))
        return "sha256:" + digest.prefix(4).map { byte in
            let digits = Array("0123456789abcdef")
            return String([digits[Int(byte >> 4)], digits[Int(byte & 0x0f)]])
        }.joined()
    }
}
