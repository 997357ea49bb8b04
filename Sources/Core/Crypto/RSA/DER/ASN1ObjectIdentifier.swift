/// An OBJECT IDENTIFIER kept as its DER content octets (X.690 §8.19), which compare exactly.
struct ASN1ObjectIdentifier: Equatable, Sendable, CustomStringConvertible {
    /// The content octets: base-128 subidentifiers, the first one encoding the first two arcs (§8.19.4).
    let derContent: [UInt8]

    /// rsaEncryption (RFC 8017 §A.1, PKCS#1): the algorithm of every RSA key we read or write.
    static let rsaEncryption = ASN1ObjectIdentifier(trusted: [0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x01])

    private init(trusted content: [UInt8]) { derContent = content }

    /// Checks §8.19.2: each subidentifier is as short as possible (no leading 0x80 octet) and the last octet ends
    /// a subidentifier (top bit clear).
    init(derContent content: ArraySlice<UInt8>) throws(DERError) {
        guard let last = content.last, last & 0x80 == 0 else { throw .malformedObjectIdentifier }
        var startsSubidentifier = true
        for octet in content {
            if startsSubidentifier && octet == 0x80 { throw .malformedObjectIdentifier }
            startsSubidentifier = octet & 0x80 == 0
        }
        derContent = Array(content)
    }

    /// The dotted form (`1.2.840.113549.1.1.1`), with the name of well-known key algorithms.
    var description: String {
        var arcs = [UInt64]()
        var value: UInt64 = 0
        for octet in derContent {
            // Arcs beyond 64 bits never name a key algorithm; show what fits rather than trap on overflow.
            value = value << 7 | UInt64(octet & 0x7F)
            if octet & 0x80 == 0 {
                arcs.append(value)
                value = 0
            }
        }
        guard let first = arcs.first else { return "(empty)" }
        let head: [UInt64] = first < 40 ? [0, first] : first < 80 ? [1, first - 40] : [2, first - 80]
        let dotted = (head + arcs.dropFirst()).map(String.init).joined(separator: ".")
        if let name = Self.knownNames[dotted] { return "\(dotted) (\(name))" }
        return dotted
    }

    private static let knownNames: [String: String] = [
        "1.2.840.113549.1.1.1": "rsaEncryption",
        "1.2.840.113549.1.1.10": "RSASSA-PSS",
        "1.2.840.10045.2.1": "EC public key",
        "1.2.840.10040.4.1": "DSA",
        "1.2.840.113549.1.3.1": "Diffie-Hellman",
        "1.3.101.110": "X25519",
        "1.3.101.111": "X448",
        "1.3.101.112": "Ed25519",
        "1.3.101.113": "Ed448",
    ]
}
