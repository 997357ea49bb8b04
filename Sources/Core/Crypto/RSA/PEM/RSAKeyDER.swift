/// The DER structures of RSA keys, read into and written from plain big-endian numbers.
///
/// - PKCS#1 `RSAPrivateKey` and `RSAPublicKey` (RFC 8017 §A.1.2, §A.1.1);
/// - PKCS#8 `PrivateKeyInfo` (RFC 5208 §5) and X.509 `SubjectPublicKeyInfo` (RFC 5280 §4.1.2.7) wrapping them, with
///   the rsaEncryption AlgorithmIdentifier whose parameters are NULL (RFC 3279 §2.3.1); absent parameters are
///   accepted too, as some encoders omit them.
///
/// Only the structure is checked here; whether the numbers make a key is `RSAPrivateKey`'s and `RSAPublicKey`'s job.
enum RSAKeyDER {
    struct PublicNumbers: Equatable {
        var modulus: [UInt8]
        var publicExponent: [UInt8]
    }

    static func parsePKCS1PrivateKey(_ der: [UInt8]) throws(KeyFormatError) -> RSAKeyComponents {
        try mappingErrors {
            var reader = DERReader(der)
            let components = try readPKCS1PrivateKey(&reader)
            try reader.finish()
            return components
        }
    }

    static func parsePKCS8PrivateKey(_ der: [UInt8]) throws(KeyFormatError) -> RSAKeyComponents {
        try mappingErrors {
            var reader = DERReader(der)
            let components = try reader.readSequence { info in
                let version = try info.readSmallInteger()
                // Version 1 is RFC 5958's OneAsymmetricKey with an optional public key; no RSA tool writes it.
                guard version == 0 else { throw KeyFormatError.unsupportedVersion(version) }
                try readRSAAlgorithmIdentifier(&info)
                var inner = DERReader(Array(try info.readOctetString()))
                let components = try readPKCS1PrivateKey(&inner)
                try inner.finish()
                // RFC 5208 §5: optional [0] IMPLICIT Attributes; nothing in them changes the key.
                if info.nextTag == DERTag.contextConstructed0.rawValue {
                    _ = try info.readElement(tag: .contextConstructed0)
                }
                return components
            }
            try reader.finish()
            return components
        }
    }

    static func parsePKCS1PublicKey(_ der: [UInt8]) throws(KeyFormatError) -> PublicNumbers {
        try mappingErrors {
            var reader = DERReader(der)
            let numbers = try readPKCS1PublicKey(&reader)
            try reader.finish()
            return numbers
        }
    }

    static func parseSubjectPublicKeyInfo(_ der: [UInt8]) throws(KeyFormatError) -> PublicNumbers {
        try mappingErrors {
            var reader = DERReader(der)
            let numbers = try reader.readSequence { info in
                try readRSAAlgorithmIdentifier(&info)
                var inner = DERReader(Array(try info.readBitStringBytes()))
                let numbers = try readPKCS1PublicKey(&inner)
                try inner.finish()
                return numbers
            }
            try reader.finish()
            return numbers
        }
    }

    /// PKCS#1 `RSAPrivateKey`, version 0 (two primes).
    static func pkcs1PrivateKey(_ components: RSAKeyComponents) -> [UInt8] {
        var writer = DERWriter()
        writer.writeSequence { key in
            key.writeUnsignedInteger([0])
            for number in [
                components.modulus, components.publicExponent, components.privateExponent, components.prime1,
                components.prime2, components.exponent1, components.exponent2, components.coefficient,
            ] {
                key.writeUnsignedInteger(number)
            }
        }
        return writer.bytes
    }

    static func pkcs1PublicKey(_ numbers: PublicNumbers) -> [UInt8] {
        var writer = DERWriter()
        writer.writeSequence { key in
            key.writeUnsignedInteger(numbers.modulus)
            key.writeUnsignedInteger(numbers.publicExponent)
        }
        return writer.bytes
    }

    static func subjectPublicKeyInfo(_ numbers: PublicNumbers) -> [UInt8] {
        var writer = DERWriter()
        writer.writeSequence { info in
            info.writeSequence { algorithm in
                algorithm.writeObjectIdentifier(.rsaEncryption)
                algorithm.writeNull()
            }
            info.writeBitString(pkcs1PublicKey(numbers))
        }
        return writer.bytes
    }

    // MARK: - Reading

    private static func readPKCS1PrivateKey(_ reader: inout DERReader) throws -> RSAKeyComponents {
        try reader.readSequence { key in
            let version = try key.readSmallInteger()
            // RFC 8017 §A.1.2: version 1 announces otherPrimeInfos (multi-prime RSA), which we do not sign with.
            guard version == 0 else { throw KeyFormatError.unsupportedVersion(version) }
            return RSAKeyComponents(
                modulus: try key.readUnsignedInteger(), publicExponent: try key.readUnsignedInteger(),
                privateExponent: try key.readUnsignedInteger(), prime1: try key.readUnsignedInteger(),
                prime2: try key.readUnsignedInteger(), exponent1: try key.readUnsignedInteger(),
                exponent2: try key.readUnsignedInteger(), coefficient: try key.readUnsignedInteger())
        }
    }

    private static func readPKCS1PublicKey(_ reader: inout DERReader) throws -> PublicNumbers {
        try reader.readSequence { key in
            PublicNumbers(modulus: try key.readUnsignedInteger(), publicExponent: try key.readUnsignedInteger())
        }
    }

    /// `AlgorithmIdentifier ::= SEQUENCE { algorithm OID, parameters ANY OPTIONAL }` naming rsaEncryption.
    private static func readRSAAlgorithmIdentifier(_ reader: inout DERReader) throws {
        try reader.readSequence { algorithm in
            let identifier = try algorithm.readObjectIdentifier()
            guard identifier == .rsaEncryption else {
                throw KeyFormatError.notRSAKey(algorithm: identifier.description)
            }
            if !algorithm.isAtEnd { try algorithm.readNull() }
        }
    }

    /// The readers throw `DERError` and `KeyFormatError`; callers see only `KeyFormatError`.
    private static func mappingErrors<T>(_ body: () throws -> T) throws(KeyFormatError) -> T {
        do {
            return try body()
        } catch let error as KeyFormatError {
            throw error
        } catch let error as DERError {
            throw KeyFormatError(error)
        } catch {
            throw .invalidDER(reason: "\(error)")
        }
    }
}
