/// Why a PEM text could not be read as the RSA key that was asked for.
///
/// Each description says what was found and what to do about it. None of them quotes key material: a key file
/// is a secret, and these messages end up in logs.
public enum KeyFormatError: Error, Equatable, Sendable, CustomStringConvertible {
    /// No `-----BEGIN …-----` line at all.
    case notPEM
    /// A BEGIN line without a matching END line.
    case missingEndLine(label: String)
    case mismatchedEndLabel(begin: String, end: String)
    /// A PEM block of another kind (a certificate, a public key where a private one is needed, an EC key...).
    case wrongLabel(found: String, expected: [String])
    /// `ENCRYPTED PRIVATE KEY` (PKCS#8) or `Proc-Type: 4,ENCRYPTED` (legacy OpenSSL).
    case encrypted
    case badBase64(reason: String)
    /// The DER ends early: the key was cut short, usually when copied.
    case truncated
    /// A DER element of another type than the structure requires.
    case wrongTag(expected: String, found: String)
    case trailingBytes(count: Int)
    /// A DER length beyond anything a key contains.
    case hugeLength
    /// DER that is well-formed BER but breaks a DER rule or the structure (indefinite or non-minimal length,
    /// non-minimal or negative INTEGER, nesting too deep...).
    case invalidDER(reason: String)
    /// A structure version this reader does not know: multi-prime PKCS#1 (1) or PKCS#8 v2 (1).
    case unsupportedVersion(Int)
    /// A PKCS#8 or SPKI key of another algorithm; `algorithm` is its dotted OID and name.
    case notRSAKey(algorithm: String)
    /// The structure was read, but its numbers are no usable RSA key (inconsistent, or smaller than 2048 bits).
    case invalidKey(RSAError)

    public var description: String {
        switch self {
        case .notPEM:
            "not a PEM key: no '-----BEGIN ...-----' line found; the file must contain the key as PEM text"
        case .missingEndLine(let label):
            "the PEM block '\(label)' has no matching '-----END \(label)-----' line; the key was probably cut short "
                + "when copied, copy the whole key again"
        case .mismatchedEndLabel(let begin, let end):
            "the PEM block begins as '\(begin)' but ends as '\(end)'; the file was assembled from two keys"
        case .wrongLabel(let found, let expected):
            "found a PEM '\(found)' block, but expected " + expected.map { "'\($0)'" }.joined(separator: " or ")
                + Self.hint(forLabel: found)
        case .encrypted:
            "the private key is encrypted with a passphrase; decrypt it first, e.g. "
                + "`openssl pkey -in k.pem -out k-plain.pem`, and keep the decrypted file private"
        case .badBase64(let reason):
            "the PEM body is not valid base64: \(reason); copy the key again without editing it"
        case .truncated:
            "the key's DER data ends early; the key was probably cut short when copied, copy the whole key again"
        case .wrongTag(let expected, let found):
            "the key's DER data has a \(found) where a \(expected) belongs; this is not an RSA key in the format its "
                + "PEM label promises"
        case .trailingBytes(let count):
            "the key's DER data has \(count) extra byte(s) after the key; the file was edited or assembled wrongly"
        case .hugeLength:
            "the key's DER data announces a length larger than any key; the file is corrupted"
        case .invalidDER(let reason):
            "the key's DER data is invalid: \(reason); re-export the key with `openssl pkey -in k.pem -out k2.pem`"
        case .unsupportedVersion(let version):
            "the key structure has version \(version), but only version 0 (two-prime RSA, PKCS#1 / PKCS#8 v1) is "
                + "supported; re-export it with `openssl pkey -in k.pem -out k2.pem`"
        case .notRSAKey(let algorithm):
            "this is not an RSA key (algorithm \(algorithm)); ZITADEL keys are RSA, use the key file downloaded from "
                + "the console"
        case .invalidKey(let error):
            "the PEM holds an RSA key, but it cannot be used: \(error)"
        }
    }

    private static func hint(forLabel label: String) -> String {
        switch label {
        case "PUBLIC KEY", "RSA PUBLIC KEY":
            "; this is a public key, but the private key is needed"
        case "CERTIFICATE":
            "; this is a certificate, not a key"
        case "OPENSSH PRIVATE KEY":
            "; convert it with `ssh-keygen -p -m PKCS8 -f KEYFILE` (this rewrites the file)"
        case "EC PRIVATE KEY", "DSA PRIVATE KEY":
            "; this is not an RSA key"
        default:
            ""
        }
    }

    init(_ error: DERError) {
        switch error {
        case .truncated: self = .truncated
        case .hugeLength: self = .hugeLength
        case .wrongTag(let expected, let found):
            self = .wrongTag(expected: expected.description, found: DERTag.name(of: found))
        case .trailingBytes(let count): self = .trailingBytes(count: count)
        case .indefiniteLength: self = .invalidDER(reason: "an indefinite length (BER, not DER)")
        case .nonMinimalLength: self = .invalidDER(reason: "a length not in its shortest form")
        case .tooDeep: self = .invalidDER(reason: "structures nested too deep")
        case .emptyInteger: self = .invalidDER(reason: "an INTEGER without content")
        case .nonMinimalInteger: self = .invalidDER(reason: "an INTEGER with a superfluous leading byte")
        case .negativeInteger: self = .invalidDER(reason: "a negative INTEGER where RSA needs a positive one")
        case .integerTooLarge: self = .invalidDER(reason: "a version number too large")
        case .nonEmptyNull: self = .invalidDER(reason: "a NULL with content")
        case .malformedBitString: self = .invalidDER(reason: "a BIT STRING that does not hold whole bytes")
        case .malformedObjectIdentifier: self = .invalidDER(reason: "a malformed OBJECT IDENTIFIER")
        }
    }
}
