/// Why an RSA key was refused or a signature was not produced. Messages name the component at fault and what to do,
/// never a secret value.
public enum RSAError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The modulus has fewer bits than the 2048 this library accepts (NIST SP 800-131A rev. 2).
    case keyTooSmall(bitCount: Int)
    /// The modulus is larger than this library handles (bounded to keep the cost of a key load finite).
    case keyTooLarge(bitCount: Int)
    /// The modulus is even or zero, so it cannot be a product of two odd primes.
    case invalidModulus
    /// e must be odd and 1 < e < n (RFC 8017 §3.1).
    case invalidPublicExponent
    /// p or q is even, ≤ 1, or not smaller than n.
    case invalidPrime
    /// n ≠ p·q.
    case modulusMismatch
    /// e·d ≢ 1 modulo p − 1 or q − 1, that is modulo λ(n): d does not invert e.
    case privateExponentMismatch
    /// dP ≠ d mod (p − 1).
    case exponent1Mismatch
    /// dQ ≠ d mod (q − 1).
    case exponent2Mismatch
    /// qInv·q ≢ 1 mod p, or qInv ≥ p.
    case coefficientMismatch
    /// A digest was not 32 bytes long (SHA-256).
    case invalidDigestLength(Int)
    /// Key generation was asked for a size it does not make.
    case unsupportedKeySize(bitCount: Int)
    /// The signature just computed did not verify with the public key: a hardware or software fault corrupted the
    /// computation, and releasing the result could reveal a prime factor (Boneh–DeMillo–Lipton 1997).
    case faultDetected

    public var description: String {
        switch self {
        case .keyTooSmall(let bitCount):
            return "RSA key has a \(bitCount)-bit modulus; at least 2048 bits are required. Generate a new key of 2048 bits or more."
        case .keyTooLarge(let bitCount):
            return "RSA key has a \(bitCount)-bit modulus; at most \(RSAPublicKey.maximumBitCount) bits are supported."
        case .invalidModulus:
            return "RSA modulus is even or zero; the key file is damaged or not an RSA key."
        case .invalidPublicExponent:
            return "RSA public exponent must be odd and between 3 and n − 1 (65537 is usual); the key is damaged or not usable."
        case .invalidPrime:
            return "RSA private key has a prime factor that is even, too small or not below the modulus; the key file is damaged."
        case .modulusMismatch:
            return "RSA private key is inconsistent: the modulus is not the product of its two primes. The key file is damaged; export the key again."
        case .privateExponentMismatch:
            return "RSA private key is inconsistent: the private exponent does not invert the public exponent. The key file is damaged; export the key again."
        case .exponent1Mismatch:
            return "RSA private key is inconsistent: exponent1 (dP) is not d mod (p − 1). The key file is damaged; export the key again."
        case .exponent2Mismatch:
            return "RSA private key is inconsistent: exponent2 (dQ) is not d mod (q − 1). The key file is damaged; export the key again."
        case .coefficientMismatch:
            return "RSA private key is inconsistent: the coefficient (qInv) is not the inverse of q modulo p. The key file is damaged; export the key again."
        case .invalidDigestLength(let count):
            return "A SHA-256 digest is 32 bytes, got \(count); pass the SHA-256 of the message, or use the message variant."
        case .unsupportedKeySize(let bitCount):
            return "Cannot generate a \(bitCount)-bit RSA key: use an even size from 2048 to \(RSAPublicKey.maximumBitCount) bits."
        case .faultDetected:
            return "RSA signing produced a signature that does not verify (a computation fault); no signature was released. Retry; if it persists, the machine is faulty."
        }
    }
}
