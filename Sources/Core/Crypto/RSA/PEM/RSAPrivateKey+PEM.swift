extension RSAPrivateKey {
    /// The PEM labels a private key may carry: PKCS#1 (RFC 8017 §A.1.2) and unencrypted PKCS#8 (RFC 5208).
    static let pemLabels = ["RSA PRIVATE KEY", "PRIVATE KEY"]

    /// Reads an unencrypted RSA private key from PEM: `RSA PRIVATE KEY` (PKCS#1, as ZITADEL's key files hold it)
    /// or `PRIVATE KEY` (PKCS#8 with rsaEncryption). The numbers are then checked by `init(components:)`, so a key
    /// that loads is consistent and at least 2048 bits.
    public init(pem: String) throws(KeyFormatError) {
        let (label, der) = try PEM.decode(pem, expectedLabels: Self.pemLabels)
        let components =
            label == "PRIVATE KEY"
            ? try RSAKeyDER.parsePKCS8PrivateKey(der) : try RSAKeyDER.parsePKCS1PrivateKey(der)
        do {
            try self.init(components: components)
        } catch {
            throw .invalidKey(error)
        }
    }

    /// The key as PKCS#1 PEM (`RSA PRIVATE KEY`), 64 characters per line, the form ZITADEL's key files use.
    /// This is the secret key in clear: write it only to a file only its owner can read.
    public var pkcs1PEM: String {
        PEM.encode(label: "RSA PRIVATE KEY", der: RSAKeyDER.pkcs1PrivateKey(components))
    }
}
