import Testing
@testable import Core

/// FIPS 180-4 examples and NIST CAVP SHA256ShortMsg / SHA256LongMsg samples, plus `openssl dgst` on random input.
@Suite struct SHA256Tests {
    @Test(arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
         "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
        ("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
         "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"),
    ])
    func fipsExamples(message: String, digest: String) {
        #expect(SHA256.hash(message).hex == digest)
    }

    /// NIST CAVP SHA256ShortMsg.rsp, a selection (1, 2, 4, 5 and 64 bytes).
    @Test(arguments: [
        ("d3", "28969cdfa74a12c82f3bad960b0b000aca2ac329deea5c2328ebc6f2ba9802c1"),
        ("11af", "5ca7133fa735326081558ac312c620eeca9970d1e70a4b95533d956f072d1f98"),
        ("74ba2521", "b16aa56be3880d18cd41e68384cf1ec8c17680c45a02b1575dc1518923ae8b0e"),
        ("c299209682", "f0887fe961c9cd3beab957e8222494abb969b1ce4c6557976df8b0f6d20e9166"),
        ("5a86b737eaea8ee976a0a24da63e7ed7eefad18a101c1211e2b3650c5187c2a8a650547208251f6d4237e661c7bf4c77f335390394c37fa1a9f9be836ac28509",
         "42e61e174fbb3897d6dd6cef3dd2802fe67b331953b06114a65c772859dfc1aa"),
    ])
    func nistShortMessages(messageHex: String, digest: String) throws {
        let message = try #require([UInt8](hex: messageHex))
        #expect(SHA256.hash(message).hex == digest)
    }

    /// NIST CAVP SHA256LongMsg.rsp, its first two messages (Len = 1304 and 2096 bits): several blocks each, with the
    /// padding falling at different offsets of the last block.
    @Test(arguments: [
        (SHA256Tests.long1Message, "3c593aa539fdcdae516cdf2f15000f6634185c88f505b39775fb9ab137a10aa2"),
        (SHA256Tests.long2Message, "46500b6ae1ab40bde097ef168b0f3199049b55545a1588792d39d594f493dca7"),
    ])
    func nistLongMessages(messageHex: String, digest: String) throws {
        let message = try #require([UInt8](hex: messageHex))
        #expect(message.count * 8 == (messageHex == Self.long1Message ? 1304 : 2096))
        #expect(SHA256.hash(message).hex == digest)
    }

    static let long1Message =
        "451101250ec6f26652249d59dc974b7361d571a8101cdfd36aba3b5854d3ae086b5fdd4597721b66e3c0dc5d8c606d9657d0e323283a5217d1f53f2f284f57b85c8a61ac8924711f895c5ed90ef17745ed2d728abd22a5f7a13479a462d71b56c19a74a40b655c58edfe0a188ad2cf46cbf30524f65d423c837dd1ff2bf462ac4198007345bb44dbb7b1c861298cdf61982a833afc728fae1eda2f87aa2c9480858bec"
    static let long2Message =
        "6b918fb1a5ad1f9c5e5dbdf10a93a9c8f6bca89f37e79c9fe12a57227941b173ac79d8d440cde8c64c4ebc84a4c803d198a296f3de060900cc427f58ca6ec373084f95dd6c7c427ecfbf781f68be572a88dbcbb188581ab200bfb99a3a816407e7dd6dd21003554d4f7a99c93ebfce5c302ff0e11f26f83fe669acefb0c1bbb8b1e909bd14aa48ba3445c88b0e1190eef765ad898ab8ca2fe507015f1578f10dce3c11a55fb9434ee6e9ad6cc0fdc4684447a9b3b156b908646360f24fec2d8fa69e2c93db78708fcd2eef743dcb9353819b8d667c48ed54cd436fb1476598c4a1d7028e6f2ff50751db36ab6bc32435152a00abd3d58d9a8770d9a3e52d5a3628ae3c9e0325"

    /// FIPS 180-4 / NIST example: one million repetitions of "a".
    @Test func millionAs() {
        var hasher = SHA256()
        let chunk = [UInt8](repeating: 0x61, count: 1000)
        for _ in 0..<1000 { hasher.update(chunk) }
        #expect(hasher.finalize().hex == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    /// Feeding the same bytes in uneven pieces gives the digest of the whole.
    @Test func incrementalUpdatesMatchOneShot() {
        var generator = SystemRandomNumberGenerator()
        let message = (0..<1000).map { _ in UInt8.random(in: 0...255, using: &generator) }
        var hasher = SHA256()
        var index = 0
        for size in [0, 1, 63, 64, 65, 3, 127, 200] + Array(repeating: 59, count: 20) where index < message.count {
            let end = min(index + size, message.count)
            hasher.update(message[index..<end])
            index = end
        }
        hasher.update(message[index...])
        #expect(hasher.finalize() == SHA256.hash(message))
    }

    @Test(arguments: [0, 1, 55, 56, 63, 64, 65, 119, 120, 1000, 65_537])
    func matchesOpenSSL(length: Int) async throws {
        var generator = SystemRandomNumberGenerator()
        let message = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let output = try await OpenSSL.run(["dgst", "-sha256", "-binary"], input: message)
        #expect(SHA256.hash(message) == output)
    }
}

extension SHA256Tests {
    /// The digest value and the byte form agree, and equal digests are equal values with equal hashes.
    @Test func digestWordsAreTheBigEndianBytes() {
        let digest = SHA256.digest(Array("abc".utf8))
        #expect(digest.bytes.hex == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(digest.words.0 == 0xba78_16bf && digest.words.7 == 0xf200_15ad)
        #expect(digest == SHA256.digest("abc".utf8))
        #expect(digest.hashValue == SHA256.digest("abc".utf8).hashValue)
        #expect(digest != SHA256.digest("abd".utf8))
    }

    /// Every message length across three blocks, one-shot and fed a byte at a time, against openssl.
    @Test func everyLengthUpTo200MatchesOpenSSL() async throws {
        var generator = SystemRandomNumberGenerator()
        let message = (0..<200).map { _ in UInt8.random(in: 0...255, using: &generator) }
        var expected = [[UInt8]]()
        for length in 0...200 {
            expected.append(try await OpenSSL.run(["dgst", "-sha256", "-binary"], input: Array(message[0..<length])))
        }
        for length in 0...200 {
            var bytewise = SHA256()
            for byte in message[0..<length] { bytewise.update(CollectionOfOne(byte)) }
            #expect(SHA256.hash(message[0..<length]) == expected[length], "length \(length)")
            #expect(bytewise.finalize() == expected[length], "length \(length), byte by byte")
        }
    }
}

extension SHA256Tests {
    @Test func theHexFormIsTheSixtyFourLowercaseDigitsOfTheBytes() {
        // FIPS 180-4 example "abc".
        #expect(SHA256.digest("abc".utf8).hex == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }
}
