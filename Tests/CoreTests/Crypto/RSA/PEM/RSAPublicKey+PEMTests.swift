import Foundation
import Testing
import TestSupport

@testable import Core

@Suite(.cpuBound) struct RSAPublicKeyPEMTests {
    @Test(arguments: try RSAKeyDERTests.keyCases())
    func spkiPEMWritesBackOpenSSLsTextExactly(key: RSAKeyDERTests.KeyCase) throws {
        let publicKey = try RSAPublicKey(pem: key.spkiPEM)
        #expect(publicKey.spkiPEM == key.spkiPEM)
        #expect(publicKey.modulusBitCount == (try RSAPrivateKey(pem: key.pkcs1PEM)).publicKey.modulusBitCount)
    }

    @Test func pkcs1PublicKeyReadsLikeSPKI() async throws {
        let key = try #require(try RSAKeyDERTests.keyCases().first)
        let pkcs1 = try await OpenSSL.run(
            ["rsa", "-pubin", "-in", "/dev/stdin", "-RSAPublicKey_out"], input: Array(key.spkiPEM.utf8))
        let text = String(decoding: pkcs1, as: UTF8.self)
        #expect(text.hasPrefix("-----BEGIN RSA PUBLIC KEY-----"))
        let publicKey = try RSAPublicKey(pem: text)
        #expect(publicKey == (try RSAPublicKey(pem: key.spkiPEM)))
        #expect(publicKey.pkcs1PEM == text)
    }

    /// Our signatures over fresh messages, checked by OpenSSL with the public key as we write it.
    @Test(arguments: try RSAKeyDERTests.keyCases())
    func openSSLVerifiesOurSignaturesWithOurSPKI(key: RSAKeyDERTests.KeyCase) async throws {
        let privateKey = try RSAPrivateKey(pem: key.pkcs1PEM)
        let directory = try OpenSSL.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let publicPath = directory.appendingPathComponent("pub.pem")
        let signaturePath = directory.appendingPathComponent("sig.bin")
        try Data(privateKey.publicKey.spkiPEM.utf8).write(to: publicPath)
        let message = Array("fresh message \(UUID().uuidString)".utf8)
        try Data(try privateKey.signPKCS1v15SHA256(message: message)).write(to: signaturePath)
        let output = try await OpenSSL.run(
            ["dgst", "-sha256", "-verify", publicPath.path, "-signature", signaturePath.path], input: message)
        #expect(String(decoding: output, as: UTF8.self).contains("Verified OK"))
    }

    @Test func privateKeyPEMIsRefusedAsWrongLabel() throws {
        let key = try #require(try RSAKeyDERTests.keyCases().first)
        #expect(
            throws: KeyFormatError.wrongLabel(found: "RSA PRIVATE KEY", expected: ["PUBLIC KEY", "RSA PUBLIC KEY"])
        ) {
            try RSAPublicKey(pem: key.pkcs1PEM)
        }
    }

    @Test func ecPublicKeyIsRefusedAsNotRSA() async throws {
        let privatePEM = try await OpenSSL.run(["genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256"])
        let publicPEM = try await OpenSSL.run(["pkey", "-in", "/dev/stdin", "-pubout"], input: privatePEM)
        #expect(throws: KeyFormatError.notRSAKey(algorithm: "1.2.840.10045.2.1 (EC public key)")) {
            try RSAPublicKey(pem: String(decoding: publicPEM, as: UTF8.self))
        }
    }

    @Test func truncatedPublicKeyIsRefused() throws {
        let key = try #require(try RSAKeyDERTests.keyCases().first)
        let der = try PEM.decode(key.spkiPEM, expectedLabels: ["PUBLIC KEY"]).der
        #expect(throws: KeyFormatError.truncated) {
            try RSAPublicKey(pem: PEM.encode(label: "PUBLIC KEY", der: Array(der.dropLast())))
        }
    }
}
