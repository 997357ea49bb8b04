import Foundation
import Testing
import TestSupport
@testable import Core

/// The RFC 7515 Appendix A.2 key and signature, as data.
enum RFC7515A2 {
    static func components() throws -> RSAKeyComponents {
        let vector = try Vectors.json("rfc7515-a2")
        let jwk = try #require(vector["jwk"] as? [String: String])
        func field(_ name: String) throws -> [UInt8] {
            try Base64URL.decode(try #require(jwk[name], "jwk field \(name)"))
        }
        return RSAKeyComponents(
            modulus: try field("n"), publicExponent: try field("e"), privateExponent: try field("d"),
            prime1: try field("p"), prime2: try field("q"), exponent1: try field("dp"), exponent2: try field("dq"),
            coefficient: try field("qi"))
    }

    static func signingInput() throws -> [UInt8] {
        Array(try #require(try Vectors.json("rfc7515-a2")["signing_input"] as? String).utf8)
    }

    static func signature() throws -> [UInt8] {
        try Base64URL.decode(try #require(try Vectors.json("rfc7515-a2")["signature_b64url"] as? String))
    }
}

@Suite(.cpuBound) struct RSAPrivateKeyTests {
    @Test func signsTheRFC7515AppendixA2ExampleByteForByte() throws {
        let key = try RSAPrivateKey(components: RFC7515A2.components())
        let signature = try key.signPKCS1v15SHA256(message: RFC7515A2.signingInput())
        #expect(signature == (try RFC7515A2.signature()))
        #expect(key.publicKey.modulusBitCount == 2048)
    }

    @Test func digestAndMessageVariantsAgree() throws {
        let key = try RSAPrivateKey(components: RFC7515A2.components())
        let input = try RFC7515A2.signingInput()
        #expect(try key.signPKCS1v15SHA256(digest: SHA256.hash(input)) == key.signPKCS1v15SHA256(message: input))
    }

    @Test func rejectsADigestThatIsNot32Bytes() throws {
        let key = try RSAPrivateKey(components: RFC7515A2.components())
        #expect(throws: RSAError.invalidDigestLength(31)) {
            try key.signPKCS1v15SHA256(digest: [UInt8](repeating: 1, count: 31))
        }
    }

    @Test func acceptsLeadingZeroBytesInEveryComponent() throws {
        var components = try RFC7515A2.components()
        components.modulus = [0, 0] + components.modulus
        components.publicExponent = [0] + components.publicExponent
        components.privateExponent = [0] + components.privateExponent
        components.prime1 = [0] + components.prime1
        components.prime2 = [0, 0, 0] + components.prime2
        components.exponent1 = [0] + components.exponent1
        components.exponent2 = [0] + components.exponent2
        components.coefficient = [0] + components.coefficient
        let key = try RSAPrivateKey(components: components)
        #expect(try key.signPKCS1v15SHA256(message: RFC7515A2.signingInput()) == RFC7515A2.signature())
        #expect(key.publicKey.modulusBytes.count == 256)
    }

    @Test func faultInOneCRTHalfIsCaughtByVerifyAfterSign() throws {
        let key = try RSAPrivateKey(components: RFC7515A2.components())
        let digest = SHA256.hash(try RFC7515A2.signingInput())
        #expect(throws: RSAError.faultDetected) {
            try key.signPKCS1v15SHA256(digest: digest, fault: .flipBitOfFirstHalf)
        }
        // Without the fault the same path signs.
        #expect(try key.signPKCS1v15SHA256(digest: digest, fault: nil) == RFC7515A2.signature())
    }

    // MARK: Consistency checks, one typed error each

    /// Adds one to the big-endian integer in `bytes` (for the low end of a key component, which changes it by a
    /// small amount that every check must notice).
    private static func incremented(_ bytes: [UInt8], by amount: UInt8 = 2) -> [UInt8] {
        var result = bytes
        var carry = UInt16(amount)
        for index in result.indices.reversed() where carry != 0 {
            let sum = UInt16(result[index]) + carry
            result[index] = UInt8(sum & 0xFF)
            carry = sum >> 8
        }
        return result
    }

    @Test func wrongPrivateExponentIsRejected() throws {
        var components = try RFC7515A2.components()
        components.privateExponent = Self.incremented(components.privateExponent)
        #expect(throws: RSAError.privateExponentMismatch) { try RSAPrivateKey(components: components) }
    }

    @Test func wrongExponent1IsRejected() throws {
        var components = try RFC7515A2.components()
        components.exponent1 = Self.incremented(components.exponent1)
        #expect(throws: RSAError.exponent1Mismatch) { try RSAPrivateKey(components: components) }
    }

    @Test func wrongExponent2IsRejected() throws {
        var components = try RFC7515A2.components()
        components.exponent2 = Self.incremented(components.exponent2)
        #expect(throws: RSAError.exponent2Mismatch) { try RSAPrivateKey(components: components) }
    }

    @Test func wrongCoefficientIsRejected() throws {
        var components = try RFC7515A2.components()
        components.coefficient = Self.incremented(components.coefficient)
        #expect(throws: RSAError.coefficientMismatch) { try RSAPrivateKey(components: components) }
    }

    @Test func modulusThatIsNotTheProductOfThePrimesIsRejected() throws {
        var components = try RFC7515A2.components()
        components.modulus = Self.incremented(components.modulus)
        #expect(throws: RSAError.modulusMismatch) { try RSAPrivateKey(components: components) }
    }

    @Test func swappedPrimesFailTheCoefficientCheck() throws {
        var components = try RFC7515A2.components()
        swap(&components.prime1, &components.prime2)
        swap(&components.exponent1, &components.exponent2)
        #expect(throws: RSAError.coefficientMismatch) { try RSAPrivateKey(components: components) }
    }

    @Test func evenPublicExponentIsRejected() throws {
        var components = try RFC7515A2.components()
        components.publicExponent = [0x01, 0x00, 0x00]
        #expect(throws: RSAError.invalidPublicExponent) { try RSAPrivateKey(components: components) }
    }

    @Test func publicExponentOfOneIsRejected() throws {
        var components = try RFC7515A2.components()
        components.publicExponent = [0x01]
        #expect(throws: RSAError.invalidPublicExponent) { try RSAPrivateKey(components: components) }
    }

    /// A consistent 1024-bit key (made with `openssl genrsa 1024`) is refused for its size alone.
    @Test func keyUnder2048BitsIsRejectedWithItsSize() throws {
        let components = RSAKeyComponents(
            modulus: Array(hex: Self.small1024.n)!, publicExponent: [1, 0, 1],
            privateExponent: Array(hex: Self.small1024.d)!, prime1: Array(hex: Self.small1024.p)!,
            prime2: Array(hex: Self.small1024.q)!, exponent1: Array(hex: Self.small1024.dp)!,
            exponent2: Array(hex: Self.small1024.dq)!, coefficient: Array(hex: Self.small1024.qi)!)
        #expect(throws: RSAError.keyTooSmall(bitCount: 1024)) { try RSAPrivateKey(components: components) }
        #expect(RSAError.keyTooSmall(bitCount: 1024).description.contains("2048"))
    }

    @Test func errorDescriptionsNameTheComponentAndNeverItsValue() throws {
        let components = try RFC7515A2.components()
        let errors: [RSAError] = [
            .privateExponentMismatch, .exponent1Mismatch, .exponent2Mismatch, .coefficientMismatch, .modulusMismatch,
            .faultDetected,
        ]
        let hexOfSecrets = [components.privateExponent, components.prime1, components.prime2].map { $0.hex }
        for error in errors {
            for secret in hexOfSecrets {
                #expect(!error.description.contains(String(secret.prefix(8))))
            }
        }
        #expect(RSAError.exponent1Mismatch.description.contains("dP"))
        #expect(RSAError.coefficientMismatch.description.contains("qInv"))
    }

    /// A 1024-bit key from `openssl genrsa 1024` (test data only).
    private static let small1024 = (
        n: "00eae8702503fd087c879ef0901d9af09555095f4c9f15836246e5e975e85330cf57bc8ec7b1fff507acb9395fc121f90d092a338da96654b237d8c4cc864fe6839aad110e37df77b7ef07b228aea2949025931daea9b46722781f46d4915b02571f9b94a2354854cd1563b004edfb5b8e8274fc3d3109c385956b682aa0989c79",
        d: "00b21d244b2cc703544910fe9e87941faf5b170c2770c84322955766b97c3af7db7f4efd83f5377a7723441e78b85c2616f8480366fa7718e938e727f15c35e1359c779d1fb12fe92fa64377893707682caf89cb38bd9416bda7505e720baada0f80a387d5dbd57b985bd1582baed4d279e1acf330c173850b928f58894e06f401",
        p: "00f9505313757380b85f3b3de5d7e330e2335a3b078f01f3928da723b709e43f9b9b63ce46f27fcd6dda9912202e952e650b57286e5ff610269c9618581d024a21",
        q: "00f13535b59c7c854556f2db3071baacab34f9d5a2ffd78ad1848ebbe1fc1d7b85fc816bed13c8438b899ff5e13fe6c1c9305bb9e56b51877b9e2088234267f759",
        dp: "7b9bdca4a02df51af4745ddb102f9f33f77bfc1a6247f868a7fcbf5367ff179e61eb99014a081d6522e593bc0afc81f52d2b386b88fe69c18b0f4be09bf95fa1",
        dq: "5de85467c76be74aeea61056150113767862881d34b40af4b54208bddbb4f2c1606456cb6f3739acdac0ef2e69fd8216bd000928db965b43f27541eb50503fc9",
        qi: "07c75b0c91fbf882671ce2b0e412c028742a6ced69f14acbf588a25927f0418d1d68fd26eb1106ef9768f79842a714c47328e276d4f0cccd388cd2cc239eae5d"
    )
}

/// The OpenSSL-made keys of `Vectors/openssl-rs256.json`, read without our own PEM code: `openssl rsa -text`
/// prints each integer in hex, which is parsed here.
enum OpenSSLVectorKeys {
    struct Case {
        let components: RSAKeyComponents
        let signatures: [(message: [UInt8], signature: [UInt8])]
    }

    static func load(_ name: String) async throws -> Case {
        let cases = try #require(try Vectors.json("openssl-rs256")["cases"] as? [[String: Any]])
        let entry = try #require(cases.first { $0["name"] as? String == name })
        let pem = try #require(entry["private_key_pkcs1_pem"] as? String)
        let text = String(decoding: try await OpenSSL.run(["rsa", "-text", "-noout"], input: Array(pem.utf8)), as: UTF8.self)
        func field(_ label: String) throws -> [UInt8] {
            var hex = "", collecting = false
            for line in text.split(separator: "\n") {
                if line.hasPrefix(label + ":") {
                    collecting = true
                    let rest = line.dropFirst(label.count + 1).trimmingCharacters(in: .whitespaces)
                    if let open = rest.firstIndex(of: "("), let close = rest.firstIndex(of: ")") {  // "65537 (0x10001)"
                        hex = String(rest[rest.index(open, offsetBy: 3)..<close])
                        if hex.count % 2 == 1 { hex = "0" + hex }
                        break
                    }
                } else if collecting {
                    guard line.hasPrefix(" ") else { break }
                    hex += line.filter { $0 != ":" && $0 != " " }
                }
            }
            return try #require(Array(hex: hex), "field \(label)")
        }
        let components = RSAKeyComponents(
            modulus: try field("modulus"), publicExponent: try field("publicExponent"),
            privateExponent: try field("privateExponent"), prime1: try field("prime1"), prime2: try field("prime2"),
            exponent1: try field("exponent1"), exponent2: try field("exponent2"), coefficient: try field("coefficient"))
        let signatures = try #require(entry["signatures"] as? [[String: String]]).map { signature in
            (Array(signature["message_utf8"]!.utf8), try Base64URL.decode(signature["signature_b64url"]!))
        }
        return Case(components: components, signatures: signatures)
    }
}

@Suite(.cpuBound) struct RSAPrivateKeyOpenSSLVectorTests {
    /// Deterministic PKCS#1 v1.5 signatures must equal OpenSSL's byte for byte at every size.
    @Test(arguments: ["rsa2048", "rsa3072", "rsa4096"])
    func signaturesMatchOpenSSLByteForByte(name: String) async throws {
        let vector = try await OpenSSLVectorKeys.load(name)
        let key = try RSAPrivateKey(components: vector.components)
        #expect(!vector.signatures.isEmpty)
        for (message, signature) in vector.signatures {
            #expect(try key.signPKCS1v15SHA256(message: message) == signature)
            #expect(key.publicKey.isValidPKCS1v15SHA256Signature(signature, message: message))
        }
    }
}
