import Foundation
import Testing
import TestSupport

@testable import Core

@Suite(.cpuBound) struct RSAPrivateKeyPEMTests {
    struct SignatureCase: Sendable, CustomStringConvertible {
        let key: RSAKeyDERTests.KeyCase
        let message: String
        let signature: String
        var description: String { "\(key.name) \(message.prefix(24))" }
    }

    static func signatureCases() throws -> [SignatureCase] {
        let cases = try #require(try Vectors.json("openssl-rs256")["cases"] as? [[String: Any]])
        let keys = try RSAKeyDERTests.keyCases()
        return try zip(cases, keys).flatMap { vector, key in
            try #require(vector["signatures"] as? [[String: String]]).map {
                SignatureCase(key: key, message: $0["message_utf8"] ?? "", signature: $0["signature_b64url"] ?? "")
            }
        }
    }

    private var vectorKey: RSAKeyDERTests.KeyCase {
        get throws { try #require(try RSAKeyDERTests.keyCases().first) }
    }

    private func pkcs1DER() throws -> [UInt8] {
        try PEM.decode(try vectorKey.pkcs1PEM, expectedLabels: ["RSA PRIVATE KEY"]).der
    }

    /// Both encodings of each key sign every message of the set to exactly OpenSSL's signature, and the SPKI public
    /// key verifies it; one of them starts with a zero byte, which must be kept (RFC 8017 §5.2.1 I2OSP to k bytes).
    @Test(arguments: try signatureCases())
    func reproducesOpenSSLSignaturesByteForByte(vector: SignatureCase) throws {
        let expected = try Base64URL.decode(vector.signature)
        let message = Array(vector.message.utf8)
        let fromPKCS1 = try RSAPrivateKey(pem: vector.key.pkcs1PEM)
        let fromPKCS8 = try RSAPrivateKey(pem: vector.key.pkcs8PEM)
        #expect(try fromPKCS1.signPKCS1v15SHA256(message: message) == expected)
        #expect(try fromPKCS8.signPKCS1v15SHA256(message: message) == expected)
        let publicKey = try RSAPublicKey(pem: vector.key.spkiPEM)
        #expect(publicKey == fromPKCS1.publicKey)
        #expect(publicKey.isValidPKCS1v15SHA256Signature(expected, message: message))
    }

    @Test func leadingZeroSignaturesArePresent() throws {
        let leading = try Self.signatureCases().filter { try Base64URL.decode($0.signature).first == 0 }
        #expect(leading.count >= 3)
    }

    @Test(arguments: try RSAKeyDERTests.keyCases())
    func pkcs1PEMWritesBackOpenSSLsTextExactly(key: RSAKeyDERTests.KeyCase) throws {
        #expect(try RSAPrivateKey(pem: key.pkcs8PEM).pkcs1PEM == key.pkcs1PEM)
    }

    @Test func writtenKeyPassesOpenSSLCheck() async throws {
        let pem = try RSAPrivateKey(pem: try vectorKey.pkcs8PEM).pkcs1PEM
        let output = try await OpenSSL.run(["rsa", "-check", "-noout", "-in", "/dev/stdin"], input: Array(pem.utf8))
        #expect(String(decoding: output, as: UTF8.self).contains("RSA key ok"))
    }

    /// A key we generate, written as PKCS#1, is a key OpenSSL checks as sound (n = p·q, primes, d, CRT values),
    /// reads back to the same numbers, and its SPKI verifies what it signs in OpenSSL.
    // Only a hang guard: its suite runs on the CPU lane, where this test may queue behind every other CPU-bound
    // test (291 s in all in a parallel run with eight busy loops beside it).
    @Test(.timeLimit(.minutes(20)))
    func generatedKeyWrittenAsPKCS1PassesOpenSSLCheck() async throws {
        let key = try RSAPrivateKey.generate(bitCount: 2048)
        let pem = key.pkcs1PEM
        #expect(pem.hasPrefix("-----BEGIN RSA PRIVATE KEY-----\n"))
        let output = try await OpenSSL.run(["rsa", "-check", "-noout", "-in", "/dev/stdin"], input: Array(pem.utf8))
        #expect(String(decoding: output, as: UTF8.self).contains("RSA key ok"))
        let text = try await OpenSSL.run(["rsa", "-in", "/dev/stdin", "-noout", "-text"], input: Array(pem.utf8))
        #expect(String(decoding: text, as: UTF8.self).contains("Private-Key: (2048 bit, 2 primes)"))
        let reread = try RSAPrivateKey(pem: pem)
        // The same numbers: generation gives every component its full width (d in 256 bytes, dP, dQ and qInv in
        // 128), DER keeps the minimal encoding, so one in a few dozen keys differs by a leading zero byte.
        #expect(reread.components.withoutLeadingZeros == key.components.withoutLeadingZeros)
        #expect(reread.publicKey == key.publicKey)

        let directory = try OpenSSL.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let publicPath = directory.appendingPathComponent("pub.pem")
        let signaturePath = directory.appendingPathComponent("sig.bin")
        try Data(key.publicKey.spkiPEM.utf8).write(to: publicPath)
        let message = Array("generated key".utf8)
        try Data(try key.signPKCS1v15SHA256(message: message)).write(to: signaturePath)
        let verified = try await OpenSSL.run(
            ["dgst", "-sha256", "-verify", publicPath.path, "-signature", signaturePath.path], input: message)
        #expect(String(decoding: verified, as: UTF8.self).contains("Verified OK"))
    }

    /// Components with leading zero bytes, as generation gives them (full width), are written minimally and read
    /// back as the same numbers.
    @Test func paddedComponentsReadBackAsTheSameNumbers() throws {
        var components = try RSAKeyDER.parsePKCS1PrivateKey(try pkcs1DER())
        components.privateExponent = [0] + components.privateExponent
        components.exponent1 = [0, 0] + components.exponent1
        components.coefficient = [0] + components.coefficient
        let key = try RSAPrivateKey(components: components)
        let reread = try RSAPrivateKey(pem: key.pkcs1PEM)
        #expect(reread.components.withoutLeadingZeros == key.components.withoutLeadingZeros)
        #expect(reread.pkcs1PEM == key.pkcs1PEM)
        #expect(key.pkcs1PEM == (try vectorKey.pkcs1PEM))
    }

    // MARK: - Refused inputs, one per failure

    @Test func truncatedKeyIsRefused() throws {
        let der = try pkcs1DER()
        let pem = PEM.encode(label: "RSA PRIVATE KEY", der: Array(der.prefix(der.count / 2)))
        #expect(throws: KeyFormatError.truncated) { try RSAPrivateKey(pem: pem) }
    }

    @Test func wrongOuterTagIsRefused() throws {
        var der = try pkcs1DER()
        der[0] = 0x31  // SET instead of SEQUENCE
        #expect(throws: KeyFormatError.wrongTag(expected: "SEQUENCE", found: "SET")) {
            try RSAPrivateKey(pem: PEM.encode(label: "RSA PRIVATE KEY", der: der))
        }
    }

    @Test func trailingBytesAreRefused() throws {
        let pem = PEM.encode(label: "RSA PRIVATE KEY", der: try pkcs1DER() + [0x00, 0x00])
        #expect(throws: KeyFormatError.trailingBytes(count: 2)) { try RSAPrivateKey(pem: pem) }
    }

    @Test func hugeLengthIsRefused() throws {
        let der = try pkcs1DER()
        #expect(Array(der.prefix(2)) == [0x30, 0x82])
        let pem = PEM.encode(label: "RSA PRIVATE KEY", der: [0x30, 0x84, 0x7F, 0xFF, 0xFF, 0xFF] + der.dropFirst(4))
        #expect(throws: KeyFormatError.hugeLength) { try RSAPrivateKey(pem: pem) }
    }

    @Test func publicKeyPEMIsRefusedAsWrongLabel() throws {
        let error = #expect(
            throws: KeyFormatError.wrongLabel(found: "PUBLIC KEY", expected: ["RSA PRIVATE KEY", "PRIVATE KEY"])
        ) {
            try RSAPrivateKey(pem: try vectorKey.spkiPEM)
        }
        #expect(try #require(error).description.contains("the private key is needed"))
    }

    @Test func encryptedKeysAreRefusedWithInstructions() async throws {
        let plain = Array(try vectorKey.pkcs1PEM.utf8)
        let pkcs8 = try await OpenSSL.run(["pkey", "-in", "/dev/stdin", "-aes256", "-passout", "pass:x"], input: plain)
        let legacy = try await OpenSSL.run(
            ["rsa", "-in", "/dev/stdin", "-aes256", "-traditional", "-passout", "pass:x"], input: plain)
        for pem in [pkcs8, legacy] {
            let error = #expect(throws: KeyFormatError.encrypted) {
                try RSAPrivateKey(pem: String(decoding: pem, as: UTF8.self))
            }
            #expect(try #require(error).description.contains("openssl pkey -in k.pem -out k-plain.pem"))
        }
    }

    @Test func ecKeyIsRefusedAsNotRSA() async throws {
        let pem = try await OpenSSL.run(["genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256"])
        let error = #expect(throws: KeyFormatError.self) {
            try RSAPrivateKey(pem: String(decoding: pem, as: UTF8.self))
        }
        #expect(error == .notRSAKey(algorithm: "1.2.840.10045.2.1 (EC public key)"))
        #expect(try #require(error).description.contains("not an RSA key"))
    }

    @Test func key1024BitsIsRefusedAsTooSmall() async throws {
        let pem = try await OpenSSL.run(["genrsa", "1024"])
        let error = #expect(throws: KeyFormatError.invalidKey(.keyTooSmall(bitCount: 1024))) {
            try RSAPrivateKey(pem: String(decoding: pem, as: UTF8.self))
        }
        #expect(try #require(error).description.contains("2048"))
    }

    @Test func inconsistentNumbersAreRefused() throws {
        var components = try RSAKeyDER.parsePKCS1PrivateKey(try pkcs1DER())
        components.coefficient[components.coefficient.count - 1] ^= 1
        let pem = PEM.encode(label: "RSA PRIVATE KEY", der: RSAKeyDER.pkcs1PrivateKey(components))
        #expect(throws: KeyFormatError.invalidKey(.coefficientMismatch)) { try RSAPrivateKey(pem: pem) }
    }

    @Test func errorDescriptionsNeverQuoteKeyMaterial() throws {
        let der = try pkcs1DER()
        let body = PEM.encode(label: "RSA PRIVATE KEY", der: der).split(separator: "\n")[1]
        let inputs = [
            PEM.encode(label: "RSA PRIVATE KEY", der: Array(der.prefix(600))),
            PEM.encode(label: "RSA PRIVATE KEY", der: der + [1]),
            "-----BEGIN RSA PRIVATE KEY-----\n\(body)!\n-----END RSA PRIVATE KEY-----\n",
        ]
        for pem in inputs {
            let error = #expect(throws: KeyFormatError.self) { try RSAPrivateKey(pem: pem) }
            #expect(try #require(error).description.contains(body.prefix(16)) == false)
        }
    }
}

extension RSAKeyComponents {
    /// Each integer without leading zero bytes (RSAKeyComponents allows them), for comparing numbers.
    fileprivate var withoutLeadingZeros: [[UInt8]] {
        [modulus, publicExponent, privateExponent, prime1, prime2, exponent1, exponent2, coefficient].map {
            Array($0.drop { $0 == 0 })
        }
    }
}
