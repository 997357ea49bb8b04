import Foundation
import Testing

@testable import Core

@Suite struct RSAKeyDERTests {
    struct KeyCase: Sendable, CustomStringConvertible {
        let name: String
        let pkcs1PEM: String
        let pkcs8PEM: String
        let spkiPEM: String
        var description: String { name }
    }

    static func keyCases() throws -> [KeyCase] {
        let cases = try #require(try Vectors.json("openssl-rs256")["cases"] as? [[String: Any]])
        return try cases.map {
            KeyCase(
                name: try #require($0["name"] as? String),
                pkcs1PEM: try #require($0["private_key_pkcs1_pem"] as? String),
                pkcs8PEM: try #require($0["private_key_pkcs8_pem"] as? String),
                spkiPEM: try #require($0["public_key_spki_pem"] as? String))
        }
    }

    private func der(_ pem: String) throws -> [UInt8] {
        try PEM.decode(pem, expectedLabels: ["RSA PRIVATE KEY", "PRIVATE KEY", "PUBLIC KEY", "RSA PUBLIC KEY"]).der
    }

    @Test(arguments: try keyCases())
    func pkcs1AndPKCS8GiveTheSameNumbersAndPKCS1WritesBackByteForByte(key: KeyCase) throws {
        let pkcs1 = try der(key.pkcs1PEM)
        let fromPKCS1 = try RSAKeyDER.parsePKCS1PrivateKey(pkcs1)
        let fromPKCS8 = try RSAKeyDER.parsePKCS8PrivateKey(try der(key.pkcs8PEM))
        #expect(fromPKCS1 == fromPKCS8)
        #expect(fromPKCS1.publicExponent == [0x01, 0x00, 0x01])
        #expect(RSAKeyDER.pkcs1PrivateKey(fromPKCS1) == pkcs1)
    }

    @Test(arguments: try keyCases())
    func spkiReadsTheSameNumbersAndWritesBackByteForByte(key: KeyCase) throws {
        let spki = try der(key.spkiPEM)
        let numbers = try RSAKeyDER.parseSubjectPublicKeyInfo(spki)
        let privateNumbers = try RSAKeyDER.parsePKCS1PrivateKey(try der(key.pkcs1PEM))
        #expect(numbers.modulus == privateNumbers.modulus)
        #expect(numbers.publicExponent == privateNumbers.publicExponent)
        #expect(RSAKeyDER.subjectPublicKeyInfo(numbers) == spki)
        #expect(try RSAKeyDER.parsePKCS1PublicKey(RSAKeyDER.pkcs1PublicKey(numbers)) == numbers)
    }

    @Test func pkcs1PublicKeyMatchesOpenSSL() async throws {
        let key = try #require(try Self.keyCases().first)
        let openssl = try await OpenSSL.run(
            ["rsa", "-pubin", "-in", "/dev/stdin", "-RSAPublicKey_out", "-outform", "DER"],
            input: Array(key.spkiPEM.utf8))
        let numbers = try RSAKeyDER.parseSubjectPublicKeyInfo(try der(key.spkiPEM))
        #expect(RSAKeyDER.pkcs1PublicKey(numbers) == openssl)
    }

    @Test func pkcs8WithAbsentParametersIsAccepted() throws {
        let key = try #require(try Self.keyCases().first)
        let components = try RSAKeyDER.parsePKCS1PrivateKey(try der(key.pkcs1PEM))
        var writer = DERWriter()
        writer.writeSequence { info in
            info.writeUnsignedInteger([0])
            info.writeSequence { $0.writeObjectIdentifier(.rsaEncryption) }
            info.writeOctetString(RSAKeyDER.pkcs1PrivateKey(components))
        }
        #expect(try RSAKeyDER.parsePKCS8PrivateKey(writer.bytes) == components)
    }

    @Test func multiPrimeVersionIsRefused() throws {
        let key = try #require(try Self.keyCases().first)
        var pkcs1 = try der(key.pkcs1PEM)
        // 30 82 04 a3 | 02 01 00: the version byte is at offset 6.
        #expect(pkcs1[6] == 0)
        pkcs1[6] = 1
        #expect(throws: KeyFormatError.unsupportedVersion(1)) { try RSAKeyDER.parsePKCS1PrivateKey(pkcs1) }
    }

    @Test func ecPKCS8KeyIsRefusedNamingItsAlgorithm() async throws {
        let pem = try await OpenSSL.run(["genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256"])
        let der = try PEM.decode(String(decoding: pem, as: UTF8.self), expectedLabels: ["PRIVATE KEY"]).der
        #expect(throws: KeyFormatError.notRSAKey(algorithm: "1.2.840.10045.2.1 (EC public key)")) {
            try RSAKeyDER.parsePKCS8PrivateKey(der)
        }
    }
}
