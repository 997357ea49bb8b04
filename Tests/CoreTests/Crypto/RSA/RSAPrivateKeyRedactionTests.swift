import Testing
@testable import Core

@Suite struct RSAPrivateKeyRedactionTests {
    /// Every way Swift turns a value into text shows the size, never a secret number.
    @Test func printingAKeyRevealsNoSecretNumber() throws {
        let vectors = try Vectors.json("rfc7515-a2")
        let key = try RSAPrivateKey(pem: try #require(vectors["private_key_pkcs1_pem"] as? String))
        var dumped = ""
        dump(key, to: &dumped)
        var dumpedComponents = ""
        dump(key.components, to: &dumpedComponents)
        let renderings = [
            "\(key)", String(describing: key), String(reflecting: key), dumped,
            "\(key.components)", String(reflecting: key.components), dumpedComponents,
        ]
        // The private exponent's and the primes' leading bytes, as decimal byte lists would show them.
        let secrets = [key.components.privateExponent, key.components.prime1, key.components.prime2]
        for text in renderings {
            #expect(text.contains("redacted") || text.contains("bitCount") || text.contains("modulusByteCount"))
            for secret in secrets {
                #expect(!text.contains(secret.prefix(4).map(String.init).joined(separator: ", ")))
                #expect(!text.contains(Array(secret.prefix(4)).hex))
            }
            #expect(!text.contains("privateExponent"))
        }
    }
}
