extension RSAPublicKey {
    /// The PEM labels a public key may carry: X.509 SubjectPublicKeyInfo (RFC 5280) and PKCS#1 (RFC 8017 §A.1.1).
    static let pemLabels = ["PUBLIC KEY", "RSA PUBLIC KEY"]

    /// Reads an RSA public key from PEM: `PUBLIC KEY` (SPKI with rsaEncryption, what `openssl pkey -pubout` writes)
    /// or `RSA PUBLIC KEY` (PKCS#1). The numbers are then checked by `init(modulus:publicExponent:)`.
    public init(pem: String) throws(KeyFormatError) {
        let (label, der) = try PEM.decode(pem, expectedLabels: Self.pemLabels)
        let numbers =
            label == "PUBLIC KEY"
            ? try RSAKeyDER.parseSubjectPublicKeyInfo(der) : try RSAKeyDER.parsePKCS1PublicKey(der)
        do {
            try self.init(modulus: numbers.modulus, publicExponent: numbers.publicExponent)
        } catch {
            throw .invalidKey(error)
        }
    }

    /// The key as SubjectPublicKeyInfo PEM (`PUBLIC KEY`), 64 characters per line: what ZITADEL's console accepts
    /// as an uploaded public key and what `openssl` reads with `-pubin`.
    public var spkiPEM: String {
        PEM.encode(
            label: "PUBLIC KEY",
            der: RSAKeyDER.subjectPublicKeyInfo(.init(modulus: modulusBytes, publicExponent: publicExponentBytes)))
    }

    /// The key as PKCS#1 PEM (`RSA PUBLIC KEY`).
    public var pkcs1PEM: String {
        PEM.encode(
            label: "RSA PUBLIC KEY",
            der: RSAKeyDER.pkcs1PublicKey(.init(modulus: modulusBytes, publicExponent: publicExponentBytes)))
    }
}
