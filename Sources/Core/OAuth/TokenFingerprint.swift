/// Names a token in the clients' output without revealing it: `sha256:` and the first 8 hex digits of its SHA-256,
/// the same digits the APIs' request log shows for that token (`TokenDigest.fingerprint`).
///
/// The contract allows "a short fingerprint" where a token must be referred to; 32 bits tell tokens apart in a log
/// and are useless for replaying one.
public enum TokenFingerprint {
    public static func of(_ token: String) -> String {
        "sha256:" + TokenDigest(token: token).fingerprint
    }
}
