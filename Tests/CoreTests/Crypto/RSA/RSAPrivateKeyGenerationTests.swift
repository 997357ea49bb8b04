import Foundation
import Testing
@testable import Core

/// One generated key shared by the tests below: generation in a debug build takes seconds.
private let generatedKey: Result<RSAPrivateKey, RSAError> = Result { () throws(RSAError) in
    try RSAPrivateKey.generate(bitCount: 2048)
}

@Suite struct RSAPrivateKeyGenerationTests {
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
    @Test func generatedPrimesAreConfirmedByOpenSSL() throws {
        let key = try generatedKey.get()
        for prime in [key.components.prime1, key.components.prime2] {
            let output = String(decoding: try OpenSSL.run(["prime", "-hex", prime.hex]), as: UTF8.self)
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
}
