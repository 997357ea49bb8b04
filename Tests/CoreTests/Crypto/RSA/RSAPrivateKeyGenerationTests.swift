import Foundation
import Testing
import TestSupport
@testable import Core

/// One generated key shared by the tests below: generation in a debug build takes seconds.
private let generatedKey: Result<RSAPrivateKey, RSAError> = Result { () throws(RSAError) in
    try RSAPrivateKey.generate(bitCount: 2048)
}

@Suite(.cpuBound) struct RSAPrivateKeyGenerationTests {
    @Test func generatedKeyHasExactly2048BitsAndExponent65537() throws {
        let key = try generatedKey.get()
        #expect(key.publicKey.modulusBitCount == 2048)
        #expect(key.publicKey.modulusBytes.count == 256)
        #expect(key.publicKey.publicExponentBytes == [0x01, 0x00, 0x01])
        // Top two bits of each prime are set (FIPS 186-5 A.1.3), so each is 1024 bits exactly.
        #expect(key.components.prime1.count == 128 && key.components.prime1[0] >= 0xC0)
        #expect(key.components.prime2.count == 128 && key.components.prime2[0] >= 0xC0)
    }

    @Test func generatedKeyReloadsThroughTheConsistencyChecks() throws {
        let key = try generatedKey.get()
        let reloaded = try RSAPrivateKey(components: key.components)
        #expect(reloaded.publicKey == key.publicKey)
    }

    @Test func generatedKeySignsAndVerifies() throws {
        let key = try generatedKey.get()
        let message = [UInt8]("round trip".utf8)
        let signature = try key.signPKCS1v15SHA256(message: message)
        #expect(signature.count == 256)
        #expect(key.publicKey.isValidPKCS1v15SHA256Signature(signature, message: message))
        #expect(!key.publicKey.isValidPKCS1v15SHA256Signature(signature, message: message + [0]))
    }

    /// The primes pass OpenSSL's own primality test (`openssl prime`), an outside check of our Miller–Rabin.
    @Test func generatedPrimesAreConfirmedByOpenSSL() async throws {
        let key = try generatedKey.get()
        for prime in [key.components.prime1, key.components.prime2] {
            let output = String(decoding: try await OpenSSL.run(["prime", "-hex", prime.hex]), as: UTF8.self)
            #expect(output.contains("is prime"), "\(output)")
            #expect(!output.contains("not prime"))
        }
    }

    @Test func distinctCallsGiveDistinctKeys() throws {
        let first = try generatedKey.get()
        let second = try RSAPrivateKey.generate(bitCount: 2048)
        #expect(first.publicKey != second.publicKey)
    }

    @Test(arguments: [1024, 2047, 2049, 16386])
    func unsupportedSizesAreRefused(bitCount: Int) {
        #expect(throws: RSAError.unsupportedKeySize(bitCount: bitCount)) {
            try RSAPrivateKey.generate(bitCount: bitCount)
        }
    }

    /// d = e⁻¹ mod λ(n) with λ = lcm(p − 1, q − 1), against values computed independently (Python's
    /// pow(e, -1, λ)); the last pair has q − 1 dividing p − 1, so λ = p − 1.
    @Test(arguments: [
        (UInt64(61), UInt64(53), UInt64(17), UInt64(413)),
        (2_147_483_647, 1_000_000_007, 65537, 882_592_617_179_071_853),
        (2_305_843_009_213_693_951, 2_147_483_647, 65537, 1_690_970_304_802_162_823),
    ])
    func privateExponentInvertsEModuloLambda(p: UInt64, q: UInt64, e: UInt64, expected: UInt64) throws {
        let eModulus = try #require(Modulus(Nat(e, limbCount: 1)))
        let d = RSAPrivateKey.privateExponent(
            pMinusOne: Nat(p - 1, limbCount: 1), qMinusOne: Nat(q - 1, limbCount: 1), e: e, eModulus: eModulus)
        #expect(d.limbs[0] == expected)
        #expect(d.limbs.dropFirst().allSatisfy { $0 == 0 })
    }

    /// The generated d is the smallest private exponent: d·gcd(p − 1, q − 1) < (p − 1)(q − 1), i.e. d < λ(n),
    /// with the gcd computed by the reference bignum's Euclid; and d > 2^(nlen/2) (FIPS 186-5 §A.1.1).
    @Test func generatedPrivateExponentIsReducedModuloLambda() throws {
        let key = try generatedKey.get()
        let one = ReferenceNat(1)
        let pMinusOne = ReferenceNat(Nat(bigEndian: key.components.prime1)) - one
        let qMinusOne = ReferenceNat(Nat(bigEndian: key.components.prime2)) - one
        var (a, b) = (pMinusOne, qMinusOne)
        while !b.isZero { (a, b) = (b, a % b) }
        let d = ReferenceNat(Nat(bigEndian: key.components.privateExponent))
        #expect(d * a < pMinusOne * qMinusOne)
        #expect(d.bitLength > 1024)
    }
}
