/// Names a token in logs and output without revealing it: the first 32 bits of its SHA-256 (FIPS 180-4) in hex.
/// The clients print `sha256:1a2b3c4d`, the APIs' request log `token=1a2b3c4d`: the same digits for the same token
/// in every process, so a line of one can be matched with a line of the other.
///
/// 32 bits tell tokens apart in a log and are useless for recovering or replaying one.
public enum TokenFingerprint {
    /// `sha256:` and the eight digits, as the clients print it.
    public static func of(_ token: some StringProtocol) -> String {
        "sha256:" + digits(of: token)
    }

    /// The eight lowercase hex digits alone, as the request log shows them.
    public static func digits(of token: some StringProtocol) -> String {
        let bits = SHA256.digest(token.utf8).words.0
        let hex = String(bits, radix: 16)
        return String(repeating: "0", count: 8 - hex.count) + hex
    }
}
