/// The integers of an RSA private key as they stand in PKCS#1 `RSAPrivateKey` (RFC 8017 §A.1.2), each an unsigned
/// big-endian byte string (leading zero bytes allowed). This is the seam between the DER/PEM reader, which only
/// knows bytes, and `RSAPrivateKey`, which checks that the numbers agree before it signs anything.
public struct RSAKeyComponents: Sendable, Equatable {
    public var modulus: [UInt8]
    public var publicExponent: [UInt8]
    public var privateExponent: [UInt8]
    public var prime1: [UInt8]
    public var prime2: [UInt8]
    public var exponent1: [UInt8]
    public var exponent2: [UInt8]
    public var coefficient: [UInt8]

    public init(
        modulus: [UInt8], publicExponent: [UInt8], privateExponent: [UInt8], prime1: [UInt8], prime2: [UInt8],
        exponent1: [UInt8], exponent2: [UInt8], coefficient: [UInt8]
    ) {
        self.modulus = modulus
        self.publicExponent = publicExponent
        self.privateExponent = privateExponent
        self.prime1 = prime1
        self.prime2 = prime2
        self.exponent1 = exponent1
        self.exponent2 = exponent2
        self.coefficient = coefficient
    }
}
