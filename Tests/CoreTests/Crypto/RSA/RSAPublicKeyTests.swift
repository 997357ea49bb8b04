import Testing
@testable import Core

@Suite struct RSAPublicKeyTests {
    private func publicKey() throws -> RSAPublicKey {
        let components = try RFC7515A2.components()
        return try RSAPublicKey(modulus: components.modulus, publicExponent: components.publicExponent)
    }

    @Test func verifiesTheRFC7515AppendixA2Signature() throws {
        let key = try publicKey()
        #expect(key.isValidPKCS1v15SHA256Signature(try RFC7515A2.signature(), message: try RFC7515A2.signingInput()))
        #expect(
            key.isValidPKCS1v15SHA256Signature(
                try RFC7515A2.signature(), digest: SHA256.hash(try RFC7515A2.signingInput())))
    }

    @Test func anyFlippedBitInTheSignatureFailsVerification() throws {
        let key = try publicKey()
        let signature = try RFC7515A2.signature()
        let input = try RFC7515A2.signingInput()
        for bit in [0, 7, 100, 1000, 2047] {
            var flipped = signature
            flipped[bit / 8] ^= UInt8(1 << (bit % 8))
            #expect(!key.isValidPKCS1v15SHA256Signature(flipped, message: input), "bit \(bit)")
        }
    }

    @Test func aChangedMessageFailsVerification() throws {
        var input = try RFC7515A2.signingInput()
        input[0] ^= 1
        #expect(!(try publicKey()).isValidPKCS1v15SHA256Signature(try RFC7515A2.signature(), message: input))
    }

    @Test func signatureMustBeExactlyTheModulusLength() throws {
        let key = try publicKey()
        let signature = try RFC7515A2.signature()
        let input = try RFC7515A2.signingInput()
        #expect(!key.isValidPKCS1v15SHA256Signature([0] + signature, message: input))
        #expect(!key.isValidPKCS1v15SHA256Signature(Array(signature.dropFirst()), message: input))
    }

    /// s + n has the same residue as s, so only the check s < n rejects it (RFC 8017 §5.2.2 step 1).
    @Test func signatureNotBelowTheModulusIsRejected() throws {
        let key = try publicKey()
        let s = Nat(bigEndian: try RFC7515A2.signature(), limbCount: 33)!
        var sum = s
        sum.add(Nat(bigEndian: key.modulusBytes, limbCount: 33)!)
        let wide = sum.bigEndianBytes(count: 257)
        // Only meaningful when s + n still fits in k bytes; otherwise check n itself.
        let candidate = wide[0] == 0 ? Array(wide.dropFirst()) : key.modulusBytes
        #expect(!key.isValidPKCS1v15SHA256Signature(candidate, message: try RFC7515A2.signingInput()))
    }

    @Test func digestOfWrongLengthIsNotValid() throws {
        let key = try publicKey()
        #expect(!key.isValidPKCS1v15SHA256Signature(try RFC7515A2.signature(), digest: [0, 1, 2]))
    }

    @Test func bytesAreMinimalAndEqualityIgnoresLeadingZeros() throws {
        let components = try RFC7515A2.components()
        let key = try publicKey()
        let padded = try RSAPublicKey(modulus: [0] + components.modulus, publicExponent: [0, 0, 1, 0, 1])
        #expect(key == padded)
        #expect(padded.publicExponentBytes == [1, 0, 1])
        #expect(padded.modulusBytes == components.modulus)
        #expect(padded.modulusBitCount == 2048)
    }

    @Test func rejectsSmallEvenOrMalformedKeys() throws {
        let components = try RFC7515A2.components()
        #expect(throws: RSAError.keyTooSmall(bitCount: 1024)) {
            try RSAPublicKey(modulus: Array(components.modulus.prefix(128)), publicExponent: [1, 0, 1])
        }
        var even = components.modulus
        even[even.count - 1] &= 0xFE
        #expect(throws: RSAError.invalidModulus) { try RSAPublicKey(modulus: even, publicExponent: [1, 0, 1]) }
        #expect(throws: RSAError.invalidPublicExponent) {
            try RSAPublicKey(modulus: components.modulus, publicExponent: [])
        }
        #expect(throws: RSAError.invalidPublicExponent) {
            try RSAPublicKey(modulus: components.modulus, publicExponent: components.modulus)
        }
        #expect(throws: RSAError.keyTooSmall(bitCount: 0)) { try RSAPublicKey(modulus: [0], publicExponent: [3]) }
    }
}
